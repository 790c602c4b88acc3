/**
 * pledge on the real infrastructure (DOMAIN.md §4): a bank's pledge events read back over HTTP.
 * Enterprise E1 (6501, HTE). Loans:
 *   K1 BANKA ip_pledge 600万元 2025-03-01..2026-03-01; written off 1,234,567.89元 on 2025-09-01
 *   K2 BANKB ip_pledge 100万元 2025-03-10..2026-03-10; repaid in full on 2025-06-30
 *   K3 BANKA credit    100万元 2025-03-01..2026-03-01
 * Pledges:
 *   Q1 K1 2025-03-05 ZL1 (invention, 800万元) + TM7 (trademark, 333,333.33元): accepted; allowed =
 *      50% × 800万元 + 40% × 333,333.33元 = 4,133,333.332元 → 413,333,333 fen < 600万元 → breach flagged
 *   Q2 K2 2025-03-12 ZL1: refused, ASSET_ALREADY_PLEDGED (held by Q1)
 *   Q3 K2 2025-03-13 ZL2 expiring 2026-01-01 < maturity 2026-03-10: refused, ASSET_EXPIRES_BEFORE_MATURITY
 *   Q4 K3 2025-03-14: refused, LOAN_NOT_IP_PLEDGE
 *   Q5 K2 2025-03-14 ZL3 (400万元: allowed 200万元 ≥ 100万元, no breach), sent BEFORE K2's disbursement
 *      (parked, decided later); released on 2025-06-30 when K2 is repaid
 * Risk compensation of K1: 30% × 123,456,789 fen = 37,037,036.7 → 37,037,037 fen.
 */
import { BankRegisteredEvent, DesignationGrantedEvent, EnterpriseRegisteredEvent, loanDisbursed, loanRepaid, loanWrittenOff, pledgeRegistered } from '@techcredit/contracts';
import { makeUscc } from '@techcredit/reference';
import { startPlatform, testNamespace, waitUntil, type Platform } from '@techcredit/testkit';
import type { Bus } from '@techcredit/bus';
import { eventCount, getJson, item, publishAll, testBus, type Item, type Json } from './int-helpers';

const E1 = makeUscc(910_001);
const admin = 'test:admin';
const registry: Item[] = [
  item(EnterpriseRegisteredEvent, { enterpriseId: E1, name: '质押企业', prefecture: '6501', zone: null, cluster: null, establishedOn: '2015-05-05' }, admin, '2022-01-01'),
  item(DesignationGrantedEvent, { enterpriseId: E1, code: 'HTE', validFrom: '2023-01-01', validTo: null }, admin, '2022-01-01'),
  item(BankRegisteredEvent, { bankId: 'BANKA', name: '甲银行', relendingEligible: true, relendingQuotaFen: 0 }, admin, '2022-01-01'),
  item(BankRegisteredEvent, { bankId: 'BANKB', name: '乙银行', relendingEligible: false, relendingQuotaFen: 0 }, admin, '2022-01-01'),
];

const A = 'bank:BANKA';
const B = 'bank:BANKB';
const disburse = (loanId: string, bankId: string, principalFen: number, guaranteeType: string, disbursedOn: string, maturityOn: string) =>
  item(loanDisbursed, { loanId, bankId, enterpriseId: E1, principalFen, rateBp: 380, disbursedOn, maturityOn, guaranteeType }, `bank:${bankId}`, disbursedOn);
const asset = (kind: string, registrationNo: string, appraisedValueFen: number, expiresOn = '2040-01-01') => ({ kind, registrationNo, appraisedValueFen, expiresOn });
const pledge = (source: string, pledgeId: string, loanId: string, registeredOn: string, assets: unknown[]) =>
  item(pledgeRegistered, { pledgeId, loanId, assets, cnipaRegistrationNo: `Y2025${pledgeId}`, registeredOn, appraisalFeeFen: 500_000, insurancePremiumFen: 80_000 }, source, registeredOn, 11);

const q5 = pledge(B, 'Q5', 'K2', '2025-03-14', [asset('invention_patent', 'ZL3', 400_000_000)]);
const loans: Item[] = [
  disburse('K1', 'BANKA', 600_000_000, 'ip_pledge', '2025-03-01', '2026-03-01'),
  disburse('K2', 'BANKB', 100_000_000, 'ip_pledge', '2025-03-10', '2026-03-10'),
  disburse('K3', 'BANKA', 100_000_000, 'credit', '2025-03-01', '2026-03-01'),
  pledge(A, 'Q1', 'K1', '2025-03-05', [asset('invention_patent', 'ZL1', 800_000_000), asset('trademark', 'TM7', 33_333_333, '2030-01-01')]),
  pledge(B, 'Q2', 'K2', '2025-03-12', [asset('invention_patent', 'ZL1', 800_000_000)]),
  pledge(B, 'Q3', 'K2', '2025-03-13', [asset('invention_patent', 'ZL2', 900_000_000, '2026-01-01')]),
  pledge(A, 'Q4', 'K3', '2025-03-14', [asset('software_copyright', '2020SR0000001', 500_000_000)]),
  item(loanRepaid, { loanId: 'K2', amountFen: 100_000_000, repaidOn: '2025-06-30' }, B, '2025-06-30', 15),
  item(loanWrittenOff, { loanId: 'K1', amountFen: 123_456_789, writtenOffOn: '2025-09-01' }, A, '2025-09-01', 16),
];
const stream = [q5, ...loans];

describe('pledge service: decisions, refusals and compensation over Kafka and HTTP', () => {
  let platform: Platform;
  let bus: Bus;
  let url: string;
  const applied = (n: number) =>
    waitUntil(`${n} loan events applied`, async () => (await eventCount(url, 'pledge.loans', 'done')) >= n && (await eventCount(url, 'pledge.registry', 'done')) >= registry.length, {
      timeoutMs: 60_000,
    });

  beforeAll(async () => {
    // The early event waits in line briefly, then parks (its disbursement is behind it in the partition).
    const namespace = testNamespace('pledge');
    platform = await startPlatform({ namespace, services: ['pledge', 'relending', 'subsidy'], gateway: false, env: { PARK_INLINE_WAIT_MS: '500' } });
    url = platform.services.get('pledge')!.url;
    bus = testBus(namespace);
    // Q5 first: its loan is not disbursed yet, so it is parked, not refused.
    await publishAll(bus, [q5]);
    await waitUntil('Q5 parked', async () => (await eventCount(url, 'pledge.loans', 'parked')) >= 1);
    await publishAll(bus, [...loans, ...registry]);
    await applied(stream.length);
  }, 90_000);

  afterAll(async () => {
    await bus?.disconnect();
    await platform?.stop();
  });

  const pledges = async (query: string): Promise<Json> => {
    const { status, body } = await getJson(`${url}/v1/pledges?${query}`);
    expect(status).toBe(200);
    return body;
  };

  it('records each pledge: accepted with its breach flag, refused with the reason, released on repayment', async () => {
    const all = await pledges('');
    expect(all.items.map((p: Json) => [p.pledgeId, p.loanId, p.bankId, p.status, p.reason, p.breach, p.allowedFen, p.releasedOn])).toEqual([
      ['Q1', 'K1', 'BANKA', 'accepted', null, true, 413_333_333, null],
      ['Q2', 'K2', 'BANKB', 'refused', 'ASSET_ALREADY_PLEDGED', null, null, null],
      ['Q3', 'K2', 'BANKB', 'refused', 'ASSET_EXPIRES_BEFORE_MATURITY', null, null, null],
      ['Q4', 'K3', 'BANKA', 'refused', 'LOAN_NOT_IP_PLEDGE', null, null, null],
      ['Q5', 'K2', 'BANKB', 'released', null, false, 200_000_000, '2025-06-30'],
    ]);
    expect(all.items[0]).toMatchObject({ allowed: '4133333.33', principal: '6000000.00' });
  });

  it('shows a refusal on an already pledged asset to the bank, with its reason and the holder', async () => {
    const mine = await pledges('bankId=BANKB&status=refused');
    expect(mine.total).toBe(2);
    expect(mine.items[0]).toMatchObject({
      pledgeId: 'Q2',
      reason: 'ASSET_ALREADY_PLEDGED',
      message: 'already under an active pledge: invention_patent|ZL1 (pledge Q1)',
      refusedAssets: [{ kind: 'invention_patent', registrationNo: 'ZL1' }],
    });
    expect((await pledges('loanId=K2')).items.map((p: Json) => p.pledgeId)).toEqual(['Q2', 'Q3', 'Q5']);
  });

  it('compensates the written-off pledged loan 30%, half-up', async () => {
    const { body } = await getJson(`${url}/v1/pledges/compensations?bankId=BANKA`);
    expect(body.items).toEqual([
      expect.objectContaining({ loanId: 'K1', bankId: 'BANKA', writtenOffFen: 123_456_789, coveredFen: 123_456_789, compensationFen: 37_037_037, compensation: '370370.37' }),
    ]);
  });

  it('summarises for regulators, by region', async () => {
    const { body } = await getJson(`${url}/v1/pledges/summary`);
    expect(body).toEqual({
      region: '65',
      pledges: { total: 5, accepted: 1, released: 1, refused: 3 },
      refusedByReason: { LOAN_NOT_IP_PLEDGE: 1, ASSET_ALREADY_PLEDGED: 1, ASSET_EXPIRES_BEFORE_MATURITY: 1 },
      breaches: 1,
      compensation: { loans: 1, compensatedLoans: 1, writtenOffFen: 123_456_789, coveredFen: 123_456_789, compensationFen: 37_037_037, compensation: '370370.37' },
    });
    expect((await getJson(`${url}/v1/pledges/summary?region=6502`)).body.pledges.total).toBe(0);
    expect((await getJson(`${url}/v1/pledges?status=pending`)).status).toBe(422);
  });

  it('the subsidy service counts the fees of the accepted pledges only (same decisions)', async () => {
    const subsidy = platform.services.get('subsidy')!.url;
    await waitUntil('subsidy applied the stream', async () => (await eventCount(subsidy, 'subsidy.loans', 'done')) >= stream.length);
    const { body } = await getJson(`${subsidy}/v1/enterprises/${E1}/subsidies?year=2025&asOf=2026-01-01`);
    // Q1 and Q5 (accepted, 2025): appraisal 50% × 500,000 × 2 = 500,000; insurance 50% × 80,000 × 2 = 80,000
    expect(body.fees.pledges.map((p: Json) => p.pledgeId)).toEqual(['Q1', 'Q5']);
    expect(body.feeTotals).toMatchObject({ appraisalFen: 500_000, insuranceFen: 80_000, totalFen: 580_000 });
  });

  it('a second delivery of the whole stream changes nothing', async () => {
    const before = await Promise.all(['/v1/pledges', '/v1/pledges/summary', '/v1/pledges/compensations'].map((p) => getJson(`${url}${p}`)));
    await publishAll(bus, [...stream, ...registry]);
    await applied(2 * stream.length);
    const after = await Promise.all(['/v1/pledges', '/v1/pledges/summary', '/v1/pledges/compensations'].map((p) => getJson(`${url}${p}`)));
    expect(after).toEqual(before);
    expect(await eventCount(url, 'pledge.loans', 'dead-lettered')).toBe(0);
  });
});
