/**
 * subsidy on the real infrastructure (DOMAIN.md §6): BANKA's loan events read back over HTTP, accrued as of
 * 2025-01-01 (SUBSIDY_AS_OF: every day of 2024). Basis = Σ balance × min(loan rate, LPR on the disbursement
 * date) × days / 3,600,000 (fen·bp·days), half-up once per loan and year; subsidy = 50%, half-up.
 * E1 (HTE):
 *   S1 300万元  400 bp 2024-07-21 (LPR 345), repaid in full 2024-10-21: 92 days; 300,000,000 × 345 × 92
 *      = 9,522,000,000,000 → 2,645,000 → 1,322,500, payable
 *   S2 1000万元 400 bp 2024-07-22 (LPR 335): 163 days; 54,605,000,000,000 → 15,168,055.6 → 15,168,056 → 7,584,028
 *   S3 3000万元 300 bp 2024-11-01 (LPR 310, loan rate lower): 61 days; 54,900,000,000,000 → 15,250,000 → 7,625,000
 *   S4 200万元 (inclusive) 2024-12-01: the 4th loan of 2024 → 0 (gross 1,922,000,000,000 → 533,888.9 → 533,889 → 266,945)
 *   S5 199,999,999 fen → PRINCIPAL_OUT_OF_RANGE
 * E3 (no designation): S6 → NOT_DESIGNATED.
 * E2 (TSME):
 *   S7 500万元 ip_pledge 2024-09-01, written off 2024-12-01 → forfeited. Pledge P1 (ZL9) accepted: fees
 *      50% × 2,000,000 = 1,000,000 and 50% × 300,001 = 150,000.5 → 150,001
 *   S8 400万元 ip_pledge 350 bp 2024-09-10 (LPR 335); repaid 100万元 on 2024-11-10 (sent BEFORE the disbursement:
 *      parked, applied later); an over-repayment of 400,000,001 on 2024-10-01 is refused. 61 days at 400万元 + 52 at
 *      300万元: 8,174,000,000,000 + 5,226,000,000,000 = 13,400,000,000,000 → 3,722,222.2 → 3,722,222 → 1,861,111.
 *      Pledge P2 on ZL9 (held by P1) is refused: its fees are not subsidised.
 * E4 (LITTLE_GIANT): T1 3000万元 400 bp 2024-01-02 (LPR 345): 365 days; 377,775,000,000,000 → 104,937,500 →
 *   52,468,750, capped at 50万元 = 50,000,000; T2 300万元 2024-02-01: 335 days; 34,672,500,000,000 → 9,631,250 →
 *   gross 4,815,625, nothing left of the cap → 0.
 */
import { BankRegisteredEvent, DesignationGrantedEvent, EnterpriseRegisteredEvent, loanDisbursed, loanRepaid, loanWrittenOff, pledgeRegistered } from '@techcredit/contracts';
import { makeUscc } from '@techcredit/reference';
import { startPlatform, testNamespace, waitUntil, type Platform } from '@techcredit/testkit';
import type { Bus } from '@techcredit/bus';
import { eventCount, getJson, item, publishAll, testBus, type Item, type Json } from './int-helpers';

const [E1, E2, E3, E4] = [930_001, 930_002, 930_003, 930_004].map((n) => makeUscc(n)) as [string, string, string, string];
const admin = 'test:admin';
const enterprise = (enterpriseId: string) =>
  item(EnterpriseRegisteredEvent, { enterpriseId, name: `企业${enterpriseId.slice(-4)}`, prefecture: '6502', zone: null, cluster: null, establishedOn: '2015-05-05' }, admin, '2022-01-01');
const grant = (enterpriseId: string, code: string) => item(DesignationGrantedEvent, { enterpriseId, code, validFrom: '2023-01-01', validTo: null }, admin, '2022-01-01');
const registry: Item[] = [
  ...[E1, E2, E3, E4].map(enterprise),
  grant(E1, 'HTE'),
  grant(E2, 'TSME'),
  grant(E4, 'LITTLE_GIANT'),
  item(BankRegisteredEvent, { bankId: 'BANKA', name: '甲银行', relendingEligible: true, relendingQuotaFen: 0 }, admin, '2022-01-01'),
];

const A = 'bank:BANKA';
const DAY = '2025-01-02';
const disburse = (loanId: string, enterpriseId: string, principalFen: number, rateBp: number, disbursedOn: string, guaranteeType = 'credit') =>
  item(loanDisbursed, { loanId, bankId: 'BANKA', enterpriseId, principalFen, rateBp, disbursedOn, maturityOn: '2026-06-30', guaranteeType }, A, DAY);
const repay = (loanId: string, amountFen: number, repaidOn: string) => item(loanRepaid, { loanId, amountFen, repaidOn }, A, DAY, 15);
const pledge = (pledgeId: string, loanId: string, registeredOn: string, appraisalFeeFen: number, insurancePremiumFen: number) =>
  item(
    pledgeRegistered,
    {
      pledgeId,
      loanId,
      assets: [{ kind: 'invention_patent', registrationNo: 'ZL9', appraisedValueFen: 2_000_000_000, expiresOn: '2040-01-01' }],
      cnipaRegistrationNo: `Y2024${pledgeId}`,
      registeredOn,
      appraisalFeeFen,
      insurancePremiumFen,
    },
    A,
    DAY,
    11,
  );

const early = repay('S8', 100_000_000, '2024-11-10');
const batch: Item[] = [
  disburse('S1', E1, 300_000_000, 400, '2024-07-21'),
  repay('S1', 300_000_000, '2024-10-21'),
  disburse('S2', E1, 1_000_000_000, 400, '2024-07-22'),
  disburse('S3', E1, 3_000_000_000, 300, '2024-11-01'),
  disburse('S4', E1, 200_000_000, 400, '2024-12-01'),
  disburse('S5', E1, 199_999_999, 400, '2024-08-01'),
  disburse('S6', E3, 500_000_000, 400, '2024-08-01'),
  disburse('S7', E2, 500_000_000, 400, '2024-09-01', 'ip_pledge'),
  pledge('P1', 'S7', '2024-09-02', 2_000_000, 300_001),
  item(loanWrittenOff, { loanId: 'S7', amountFen: 500_000_000, writtenOffOn: '2024-12-01' }, A, DAY, 16),
  disburse('S8', E2, 400_000_000, 350, '2024-09-10', 'ip_pledge'),
  pledge('P2', 'S8', '2024-09-11', 9_000_000, 1_000_000),
  repay('S8', 400_000_001, '2024-10-01'),
  disburse('T1', E4, 3_000_000_000, 400, '2024-01-02'),
  disburse('T2', E4, 300_000_000, 400, '2024-02-01'),
];
const stream = [early, ...batch];

describe('subsidy service: interest and fee subsidies over Kafka and HTTP', () => {
  let platform: Platform;
  let bus: Bus;
  let url: string;
  const applied = (n: number) =>
    waitUntil(`${n} loan events applied`, async () => (await eventCount(url, 'subsidy.loans', 'done')) >= n && (await eventCount(url, 'subsidy.registry', 'done')) >= registry.length, {
      timeoutMs: 60_000,
    });
  const subsidies = async (enterpriseId: string): Promise<Json> => {
    const { status, body } = await getJson(`${url}/v1/enterprises/${enterpriseId}/subsidies?year=2024`);
    expect(status).toBe(200);
    return body;
  };

  beforeAll(async () => {
    // The early event waits in line briefly, then parks (its disbursement is behind it in the partition).
    const namespace = testNamespace('subsidy');
    platform = await startPlatform({ namespace, services: ['pledge', 'relending', 'subsidy'], gateway: false, env: { PARK_INLINE_WAIT_MS: '500', SUBSIDY_AS_OF: '2025-01-01' } });
    url = platform.services.get('subsidy')!.url;
    bus = testBus(namespace);
    await publishAll(bus, [early]);
    await waitUntil('the early repayment parked', async () => (await eventCount(url, 'subsidy.loans', 'parked')) >= 1);
    await publishAll(bus, [...registry, ...batch]);
    await applied(stream.length);
  }, 90_000);

  afterAll(async () => {
    await bus?.disconnect();
    await platform?.stop();
  });

  it('accrues at the LPR of the disbursement date, ranks the first 3 loans, pays only after full repayment', async () => {
    const body = await subsidies(E1);
    expect(body.loans.map((l: Json) => [l.loanId, l.state, l.reason ?? null, l.lprBp ?? null, l.effectiveRateBp ?? null, l.yearFen])).toEqual([
      ['S1', 'payable', null, 345, 345, 1_322_500],
      ['S2', 'accruing', null, 335, 335, 7_584_028],
      ['S5', 'ineligible', 'PRINCIPAL_OUT_OF_RANGE', null, null, 0],
      ['S3', 'accruing', null, 310, 300, 7_625_000],
      ['S4', 'accruing', null, 310, 310, 0],
    ]);
    expect(body.loans[4].years).toEqual([{ year: 2024, days: 31, basisNumerator: '1922000000000', basisFen: 533_889, grossFen: 266_945, subsidyFen: 0, rank: 4, status: 'over_loan_limit' }]);
    // payable 1,322,500; accruing 7,584,028 + 7,625,000 = 15,209,028
    expect(body.interestTotals).toMatchObject({ subsidyFen: 16_531_528, payableFen: 1_322_500, accruingFen: 15_209_028, subsidy: '165315.28' });
  });

  it('caps an enterprise-year at 50万元, filled in disbursement order', async () => {
    const body = await subsidies(E4);
    expect(body.loans.map((l: Json) => [l.loanId, l.years[0].grossFen, l.years[0].subsidyFen, l.years[0].status])).toEqual([
      ['T1', 52_468_750, 50_000_000, 'capped'],
      ['T2', 4_815_625, 0, 'capped'],
    ]);
  });

  it('refuses an over-repayment with its reason and applies the repayment that came before its disbursement', async () => {
    const body = await subsidies(E2);
    const s8 = body.loans.find((l: Json) => l.loanId === 'S8');
    expect(s8).toMatchObject({ state: 'accruing', yearFen: 1_861_111 });
    expect(s8.refusals).toEqual([expect.objectContaining({ type: 'loan.repaid', reason: 'EXCEEDS_BALANCE' })]);
    expect(body.loans.find((l: Json) => l.loanId === 'S7')).toMatchObject({ state: 'forfeited', reason: 'WRITTEN_OFF' });
  });

  it('subsidises the fees of the accepted pledge only; the pledge service refused the other', async () => {
    const body = await subsidies(E2);
    expect(body.fees.pledges.map((p: Json) => [p.pledgeId, p.appraisal.subsidyFen, p.insurance.subsidyFen])).toEqual([['P1', 1_000_000, 150_001]]);
    expect(body.feeTotals).toMatchObject({ totalFen: 1_150_001 });
    expect(body.totalFen).toBe(3_011_112); // 1,861,111 + 1,150,001
    const pledgeUrl = platform.services.get('pledge')!.url;
    await waitUntil('pledge decided P2', async () => (await getJson(`${pledgeUrl}/v1/pledges?loanId=S8`)).body.total === 1);
    expect((await getJson(`${pledgeUrl}/v1/pledges?loanId=S8`)).body.items[0]).toMatchObject({ pledgeId: 'P2', status: 'refused', reason: 'ASSET_ALREADY_PLEDGED' });
  });

  it('summarises the year for regulators', async () => {
    const { body } = await getJson(`${url}/v1/subsidies/summary?year=2024`);
    // gross: E1 16,531,528 + 266,945; E2 1,861,111; E4 52,468,750 + 4,815,625 → 75,943,959
    // subsidy: 16,531,528 + 1,861,111 + 50,000,000 = 68,392,639; payable S1 1,322,500; fees 1,150,001
    expect(body).toMatchObject({
      year: 2024,
      asOf: '2025-01-01',
      enterprises: 3,
      interest: {
        grossFen: 75_943_959,
        subsidyFen: 68_392_639,
        payableFen: 1_322_500,
        accruingFen: 67_070_139,
        subsidisedLoans: 5,
        cappedLoanYears: 2,
        overLoanLimitLoanYears: 1,
        forfeitedLoans: 1,
        ineligibleLoans: { PRINCIPAL_OUT_OF_RANGE: 1, NOT_DESIGNATED: 1 },
      },
      fees: { pledges: 1, appraisalFen: 1_000_000, insuranceFen: 150_001, totalFen: 1_150_001 },
      totalFen: 69_542_640,
      total: '695426.40',
    });
    expect((await getJson(`${url}/v1/enterprises/${makeUscc(939_999)}/subsidies`)).status).toBe(404);
  });

  it('a second delivery of the whole stream changes nothing', async () => {
    const paths = [...[E1, E2, E4].map((e) => `/v1/enterprises/${e}/subsidies`), '/v1/subsidies/summary?year=2024'];
    const before = await Promise.all(paths.map((p) => getJson(`${url}${p}`)));
    await publishAll(bus, [...stream, ...registry]);
    await applied(2 * stream.length);
    expect(await Promise.all(paths.map((p) => getJson(`${url}${p}`)))).toEqual(before);
    expect(await eventCount(url, 'subsidy.loans', 'dead-lettered')).toBe(0);
  });
});
