/**
 * relending on the real infrastructure (DOMAIN.md §5): a day's batch of BANKA's loan events (2024 loans,
 * posted 2025-01-10) read back over HTTP, as of 2025-01-15 (RELENDING_AS_OF).
 * Registry: BANKA eligible, quota 1,000万元 (1,000,000,000 fen); BANKB not eligible.
 *   E1 HTE from 2023-01-01; E2 TSME from 2023-01-01; E3 no designation.
 * Loans (fen):
 *   L1 BANKA E1   800,000,000 2024-03-15..2025-03-15  version 2022 → claim 480,000,000 (Q1); an over-repayment
 *                                                     of 800,000,001 on 2024-03-20 is refused, never applied
 *   L2 BANKA E2   500,000,001 2024-04-06              version 2022 has no TSME → DESIGNATION_NOT_ELIGIBLE
 *   L3 BANKA E2   500,000,001 2024-04-07..2025-04-07  version 2024 → claim 300,000,000.6 → 300,000,001 (Q2)
 *   L4 BANKA E1 1,000,000,000 2024-05-15..2024-11-14  < 6 months → TERM_TOO_SHORT
 *   L5 BANKA E1   900,000,000 2024-06-01..2025-06-01  claim 540,000,000 (Q2); repaid in full 2024-06-28, a
 *                                                     repayment sent BEFORE the disbursement (parked, applied later)
 *   L6 BANKA E1 1,000,000,000 2024-09-30..2025-09-30  claim 600,000,000 (Q3)
 *   L7 BANKA E3   300,000,000 2024-08-01..2025-08-01  DESIGNATION_NOT_ELIGIBLE
 *   L8 BANKB E1   300,000,000 2024-08-01..2025-08-01  BANK_NOT_ELIGIBLE
 *   L9 BANKA E1   100,000,000 2024-12-20..2025-12-20  claim 60,000,000 (Q4)
 * Applications of BANKA (175 bp throughout; 365-day terms; interest = amount × 175 × 365 / 3,600,000 half-up):
 *   2024Q1 on 2024-04-01: claims 480,000,000, quota left 1,000,000,000 → 480,000,000; interest 8,516,666.67 → 8,516,667
 *   2024Q2 on 2024-07-01: L3 only (L5 has no balance on 2024-06-30): 300,000,001 of 520,000,000 → interest 5,322,916.68 → 5,322,917
 *   2024Q3 on 2024-10-01: claims 600,000,000, quota left 219,999,999 → 219,999,999; interest 3,903,472.20 → 3,903,472
 *   2024Q4 on 2025-01-01: claims 60,000,000, quota used up → 0
 */
import { BankRegisteredEvent, DesignationGrantedEvent, EnterpriseRegisteredEvent, loanDisbursed, loanRepaid } from '@techcredit/contracts';
import { makeUscc } from '@techcredit/reference';
import { startPlatform, testNamespace, waitUntil, type Platform } from '@techcredit/testkit';
import type { Bus } from '@techcredit/bus';
import { eventCount, getJson, item, publishAll, testBus, type Item, type Json } from './int-helpers';

const [E1, E2, E3] = [920_001, 920_002, 920_003].map((n) => makeUscc(n)) as [string, string, string];
const admin = 'test:admin';
const enterprise = (enterpriseId: string) =>
  item(EnterpriseRegisteredEvent, { enterpriseId, name: `企业${enterpriseId.slice(-4)}`, prefecture: '6501', zone: null, cluster: null, establishedOn: '2015-05-05' }, admin, '2022-01-01');
const registry: Item[] = [
  enterprise(E1),
  enterprise(E2),
  enterprise(E3),
  item(DesignationGrantedEvent, { enterpriseId: E1, code: 'HTE', validFrom: '2023-01-01', validTo: null }, admin, '2022-01-01'),
  item(DesignationGrantedEvent, { enterpriseId: E2, code: 'TSME', validFrom: '2023-01-01', validTo: null }, admin, '2022-01-01'),
  item(BankRegisteredEvent, { bankId: 'BANKA', name: '甲银行', relendingEligible: true, relendingQuotaFen: 1_000_000_000 }, admin, '2022-01-01'),
  item(BankRegisteredEvent, { bankId: 'BANKB', name: '乙银行', relendingEligible: false, relendingQuotaFen: 0 }, admin, '2022-01-01'),
];

const DAY = '2025-01-10';
const disburse = (loanId: string, bankId: string, enterpriseId: string, principalFen: number, disbursedOn: string, maturityOn: string) =>
  item(loanDisbursed, { loanId, bankId, enterpriseId, principalFen, rateBp: 350, disbursedOn, maturityOn, guaranteeType: 'credit' }, `bank:${bankId}`, DAY);
const repay = (loanId: string, amountFen: number, repaidOn: string) => item(loanRepaid, { loanId, amountFen, repaidOn }, 'bank:BANKA', DAY, 15);

const early = repay('L5', 900_000_000, '2024-06-28');
const batch: Item[] = [
  disburse('L1', 'BANKA', E1, 800_000_000, '2024-03-15', '2025-03-15'),
  repay('L1', 800_000_001, '2024-03-20'),
  disburse('L2', 'BANKA', E2, 500_000_001, '2024-04-06', '2025-04-06'),
  disburse('L3', 'BANKA', E2, 500_000_001, '2024-04-07', '2025-04-07'),
  disburse('L4', 'BANKA', E1, 1_000_000_000, '2024-05-15', '2024-11-14'),
  disburse('L5', 'BANKA', E1, 900_000_000, '2024-06-01', '2025-06-01'),
  disburse('L6', 'BANKA', E1, 1_000_000_000, '2024-09-30', '2025-09-30'),
  disburse('L7', 'BANKA', E3, 300_000_000, '2024-08-01', '2025-08-01'),
  disburse('L8', 'BANKB', E1, 300_000_000, '2024-08-01', '2025-08-01'),
  disburse('L9', 'BANKA', E1, 100_000_000, '2024-12-20', '2025-12-20'),
];
const stream = [early, ...batch];

describe('relending service: claims, applications and summary over Kafka and HTTP', () => {
  let platform: Platform;
  let bus: Bus;
  let url: string;
  const applied = (n: number) =>
    waitUntil(`${n} loan events applied`, async () => (await eventCount(url, 'relending.loans', 'done')) >= n && (await eventCount(url, 'relending.registry', 'done')) >= registry.length, {
      timeoutMs: 60_000,
    });

  beforeAll(async () => {
    // The early event waits in line briefly, then parks (its disbursement is behind it in the partition).
    const namespace = testNamespace('relending');
    platform = await startPlatform({ namespace, services: ['pledge', 'relending', 'subsidy'], gateway: false, env: { PARK_INLINE_WAIT_MS: '500', RELENDING_AS_OF: '2025-01-15' } });
    url = platform.services.get('relending')!.url;
    bus = testBus(namespace);
    await publishAll(bus, [early]);
    await waitUntil('the early repayment parked', async () => (await eventCount(url, 'relending.loans', 'parked')) >= 1);
    await publishAll(bus, [...registry, ...batch]);
    await applied(stream.length);
  }, 90_000);

  afterAll(async () => {
    await bus?.disconnect();
    await platform?.stop();
  });

  it('claims 60% of each eligible loan under the version in force on its disbursement date', async () => {
    const q2 = (await getJson(`${url}/v1/relending/claims?bankId=BANKA&quarter=2024Q2`)).body;
    expect(q2.items.map((c: Json) => [c.loanId, c.versionName, c.claimFen, c.balanceAtQuarterEndFen])).toEqual([
      ['L3', '2024', 300_000_001, 500_000_001],
      ['L5', '2024', 540_000_000, 0], // the parked repayment was applied
    ]);
    expect(q2).toMatchObject({ total: 2, claimsFen: 840_000_001, claims: '8400000.01', ineligible: { DESIGNATION_NOT_ELIGIBLE: 1, TERM_TOO_SHORT: 1 } });
    const all = (await getJson(`${url}/v1/relending/claims?bankId=BANKA`)).body;
    expect(all.items.map((c: Json) => [c.loanId, c.quarter, c.claimFen])).toEqual([
      ['L1', '2024Q1', 480_000_000],
      ['L3', '2024Q2', 300_000_001],
      ['L5', '2024Q2', 540_000_000],
      ['L6', '2024Q3', 600_000_000],
      ['L9', '2024Q4', 60_000_000],
    ]);
    // The over-repayment of L1 was refused, so L1 still had its balance at the end of Q1.
    expect(all.items[0].balanceAtQuarterEndFen).toBe(800_000_000);
  });

  it('applies quarter by quarter within the quota, with the bank’s interest cost', async () => {
    const { body } = await getJson(`${url}/v1/relending/applications?bankId=BANKA`);
    expect(body.items.map((a: Json) => [a.quarter, a.applicationDate, a.versionName, a.rate, a.days, a.claimsFen, a.remainingQuotaFen, a.amountFen, a.interestFen])).toEqual([
      ['2024Q1', '2024-04-01', '2022', '1.75', 365, 480_000_000, 1_000_000_000, 480_000_000, 8_516_667],
      ['2024Q2', '2024-07-01', '2024', '1.75', 365, 300_000_001, 520_000_000, 300_000_001, 5_322_917],
      ['2024Q3', '2024-10-01', '2024', '1.75', 365, 600_000_000, 219_999_999, 219_999_999, 3_903_472],
      ['2024Q4', '2025-01-01', '2024', '1.75', 365, 60_000_000, 0, 0, 0],
    ]);
    expect(body).toMatchObject({ amountFen: 1_000_000_000, interestFen: 17_743_056, interest: '177430.56' });
    expect((await getJson(`${url}/v1/relending/applications?bankId=BANKB`)).body.total).toBe(0);
    expect((await getJson(`${url}/v1/relending/applications?bankId=NOBANK`)).status).toBe(404);
  });

  it('summarises the year for regulators', async () => {
    const { body } = await getJson(`${url}/v1/relending/summary?year=2024`);
    expect(body.banks.map((b: Json) => [b.bankId, b.eligibleLoans, b.claimsFen, b.applications, b.appliedFen, b.interestFen, b.quotaRemainingFen])).toEqual([
      ['BANKA', 5, 1_980_000_001, 4, 1_000_000_000, 17_743_056, 0],
      ['BANKB', 0, 0, 0, 0, 0, 0],
    ]);
    expect(body.byVersion).toEqual({ '2022': { loans: 1, claimsFen: 480_000_000 }, '2024': { loans: 4, claimsFen: 1_500_000_001 } });
    expect(body.ineligibleByReason).toEqual({ DESIGNATION_NOT_ELIGIBLE: 2, TERM_TOO_SHORT: 1, BANK_NOT_ELIGIBLE: 1 });
  });

  it('a second delivery of the whole stream changes nothing', async () => {
    const paths = ['/v1/relending/claims', '/v1/relending/applications', '/v1/relending/summary?year=2024'];
    const before = await Promise.all(paths.map((p) => getJson(`${url}${p}`)));
    await publishAll(bus, [...stream, ...registry]);
    await applied(2 * stream.length);
    expect(await Promise.all(paths.map((p) => getJson(`${url}${p}`)))).toEqual(before);
    expect(await eventCount(url, 'relending.loans', 'dead-lettered')).toBe(0);
  });
});
