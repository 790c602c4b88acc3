/**
 * End to end through the public gateway only (JWTs, real Kafka + FerretDB, every service in-process): an
 * admin registers the banks and enterprises, then each bank posts its day of loan and pledge events with
 * `POST /v1/loan-events` (an Idempotency-Key each), and the banks, the enterprises and a regulator read
 * the re-lending claims and applications, the subsidies, the loans and the pledges back (DOMAIN.md §4–7).
 *
 * The fixtures are those of services/relending/src/relending.int.test.ts (BANKA's day, 2025-01-10; its
 * comments carry the claim and application arithmetic) and services/subsidy/src/subsidy.int.test.ts (its
 * loans are posted here by BANKB, which is not re-lending eligible — subsidies do not depend on the bank;
 * its comments carry the subsidy arithmetic). As of RELENDING_AS_OF 2025-01-15 and SUBSIDY_AS_OF 2025-01-01.
 *
 * Registry. BANKA eligible, quota 1,000万元 (1,000,000,000 fen); BANKB not eligible, quota 0.
 *   Re-lending enterprises (6501): R1 HTE, R2 TSME (both from 2023-01-01), R3 no designation.
 *   Subsidy enterprises (6502): S1e HTE, S2e TSME, S4e LITTLE_GIANT (from 2023-01-01), S3e no designation.
 *
 * BANKA's day (rate 350 bp, credit): L1 R1 800,000,000 2024-03-15..2025-03-15, an over-repayment of
 *   800,000,001 on 2024-03-20 (refused: EXCEEDS_BALANCE); L2 R2 500,000,001 2024-04-06; L3 R2 500,000,001
 *   2024-04-07; L4 R1 1,000,000,000 2024-05-15..2024-11-14; L5 R1 900,000,000 2024-06-01, repaid in full on
 *   2024-06-28 — that repayment posted FIRST in the batch, before its disbursement (parked, applied later);
 *   L6 R1 1,000,000,000 2024-09-30; L7 R3 300,000,000 2024-08-01; L9 R1 100,000,000 2024-12-20.
 * BANKB's day: L8 R1 300,000,000 2024-08-01 (relending fixture) and the subsidy fixture S1..S8, T1, T2
 *   with pledges P1 (S7) and P2 (S8), S8's 100万元 repayment posted first (parked, applied later).
 *
 * Re-lending (relending.int.test.ts): claims of BANKA L1 480,000,000 (2024Q1, version 2022), L3 300,000,001
 *   and L5 540,000,000 (2024Q2), L6 600,000,000 (Q3), L9 60,000,000 (Q4); applications 480,000,000 /
 *   300,000,001 / 219,999,999 / 0 with interest 8,516,667 / 5,322,917 / 3,903,472 / 0 = 17,743,056.
 *   BANKB's 11 loans (L8 + the 10 subsidy loans) are all BANK_NOT_ELIGIBLE (checked first), so the
 *   summary's ineligible loans are DESIGNATION_NOT_ELIGIBLE 2 (L2, L7), TERM_TOO_SHORT 1 (L4), BANK_NOT_ELIGIBLE 11.
 *
 * Subsidies (subsidy.int.test.ts) of S1e, S2e, S4e unchanged; its summary was gross 75,943,959, subsidy
 *   68,392,639 (payable 1,322,500), fees 1,150,001. The re-lending loans add (LPR on the disbursement date
 *   345 bp before 2024-07-22, 335 from then, both < the loan rate 350; basis = balance × LPR × days /
 *   3,600,000 half-up, subsidy = 50% half-up; days before 2025-01-01):
 *   R1 (first 3 eligible loans by disbursement date subsidised, then over the loan limit; cap 50万元 not reached):
 *     L1 800,000,000 × 345 × 292 = 80,592,000,000,000 → 22,386,666.7 → 22,386,667 → 11,193,333.5 → 11,193,334
 *     L4 1,000,000,000 × 345 × 231 = 79,695,000,000,000 → 22,137,500 → 11,068,750 (accrues past maturity: unrepaid)
 *     L5 900,000,000 × 345 × 27 (06-01..06-28) = 8,383,500,000,000 → 2,328,750 → 1,164,375, payable
 *     L8 300,000,000 × 335 × 153 = 15,376,500,000,000 → 4,271,250 → gross 2,135,625, rank 4 → 0
 *     L6 1,000,000,000 × 335 × 93 = 31,155,000,000,000 → 8,654,166.7 → 8,654,167 → gross 4,327,083.5 → 4,327,084, rank 5 → 0
 *     L9 100,000,000 < 200万元 → PRINCIPAL_OUT_OF_RANGE
 *     → gross 29,889,168; subsidy 11,193,334 + 11,068,750 + 1,164,375 = 23,426,459 (payable 1,164,375)
 *   R2: L2 500,000,001 × 345 × 270 = 46,575,000,093,150 → 12,937,500.03 → 12,937,500 → 6,468,750
 *       L3 500,000,001 × 345 × 269 = 46,402,500,092,805 → 12,889,583.36 → 12,889,583 → 6,444,791.5 → 6,444,792
 *     → 12,913,542
 *   R3: L7 → NOT_DESIGNATED.
 *   Summary: enterprises 3 + 2 = 5; gross 75,943,959 + 29,889,168 + 12,913,542 = 118,746,669;
 *   subsidy 68,392,639 + 23,426,459 + 12,913,542 = 104,732,640; payable 1,322,500 + 1,164,375 = 2,486,875;
 *   accruing 104,732,640 − 2,486,875 = 102,245,765; subsidised loans 5 + 3 + 2 = 10; capped loan-years 2;
 *   over the loan limit 1 + 2 = 3; forfeited 1; ineligible PRINCIPAL_OUT_OF_RANGE 2 (S5, L9), NOT_DESIGNATED
 *   2 (S6, L7); fees 1,150,001; total 104,732,640 + 1,150,001 = 105,882,641 fen = 1,058,826.41元.
 */
import { randomUUID } from 'node:crypto';
import { Topics } from '@techcredit/contracts';
import type { Principal } from '@techcredit/auth';
import { makeUscc } from '@techcredit/reference';
import { startPlatform, testNamespace, type Platform } from '@techcredit/testkit';
import { eventually, gatewayClient, topicMessageCount, type GatewayClient, type Json } from './e2e-helpers';

const [R1, R2, R3] = [920_001, 920_002, 920_003].map((n) => makeUscc(n)) as [string, string, string];
const [S1e, S2e, S3e, S4e] = [930_001, 930_002, 930_003, 930_004].map((n) => makeUscc(n)) as [string, string, string, string];

const admin: Principal = { role: 'admin', sub: 'e2e-admin' };
const regulator: Principal = { role: 'regulator', region: '65', sub: 'e2e-regulator' };
const bankA = { role: 'bank', bankId: 'BANKA', sub: 'e2e-banka' } as const satisfies Principal;
const bankB = { role: 'bank', bankId: 'BANKB', sub: 'e2e-bankb' } as const satisfies Principal;
const ent = (enterpriseId: string): Principal => ({ role: 'enterprise', enterpriseId, sub: `e2e-${enterpriseId}` });

interface Item {
  id: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}
const at = (date: string, hour: number) => `${date}T${String(hour).padStart(2, '0')}:00:00+08:00`;
const ev = (type: string, data: Record<string, unknown>, date: string, hour = 10): Item => ({ id: randomUUID(), type, occurredAt: at(date, hour), data });

// ---- BANKA's day (relending.int.test.ts) ----
const DAY_A = '2025-01-10';
const disburse = (day: string, loanId: string, bankId: string, enterpriseId: string, principalFen: number, rateBp: number, disbursedOn: string, maturityOn: string, guaranteeType = 'credit') =>
  ev('loan.disbursed', { loanId, bankId, enterpriseId, principalFen, rateBp, disbursedOn, maturityOn, guaranteeType }, day);
const repay = (day: string, loanId: string, amountFen: number, repaidOn: string) => ev('loan.repaid', { loanId, amountFen, repaidOn }, day, 15);
const a = (loanId: string, e: string, fen: number, on: string, maturity: string) => disburse(DAY_A, loanId, 'BANKA', e, fen, 350, on, maturity);
const bankADay: Item[] = [
  repay(DAY_A, 'L5', 900_000_000, '2024-06-28'), // before its disbursement: parked, applied later
  a('L1', R1, 800_000_000, '2024-03-15', '2025-03-15'),
  repay(DAY_A, 'L1', 800_000_001, '2024-03-20'), // more than the balance: refused
  a('L2', R2, 500_000_001, '2024-04-06', '2025-04-06'),
  a('L3', R2, 500_000_001, '2024-04-07', '2025-04-07'),
  a('L4', R1, 1_000_000_000, '2024-05-15', '2024-11-14'),
  a('L5', R1, 900_000_000, '2024-06-01', '2025-06-01'),
  a('L6', R1, 1_000_000_000, '2024-09-30', '2025-09-30'),
  a('L7', R3, 300_000_000, '2024-08-01', '2025-08-01'),
  a('L9', R1, 100_000_000, '2024-12-20', '2025-12-20'),
];

// ---- BANKB's day: L8, then the subsidy fixture (subsidy.int.test.ts) ----
const DAY_B = '2025-01-02';
const b = (loanId: string, e: string, fen: number, rateBp: number, on: string, kind = 'credit') => disburse(DAY_B, loanId, 'BANKB', e, fen, rateBp, on, '2026-06-30', kind);
const pledge = (pledgeId: string, loanId: string, registeredOn: string, appraisalFeeFen: number, insurancePremiumFen: number) =>
  ev(
    'pledge.registered',
    {
      pledgeId,
      loanId,
      assets: [{ kind: 'invention_patent', registrationNo: 'ZL9', appraisedValueFen: 2_000_000_000, expiresOn: '2040-01-01' }],
      cnipaRegistrationNo: `Y2024${pledgeId}`,
      registeredOn,
      appraisalFeeFen,
      insurancePremiumFen,
    },
    DAY_B,
    11,
  );
const bankBDay: Item[] = [
  repay(DAY_B, 'S8', 100_000_000, '2024-11-10'), // before its disbursement: parked, applied later
  disburse(DAY_B, 'L8', 'BANKB', R1, 300_000_000, 350, '2024-08-01', '2025-08-01'),
  b('S1', S1e, 300_000_000, 400, '2024-07-21'),
  repay(DAY_B, 'S1', 300_000_000, '2024-10-21'),
  b('S2', S1e, 1_000_000_000, 400, '2024-07-22'),
  b('S3', S1e, 3_000_000_000, 300, '2024-11-01'),
  b('S4', S1e, 200_000_000, 400, '2024-12-01'),
  b('S5', S1e, 199_999_999, 400, '2024-08-01'),
  b('S6', S3e, 500_000_000, 400, '2024-08-01'),
  b('S7', S2e, 500_000_000, 400, '2024-09-01', 'ip_pledge'),
  pledge('P1', 'S7', '2024-09-02', 2_000_000, 300_001),
  ev('loan.written_off', { loanId: 'S7', amountFen: 500_000_000, writtenOffOn: '2024-12-01' }, DAY_B, 16),
  b('S8', S2e, 400_000_000, 350, '2024-09-10', 'ip_pledge'),
  pledge('P2', 'S8', '2024-09-11', 9_000_000, 1_000_000),
  repay(DAY_B, 'S8', 400_000_001, '2024-10-01'), // more than the balance: refused
  b('T1', S4e, 3_000_000_000, 400, '2024-01-02'),
  b('T2', S4e, 300_000_000, 400, '2024-02-01'),
];

const KEY_A = `BANKA-${DAY_A}`;
const KEY_B = `BANKB-${DAY_B}`;

describe("a bank's day through the gateway: claims, applications, subsidies, loans, pledges", () => {
  let platform: Platform;
  let gw: GatewayClient;
  const firstAnswers: Record<string, Json> = {};
  const subsidies = (e: string) => gw.read(`/v1/enterprises/${e}/subsidies?year=2024`, ent(e));

  beforeAll(async () => {
    platform = await startPlatform({
      namespace: testNamespace('e2e-bankday'),
      env: { PARK_INLINE_WAIT_MS: '500', RELENDING_AS_OF: '2025-01-15', SUBSIDY_AS_OF: '2025-01-01' },
    });
    gw = gatewayClient(platform);
    await gw.command('/v1/banks', admin, { bankId: 'BANKA', name: '甲银行', relendingEligible: true, relendingQuotaFen: 1_000_000_000 });
    await gw.command('/v1/banks', admin, { bankId: 'BANKB', name: '乙银行', relendingEligible: false, relendingQuotaFen: 0 });
    for (const e of [R1, R2, R3]) await gw.command('/v1/enterprises', admin, { enterpriseId: e, name: `企业${e.slice(-4)}`, prefecture: '6501', zone: null, cluster: null, establishedOn: '2015-05-05' });
    for (const e of [S1e, S2e, S3e, S4e]) await gw.command('/v1/enterprises', admin, { enterpriseId: e, name: `企业${e.slice(-4)}`, prefecture: '6502', zone: null, cluster: null, establishedOn: '2015-05-05' });
    const grants: [string, string][] = [[R1, 'HTE'], [R2, 'TSME'], [S1e, 'HTE'], [S2e, 'TSME'], [S4e, 'LITTLE_GIANT']];
    for (const [e, code] of grants) await gw.command(`/v1/enterprises/${e}/designations`, admin, { code, validFrom: '2023-01-01', validTo: null });

    firstAnswers.A = await gw.command('/v1/loan-events', bankA, { events: bankADay }, { 'idempotency-key': KEY_A });
    firstAnswers.B = await gw.command('/v1/loan-events', bankB, { events: bankBDay }, { 'idempotency-key': KEY_B });
  }, 90_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('accepts each bank’s day as one batch', () => {
    expect(firstAnswers.A).toEqual({ accepted: bankADay.length, correlationId: expect.any(String) });
    expect(firstAnswers.B).toEqual({ accepted: bankBDay.length, correlationId: expect.any(String) });
  });

  it('BANKA reads its re-lending claims and applications by quarter', async () => {
    const q2 = await eventually('BANKA 2024Q2 claims, with L5’s parked repayment applied', () => gw.read('/v1/relending/claims?quarter=2024Q2', bankA), (r) =>
      expect(r.items.map((c: Json) => [c.loanId, c.versionName, c.claimFen, c.balanceAtQuarterEndFen])).toEqual([
        ['L3', '2024', 300_000_001, 500_000_001], // 60% × 500,000,001 = 300,000,000.6 → 300,000,001
        ['L5', '2024', 540_000_000, 0], // repaid in full on 2024-06-28: no balance at the quarter end
      ]),
    );
    // L2 (2024-04-06, version 2022: no TSME) and L4 (6 months minus a day) are ineligible.
    expect(q2).toMatchObject({ bankId: 'BANKA', quarter: '2024Q2', total: 2, claimsFen: 840_000_001, claims: '8400000.01', ineligible: { DESIGNATION_NOT_ELIGIBLE: 1, TERM_TOO_SHORT: 1 } });
    const all = await eventually('all BANKA claims', () => gw.read('/v1/relending/claims', bankA), (r) =>
      expect(r.items.map((c: Json) => [c.loanId, c.quarter, c.claimFen])).toEqual([
        ['L1', '2024Q1', 480_000_000],
        ['L3', '2024Q2', 300_000_001],
        ['L5', '2024Q2', 540_000_000],
        ['L6', '2024Q3', 600_000_000],
        ['L9', '2024Q4', 60_000_000],
      ]),
    );
    expect(all.items[0].balanceAtQuarterEndFen).toBe(800_000_000); // L1's over-repayment was refused

    // 175 bp over 365 days: amount × 175 × 365 / 3,600,000, half-up.
    const row = (x: Json) => [x.quarter, x.applicationDate, x.versionName, x.rate, x.days, x.claimsFen, x.remainingQuotaFen, x.amountFen, x.interestFen];
    const q3 = await gw.read('/v1/relending/applications?quarter=2024Q3', bankA);
    expect(q3.items.map(row)).toEqual([['2024Q3', '2024-10-01', '2024', '1.75', 365, 600_000_000, 219_999_999, 219_999_999, 3_903_472]]);
    const apps = await gw.read('/v1/relending/applications', bankA);
    expect(apps.items.map(row)).toEqual([
      ['2024Q1', '2024-04-01', '2022', '1.75', 365, 480_000_000, 1_000_000_000, 480_000_000, 8_516_667],
      ['2024Q2', '2024-07-01', '2024', '1.75', 365, 300_000_001, 520_000_000, 300_000_001, 5_322_917], // L5 had no balance on 06-30
      ['2024Q3', '2024-10-01', '2024', '1.75', 365, 600_000_000, 219_999_999, 219_999_999, 3_903_472],
      ['2024Q4', '2025-01-01', '2024', '1.75', 365, 60_000_000, 0, 0, 0], // quota used up
    ]);
    expect(apps).toMatchObject({ amountFen: 1_000_000_000, interestFen: 17_743_056, interest: '177430.56' });

    // A bank reads only its own: BANKB's claims are none (not eligible), and asking for BANKA's is 403.
    const bClaims = await eventually('BANKB claims', () => gw.read('/v1/relending/claims', bankB), (r) =>
      expect([r.bankId, r.total, r.ineligible]).toEqual(['BANKB', 0, { BANK_NOT_ELIGIBLE: bankBDay.filter((x) => x.type === 'loan.disbursed').length }]),
    );
    expect(bClaims.ineligible.BANK_NOT_ELIGIBLE).toBe(11);
    expect((await gw.get('/v1/relending/claims?bankId=BANKA', bankB)).status).toBe(403);
  });

  it('the regulator reads the re-lending summary of 2024', async () => {
    const s = await eventually('relending summary', () => gw.read('/v1/relending/summary?year=2024', regulator), (r) =>
      expect(r.ineligibleByReason).toEqual({ DESIGNATION_NOT_ELIGIBLE: 2, TERM_TOO_SHORT: 1, BANK_NOT_ELIGIBLE: 11 }),
    );
    expect(s.banks.map((x: Json) => [x.bankId, x.eligibleLoans, x.claimsFen, x.applications, x.appliedFen, x.interestFen, x.quotaRemainingFen])).toEqual([
      ['BANKA', 5, 1_980_000_001, 4, 1_000_000_000, 17_743_056, 0],
      ['BANKB', 0, 0, 0, 0, 0, 0],
    ]);
    expect(s.byVersion).toEqual({ '2022': { loans: 1, claimsFen: 480_000_000 }, '2024': { loans: 4, claimsFen: 1_500_000_001 } });
    expect(s.totals).toMatchObject({ eligibleLoans: 5, claimsFen: 1_980_000_001, appliedFen: 1_000_000_000, interestFen: 17_743_056, quotaFen: 1_000_000_000 });
    expect((await gw.get('/v1/relending/summary?year=2024', bankA)).status).toBe(403);
  });

  it('each enterprise reads its subsidies of 2024', async () => {
    const loanRow = (l: Json) => [l.loanId, l.state, l.reason ?? null, l.lprBp ?? null, l.effectiveRateBp ?? null, l.yearFen];
    // subsidy.int.test.ts: S1e's first 3 loans, LPR of the disbursement date, paid only after full repayment.
    const s1 = await eventually('S1e subsidies', () => subsidies(S1e), (r) =>
      expect(r.loans.map(loanRow)).toEqual([
        ['S1', 'payable', null, 345, 345, 1_322_500],
        ['S2', 'accruing', null, 335, 335, 7_584_028],
        ['S5', 'ineligible', 'PRINCIPAL_OUT_OF_RANGE', null, null, 0],
        ['S3', 'accruing', null, 310, 300, 7_625_000],
        ['S4', 'accruing', null, 310, 310, 0],
      ]),
    );
    expect(s1.loans[4].years).toEqual([{ year: 2024, days: 31, basisNumerator: '1922000000000', basisFen: 533_889, grossFen: 266_945, subsidyFen: 0, rank: 4, status: 'over_loan_limit' }]);
    expect(s1.interestTotals).toMatchObject({ subsidyFen: 16_531_528, payableFen: 1_322_500, accruingFen: 15_209_028, subsidy: '165315.28' });

    // S8: 61 days at 400万元 + 52 at 300万元 (the parked repayment applied) → 1,861,111; its over-repayment refused.
    const s2 = await eventually('S2e subsidies', () => subsidies(S2e), (r) =>
      expect(r.loans.find((l: Json) => l.loanId === 'S8')).toMatchObject({ state: 'accruing', yearFen: 1_861_111 }),
    );
    expect(s2.loans.find((l: Json) => l.loanId === 'S8').refusals).toEqual([expect.objectContaining({ type: 'loan.repaid', reason: 'EXCEEDS_BALANCE' })]);
    expect(s2.loans.find((l: Json) => l.loanId === 'S7')).toMatchObject({ state: 'forfeited', reason: 'WRITTEN_OFF' });
    // Only the accepted pledge's fees: 50% × 2,000,000 and 50% × 300,001 = 150,000.5 → 150,001.
    expect(s2.fees.pledges.map((p: Json) => [p.pledgeId, p.appraisal.subsidyFen, p.insurance.subsidyFen])).toEqual([['P1', 1_000_000, 150_001]]);
    expect([s2.feeTotals.totalFen, s2.totalFen]).toEqual([1_150_001, 3_011_112]); // 1,861,111 + 1,150,001

    const s4 = await subsidies(S4e); // the 50万元 cap, filled in disbursement order
    expect(s4.loans.map((l: Json) => [l.loanId, l.years[0].grossFen, l.years[0].subsidyFen, l.years[0].status])).toEqual([
      ['T1', 52_468_750, 50_000_000, 'capped'],
      ['T2', 4_815_625, 0, 'capped'],
    ]);

    // R1, borrower of BANKA and BANKB: the first 3 eligible loans of 2024, then over the loan limit.
    const yearRow = (l: Json) => [l.loanId, l.state, l.reason ?? null, l.lprBp ?? null, l.years?.[0]?.days ?? null, l.years?.[0]?.grossFen ?? null, l.yearFen, l.years?.[0]?.status ?? null];
    const r1 = await eventually('R1 subsidies', () => subsidies(R1), (r) =>
      expect(r.loans.map(yearRow)).toEqual([
        ['L1', 'accruing', null, 345, 292, 11_193_334, 11_193_334, 'subsidised'],
        ['L4', 'accruing', null, 345, 231, 11_068_750, 11_068_750, 'subsidised'],
        ['L5', 'payable', null, 345, 27, 1_164_375, 1_164_375, 'subsidised'],
        ['L8', 'accruing', null, 335, 153, 2_135_625, 0, 'over_loan_limit'],
        ['L6', 'accruing', null, 335, 93, 4_327_084, 0, 'over_loan_limit'],
        ['L9', 'ineligible', 'PRINCIPAL_OUT_OF_RANGE', null, null, null, 0, null],
      ]),
    );
    expect(r1.interestTotals).toMatchObject({ grossFen: 29_889_168, subsidyFen: 23_426_459, payableFen: 1_164_375, accruingFen: 22_262_084 });
    expect(r1.loans[0].years[0].basisNumerator).toBe('80592000000000'); // 800,000,000 × 345 × 292
    const r2 = await subsidies(R2);
    expect(r2.loans.map((l: Json) => [l.loanId, l.years[0].basisNumerator, l.years[0].basisFen, l.yearFen])).toEqual([
      ['L2', '46575000093150', 12_937_500, 6_468_750],
      ['L3', '46402500092805', 12_889_583, 6_444_792],
    ]);
    expect((await subsidies(R3)).loans.map((l: Json) => [l.loanId, l.reason])).toEqual([['L7', 'NOT_DESIGNATED']]);

    // Scope: an enterprise reads only its own; a prefecture regulator only its prefecture's.
    expect((await gw.get(`/v1/enterprises/${S1e}/subsidies?year=2024`, ent(R1))).status).toBe(403);
    const reg6502: Principal = { role: 'regulator', region: '6502', sub: 'e2e-reg-6502' };
    expect((await gw.read(`/v1/enterprises/${S4e}/subsidies?year=2024`, reg6502)).totalFen).toBe(50_000_000);
    expect((await gw.get(`/v1/enterprises/${R1}/subsidies?year=2024`, reg6502)).status).toBe(403);
  });

  it('the regulator reads the subsidy summary of 2024', async () => {
    await eventually('subsidy summary', () => gw.read('/v1/subsidies/summary?year=2024', regulator), (r) =>
      expect(r).toMatchObject({
        year: 2024,
        asOf: '2025-01-01',
        enterprises: 5,
        interest: {
          grossFen: 118_746_669,
          subsidyFen: 104_732_640,
          payableFen: 2_486_875,
          accruingFen: 102_245_765,
          subsidisedLoans: 10,
          cappedLoanYears: 2,
          overLoanLimitLoanYears: 3,
          forfeitedLoans: 1,
          ineligibleLoans: { PRINCIPAL_OUT_OF_RANGE: 2, NOT_DESIGNATED: 2 },
        },
        fees: { pledges: 1, appraisalFen: 1_000_000, insuranceFen: 150_001, totalFen: 1_150_001 },
        totalFen: 105_882_641,
        total: '1058826.41',
      }),
    );
    expect((await gw.get('/v1/subsidies/summary?year=2024', bankA)).status).toBe(403);
  });

  it('the owning bank reads its loans with balances, movements and refusals; another bank gets 404', async () => {
    const l1 = await eventually('L1 in stats', () => gw.read('/v1/loans/L1', bankA), (l) => expect(l.refusals).toHaveLength(1));
    expect(l1).toMatchObject({ loanId: 'L1', bankId: 'BANKA', enterpriseId: R1, principalFen: 800_000_000, status: 'outstanding', recordedBalanceFen: 800_000_000, repaidFen: 0, movements: [] });
    expect(l1.refusals).toEqual([expect.objectContaining({ type: 'loan.repaid', reason: 'EXCEEDS_BALANCE' })]);
    const l5 = await eventually('L5 with its parked repayment', () => gw.read('/v1/loans/L5', bankA), (l) => expect(l.pending.count).toBe(0));
    expect(l5).toMatchObject({ status: 'repaid', recordedBalanceFen: 0, repaidFen: 900_000_000, refusals: [] });
    expect(l5.movements.map((m: Json) => [m.kind, m.amountFen, m.on])).toEqual([['repaid', 900_000_000, '2024-06-28']]);
    // S8 (BANKB): 400万元 − 100万元 repaid (posted before the disbursement) = 300万元; the over-repayment refused.
    const s8 = await eventually('S8 in stats', () => gw.read('/v1/loans/S8', bankB), (l) => expect([l.pending.count, l.refusals.length]).toEqual([0, 1]));
    expect(s8).toMatchObject({ status: 'outstanding', recordedBalanceFen: 300_000_000, repaidFen: 100_000_000 });
    expect(s8.refusals[0]).toMatchObject({ type: 'loan.repaid', reason: 'EXCEEDS_BALANCE' });
    expect(await gw.read('/v1/loans/S7', bankB)).toMatchObject({ status: 'written_off', writtenOffFen: 500_000_000, recordedBalanceFen: 0 });
    // Another bank's loan is hidden (404, not 403); the regulator of the whole region sees it.
    expect((await gw.get('/v1/loans/L1', bankB)).status).toBe(404);
    expect((await gw.get('/v1/loans/S8', bankA)).status).toBe(404);
    expect((await gw.read('/v1/loans/L1', regulator)).bankId).toBe('BANKA');
  });

  it('pledges: the first on an asset is accepted, the second refused; a bank sees only its own', async () => {
    const s7 = await eventually('P1 decided', () => gw.read('/v1/pledges?loanId=S7', bankB), (r) => expect(r.total).toBe(1));
    // Invention patent cap 50% × 2,000,000,000 = 1,000,000,000 ≥ the 500,000,000 loan: no breach.
    expect(s7.items[0]).toMatchObject({ pledgeId: 'P1', status: 'accepted', breach: false, allowedFen: 1_000_000_000, bankId: 'BANKB' });
    const s8 = await eventually('P2 decided', () => gw.read('/v1/pledges?loanId=S8', bankB), (r) => expect(r.total).toBe(1));
    expect(s8.items[0]).toMatchObject({ pledgeId: 'P2', status: 'refused', reason: 'ASSET_ALREADY_PLEDGED' });
    expect((await gw.read('/v1/pledges?loanId=S8', bankA)).total).toBe(0); // bankId forced to BANKA
    expect((await gw.read('/v1/pledges?status=refused', regulator)).items.map((p: Json) => p.pledgeId)).toEqual(['P2']);
  });

  it('re-posting a day with the same Idempotency-Key returns the first answer and publishes nothing', async () => {
    const reads = (): Promise<Json[]> =>
      Promise.all([
        gw.read('/v1/relending/claims', bankA),
        gw.read('/v1/relending/applications', bankA),
        gw.read('/v1/relending/summary?year=2024', regulator),
        gw.read('/v1/subsidies/summary?year=2024', regulator),
        gw.read(`/v1/enterprises/${R1}/subsidies?year=2024`, ent(R1)),
        gw.read('/v1/pledges', regulator),
      ]);
    // Everything has converged (the tests above), so these are the settled answers.
    const before = await reads();
    const loanTopicBefore = await topicMessageCount(platform.namespace, Topics.loan);
    expect(loanTopicBefore).toBe(bankADay.length + bankBDay.length);

    const again = await gw.post('/v1/loan-events', bankA, { events: bankADay }, { 'idempotency-key': KEY_A });
    expect([again.status, again.headers.get('idempotent-replayed'), again.body]).toEqual([202, 'true', firstAnswers.A]);
    // The same key with another request is a conflict, and publishes nothing either.
    const other = await gw.post('/v1/loan-events', bankA, { events: bankADay.slice(1) }, { 'idempotency-key': KEY_A });
    expect(other.status).toBe(409);
    // BANKB's day replays its own first answer too.
    const againB = await gw.post('/v1/loan-events', bankB, { events: bankBDay }, { 'idempotency-key': KEY_B });
    expect([againB.status, againB.body]).toEqual([202, firstAnswers.B]);

    expect(await topicMessageCount(platform.namespace, Topics.loan)).toBe(loanTopicBefore);
    expect(await reads()).toEqual(before);
  });
});
