/**
 * stats on the real infrastructure, with a small hand-computed registry and loan book (DOMAIN.md §7).
 * Amounts are in units of M = 1万元 = 1,000,000 fen.
 *
 * Enterprises (designations):
 *   E1 6501 zone urumqi, oil_gas   HTE 2023-01-01..
 *   E2 6502 coal_clean             TSME 2022-06-01..2024-06-30   (loses its designation mid-2024)
 *   E3 6501 zone urumqi            HTE + SRDI 2023-01-01..
 *   E4 6505                        none (never tech)
 *   E5 6523                        TSME 2024-03-01..             (tech from March 2024)
 * Loans (bank, enterprise, principal, type, disbursed; movements):
 *   L1 BANKA E1 100 credit    2023-03-01; repaid 20 on 2023-09-01, repaid 30 on 2024-02-29
 *   L2 BANKB E2 150 guarantee 2023-05-01
 *   L3 BANKA E3 300 ip_pledge 2024-02-01; written off 100 on 2024-11-30
 *   L4 BANKB E3  50 credit    2024-04-01; a repayment of 70 on 2024-05-01 exceeds the balance → refused
 *   L5 BANKA E4 999 credit    2024-01-10
 *   L6 BANKB E5  80 credit    2024-02-01 (before E5 is tech)
 *   L7 BANKA E1  40 ip_pledge 2023-07-01; repaid 40 on 2024-03-01
 *   L8 BANKB E2  60 ip_pledge 2023-08-01
 *   L9 BANKA E1  10 credit    2023-02-28; repaid 10 on 2023-06-30
 * All-loans totals: 2023-12-31 1,000,000; 2024-12-31 1,079,000 (a correction posted later than a first
 * posting of 1,050,000, which is published last and must not win).
 */
import { randomUUID } from 'node:crypto';
import {
  BankRegisteredEvent,
  DesignationGrantedEvent,
  EnterpriseRegisteredEvent,
  loanDisbursed,
  loanRepaid,
  loanWrittenOff,
  totalLoansPosted,
} from '@techcredit/contracts';
import { makeUscc } from '@techcredit/reference';
import { startPlatform, testNamespace, waitForStatsCurrent, waitUntil, type Platform } from '@techcredit/testkit';
import type { Bus } from '@techcredit/bus';
import { eventCount, getJson, publishAll, testBus, type Item } from './int-helpers';

const M = 1_000_000;
const [E1, E2, E3, E4, E5] = [1, 2, 3, 4, 5].map((n) => makeUscc(900_000 + n)) as [string, string, string, string, string];
const at = (date: string, hour = 10) => `${date}T${String(hour).padStart(2, '0')}:00:00+08:00`;

const registry: Item[] = [];
const reg = (def: Item['def'], data: unknown, occurredAt = at('2022-01-01')) => registry.push({ def, data, id: randomUUID(), occurredAt, source: 'test:admin' });
const enterprise = (enterpriseId: string, prefecture: string, zone: string | null, cluster: string | null) =>
  reg(EnterpriseRegisteredEvent, { enterpriseId, name: `企业${enterpriseId.slice(-4)}`, prefecture, zone, cluster, establishedOn: '2015-05-05' });
enterprise(E1, '6501', 'urumqi', 'oil_gas');
enterprise(E2, '6502', null, 'coal_clean');
enterprise(E3, '6501', 'urumqi', null);
enterprise(E4, '6505', null, null);
enterprise(E5, '6523', null, null);
reg(DesignationGrantedEvent, { enterpriseId: E1, code: 'HTE', validFrom: '2023-01-01', validTo: null });
reg(DesignationGrantedEvent, { enterpriseId: E2, code: 'TSME', validFrom: '2022-06-01', validTo: '2024-06-30' });
reg(DesignationGrantedEvent, { enterpriseId: E3, code: 'HTE', validFrom: '2023-01-01', validTo: null });
reg(DesignationGrantedEvent, { enterpriseId: E3, code: 'SRDI', validFrom: '2023-01-01' });
reg(DesignationGrantedEvent, { enterpriseId: E5, code: 'TSME', validFrom: '2024-03-01', validTo: null });
reg(BankRegisteredEvent, { bankId: 'BANKA', name: '甲银行', relendingEligible: true, relendingQuotaFen: 0 });
reg(BankRegisteredEvent, { bankId: 'BANKB', name: '乙银行', relendingEligible: false, relendingQuotaFen: 0 });
const latestTotal = randomUUID();
registry.push(
  { def: totalLoansPosted, data: { date: '2024-12-31', balanceFen: 1_079_000 * M, region: '65' }, id: latestTotal, occurredAt: at('2025-01-15'), source: 'test:regulator' },
  { def: totalLoansPosted, data: { date: '2023-12-31', balanceFen: 1_000_000 * M, region: '65' }, id: randomUUID(), occurredAt: at('2024-01-15'), source: 'test:regulator' },
  { def: totalLoansPosted, data: { date: '2024-12-31', balanceFen: 1_050_000 * M, region: '65' }, id: randomUUID(), occurredAt: at('2025-01-10'), source: 'test:regulator' },
);

const loans: Item[] = [];
const ids: Record<string, string> = {};
const bankOf: Record<string, string> = {};
function disburse(loanId: string, bankId: string, enterpriseId: string, principal: number, guaranteeType: string, disbursedOn: string) {
  bankOf[loanId] = bankId;
  const id = randomUUID();
  ids[`${loanId}:disbursed`] = id;
  const maturityOn = `${Number(disbursedOn.slice(0, 4)) + 3}-01-01`;
  loans.push({ def: loanDisbursed, id, occurredAt: at(disbursedOn), source: `bank:${bankId}`, data: { loanId, bankId, enterpriseId, principalFen: principal * M, rateBp: 350, disbursedOn, maturityOn, guaranteeType } });
}
function move(loanId: string, kind: 'repaid' | 'written_off', amount: number, on: string) {
  const id = randomUUID();
  ids[`${loanId}:${kind}:${on}`] = id;
  const data = kind === 'repaid' ? { loanId, amountFen: amount * M, repaidOn: on } : { loanId, amountFen: amount * M, writtenOffOn: on };
  loans.push({ def: kind === 'repaid' ? loanRepaid : loanWrittenOff, id, occurredAt: at(on, 15), source: `bank:${bankOf[loanId]}`, data });
}
disburse('L1', 'BANKA', E1, 100, 'credit', '2023-03-01');
move('L1', 'repaid', 20, '2023-09-01');
move('L1', 'repaid', 30, '2024-02-29');
disburse('L2', 'BANKB', E2, 150, 'guarantee', '2023-05-01');
disburse('L3', 'BANKA', E3, 300, 'ip_pledge', '2024-02-01');
move('L3', 'written_off', 100, '2024-11-30');
disburse('L4', 'BANKB', E3, 50, 'credit', '2024-04-01');
move('L4', 'repaid', 70, '2024-05-01');
disburse('L5', 'BANKA', E4, 999, 'credit', '2024-01-10');
disburse('L6', 'BANKB', E5, 80, 'credit', '2024-02-01');
disburse('L7', 'BANKA', E1, 40, 'ip_pledge', '2023-07-01');
move('L7', 'repaid', 40, '2024-03-01');
disburse('L8', 'BANKB', E2, 60, 'ip_pledge', '2023-08-01');
disburse('L9', 'BANKA', E1, 10, 'credit', '2023-02-28');
move('L9', 'repaid', 10, '2023-06-30');
// A repayment of a loan never disbursed: parked (not refused), shown as pending.
const orphan: Item = { def: loanRepaid, id: randomUUID(), occurredAt: at('2024-06-01', 15), source: 'bank:BANKA', data: { loanId: 'LX', amountFen: 5 * M, repaidOn: '2024-06-01' } };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('stats service: a hand-computed example over Kafka and HTTP', () => {
  let platform: Platform;
  let bus: Bus;
  let stats: string;
  let registryUrl: string;

  beforeAll(async () => {
    const namespace = testNamespace('stats');
    // A short in-line wait so the orphan repayment below is parked quickly.
    platform = await startPlatform({ namespace, services: ['registry', 'stats'], gateway: false, env: { PARK_INLINE_WAIT_MS: '500' } });
    stats = platform.services.get('stats')!.url;
    registryUrl = platform.services.get('registry')!.url;
    bus = testBus(namespace);
    // Loans first: disbursements park until the registry knows the bank and the enterprise.
    await publishAll(bus, [...loans, orphan]);
    await publishAll(bus, registry);
    await waitUntil('every event applied', async () =>
      (await eventCount(stats, 'stats.loans', 'done')) >= loans.length &&
      (await eventCount(stats, 'stats.registry', 'done')) >= registry.length &&
      (await eventCount(registryUrl, 'registry.registry', 'done')) >= registry.length,
      { timeoutMs: 60_000 },
    );
    await waitForStatsCurrent(stats);
  }, 90_000);

  afterAll(async () => {
    await bus?.disconnect();
    await platform?.stop();
  });

  it('the reference event shares the registry topic without being dead-lettered', async () => {
    expect(await eventCount(stats, 'stats.registry', 'dead-lettered')).toBe(0);
    expect(await eventCount(registryUrl, 'registry.registry', 'dead-lettered')).toBe(0);
    expect(await eventCount(stats, 'stats.loans', 'dead-lettered')).toBe(0);
  });

  it('keeps the latest posting of the total loans per date', async () => {
    const { status, body } = await getJson<Json>(`${stats}/v1/reference/total-loans`);
    expect(status).toBe(200);
    expect(body.total).toBe(2);
    expect(body.items.map((t: Json) => [t.date, t.balanceFen, t.balanceYi])).toEqual([
      ['2023-12-31', 1_000_000 * M, '100.00'], // 1,000,000 万元 = 100 亿元 (1亿元 = 10^10 fen)
      ['2024-12-31', 1_079_000 * M, '107.90'],
    ]);
    expect(body.items[1].eventId).toBe(latestTotal);
  });

  it('computes §7 at 2024-12-31 (E2 dropped out with its designation)', async () => {
    const { status, body } = await getJson<Json>(`${stats}/v1/stats/lending?asOf=2024-12-31`);
    expect(status).toBe(200);
    const s = body.stats;
    expect(body.previous).toBe('2023-12-31');
    // 2024-12-31: L1 100−20−30=50, L3 300−100=200, L4 50 (refused repayment ignored), L6 80 → 380;
    //   L2 150 and L8 60 (E2 no longer tech), L5 999 (E4 never tech) and L7 0 do not count.
    // 2023-12-31: L1 80 + L2 150 + L7 40 + L8 60 = 330 (L9 repaid in June).
    expect(s.current).toEqual({
      date: '2024-12-31',
      supportedEnterprises: 3, // E1 50, E3 250, E5 80
      balanceFen: 380 * M,
      creditLoansIssuedFen: 50 * M, // L4 only: L5's E4 is never tech, L6's E5 not yet tech on 2024-02-01
      ipPledgeEnterpriseTimes: 1, // L3
      ipPledgeBalanceFen: 200 * M, // L3 200 + L7 0; L8 not (E2)
      // §11: no product, no investment; first loans in 2024 while tech: E3 (L3); E4 is never tech, E5's L6 came before it was
      investmentLinkedLoans: 0, investmentLinkedPrincipalFen: 0, linkedInvestmentFen: 0, innovationPointsLoans: 0, innovationPointsPrincipalFen: 0, innovationPointsBalanceFen: 0,
      firstLoanEnterprises: 1,
    });
    expect(s.prior).toEqual({
      date: '2023-12-31',
      supportedEnterprises: 2, // E1 120, E2 210
      balanceFen: 330 * M,
      creditLoansIssuedFen: 110 * M, // L9 10 + L1 100
      ipPledgeEnterpriseTimes: 2, // L7, L8
      ipPledgeBalanceFen: 100 * M, // 40 + 60
      investmentLinkedLoans: 0, investmentLinkedPrincipalFen: 0, linkedInvestmentFen: 0, innovationPointsLoans: 0, innovationPointsPrincipalFen: 0, innovationPointsBalanceFen: 0,
      firstLoanEnterprises: 2, // E1 (L9), E2 (L2)
    });
    expect(s.supportedEnterprises).toEqual({ value: 3, previous: 2, change: 1, growth: { num: '50', den: '1', value: '50.00' } });
    // 380/330 − 1 = 50/330 → 500/33 % = 15.1515…
    // 380万元 = 0.038亿元 → "0.04"
    expect(s.balance).toEqual({ fen: 380 * M, yi: '0.04', previousFen: 330 * M, growth: { num: '500', den: '33', value: '15.15' } });
    // 1,079,000/1,000,000 − 1 = 7.9 %
    expect(s.allLoans.growth).toEqual({ num: '79', den: '10', value: '7.90' });
    // 500/33 − 79/10 = (5000 − 2607)/330 = 2393/330 = 7.2515… points
    expect(s.spread).toEqual({ num: '2393', den: '330', value: '7.25' });
    // 50/110 − 1 = −60/110 → −600/11 % = −54.5454…
    expect(s.creditLoansIssued.growth).toEqual({ num: '-600', den: '11', value: '-54.55' });
    expect(s.ipPledge.enterpriseTimes).toEqual({ value: 1, previous: 2, change: -1, growth: { num: '-50', den: '1', value: '-50.00' } });
    expect(s.ipPledge.balance.growth).toEqual({ num: '100', den: '1', value: '100.00' });
    expect(s.registry).toEqual({ HTE: 2, SRDI: 1, TSME: 1 }); // E1, E3; E3; E5 (E2's TSME ended)
  });

  it('takes 2023-02-28 as the year before 2024-02-29', async () => {
    const { body } = await getJson<Json>(`${stats}/v1/stats/lending?asOf=2024-02-29`);
    expect(body.previous).toBe('2023-02-28');
    // 2024-02-29 (end of day): L1 100−20−30=50 (the Feb 29 repayment counts), L2 150, L3 300, L7 40, L8 60 → 600;
    //   L6 80 not (E5 tech only from 03-01), L5 not (E4).
    expect(body.stats.current).toEqual({
      date: '2024-02-29', supportedEnterprises: 3, balanceFen: 600 * M, creditLoansIssuedFen: 0, ipPledgeEnterpriseTimes: 1, ipPledgeBalanceFen: 400 * M,
      investmentLinkedLoans: 0, investmentLinkedPrincipalFen: 0, linkedInvestmentFen: 0, innovationPointsLoans: 0, innovationPointsPrincipalFen: 0, innovationPointsBalanceFen: 0, firstLoanEnterprises: 1, // E3 (L3)
    });
    // 2023-02-28: only L9 (disbursed that day); L1 of 2023-03-01 is after it.
    expect(body.stats.prior).toEqual({
      date: '2023-02-28', supportedEnterprises: 1, balanceFen: 10 * M, creditLoansIssuedFen: 10 * M, ipPledgeEnterpriseTimes: 0, ipPledgeBalanceFen: 0,
      investmentLinkedLoans: 0, investmentLinkedPrincipalFen: 0, linkedInvestmentFen: 0, innovationPointsLoans: 0, innovationPointsPrincipalFen: 0, innovationPointsBalanceFen: 0, firstLoanEnterprises: 1, // E1 (L9, that day)
    });
    expect(body.stats.balance.growth.value).toBe('5900.00'); // 600/10 − 1
    expect(body.stats.creditLoansIssued.growth.value).toBe('-100.00');
    expect(body.stats.ipPledge.balance.growth).toBeNull(); // nothing a year earlier
    expect(body.stats.allLoans).toBeNull(); // no totals posted for these dates
    expect(body.stats.spread).toBeNull();
  });

  it('slices by designation, bank, prefecture and zone', async () => {
    const by = async (dim: string) => (await getJson<Json>(`${stats}/v1/stats/lending?asOf=2024-12-31&groupBy=${dim}`)).body;
    const designation = await by('designation');
    // HTE: E1 50 + E3 250 = 300; SRDI: E3 250; TSME: E5 80 now, E2 150+60 = 210 a year earlier.
    expect(Object.keys(designation.slices)).toEqual(['HTE', 'SRDI', 'TSME']);
    expect(designation.slices.HTE.balance.fen).toBe(300 * M);
    expect(designation.slices.SRDI.balance.fen).toBe(250 * M);
    expect([designation.slices.TSME.balance.fen, designation.slices.TSME.balance.previousFen]).toEqual([80 * M, 210 * M]);
    expect(designation.labels.HTE).toBe('高新技术企业');
    expect(designation.stats.balance.fen).toBe(380 * M);

    const bank = await by('bank');
    // BANKA: L1 50 + L3 200 + L7 0 = 250; BANKB: L4 50 + L6 80 = 130.
    expect(Object.fromEntries(Object.entries(bank.slices).map(([k, v]) => [k, (v as Json).balance.fen]))).toEqual({ BANKA: 250 * M, BANKB: 130 * M });
    expect(bank.labels).toEqual({ BANKA: '甲银行', BANKB: '乙银行' });

    const prefecture = await by('prefecture');
    expect(Object.fromEntries(Object.entries(prefecture.slices).map(([k, v]) => [k, (v as Json).balance.fen]))).toEqual({
      '6501': 300 * M, '6502': 0, '6505': 0, '6523': 80 * M,
    });
    const zone = await by('zone');
    expect(Object.fromEntries(Object.entries(zone.slices).map(([k, v]) => [k, (v as Json).supportedEnterprises.value]))).toEqual({ none: 1, urumqi: 2 });
  });

  it('limits the statistics to a prefecture scope', async () => {
    const { body } = await getJson<Json>(`${stats}/v1/stats/lending?asOf=2024-12-31&region=6501`);
    const slice = (await getJson<Json>(`${stats}/v1/stats/lending?asOf=2024-12-31&groupBy=prefecture`)).body.slices['6501'];
    // E1 and E3: 300 now, 120 (E1: L1 80 + L7 40) a year earlier.
    expect([body.stats.balance.fen, body.stats.balance.previousFen, body.stats.supportedEnterprises.value]).toEqual([300 * M, 120 * M, 2]);
    const { registry: counts, ...rest } = body.stats;
    expect(rest).toEqual(slice);
    expect(counts).toEqual({ HTE: 2, SRDI: 1 });
    expect((await getJson(`${stats}/v1/stats/lending?asOf=2024-12-31&region=9999`)).status).toBe(422);
    expect((await getJson(`${stats}/v1/stats/lending?asOf=2024-13-01`)).status).toBe(422);
  });

  it('serves the benchmark rows for the published date only', async () => {
    const { status, body } = await getJson<Json>(`${stats}/v1/stats/benchmark?asOf=2024-12-31`);
    expect(status).toBe(200);
    expect(body.total).toBe(14);
    const row = body.items.find((r: Json) => r.metric === 'allLoansGrowthPct');
    expect(row).toEqual({ metric: 'allLoansGrowthPct', label: '各项贷款同比增速(%)', unit: 'percent', published: '7.90', computed: '7.90', difference: '0.00', agrees: true });
    expect(body.items.find((r: Json) => r.metric === 'supportedEnterprises')).toMatchObject({ computed: '3', difference: '-7877', agrees: false });
    expect((await getJson(`${stats}/v1/stats/benchmark?asOf=2023-12-31`)).status).toBe(422);
    expect((await getJson(`${stats}/v1/stats/benchmark?region=6501`)).status).toBe(403);
  });

  it('shows a folded loan: balances, movements, refusals, parked events', async () => {
    const l1 = (await getJson<Json>(`${stats}/v1/loans/L1?asOf=2024-02-28`)).body;
    expect(l1).toMatchObject({ loanId: 'L1', bankId: 'BANKA', enterpriseId: E1, principalFen: 100 * M, asOf: '2024-02-28', balanceAsOfFen: 80 * M, balanceTodayFen: 50 * M, status: 'outstanding' });
    expect(l1.movements.map((m: Json) => [m.kind, m.amountFen, m.on])).toEqual([['repaid', 20 * M, '2023-09-01'], ['repaid', 30 * M, '2024-02-29']]);
    expect((await getJson<Json>(`${stats}/v1/loans/L1?asOf=2024-02-29`)).body.balanceAsOfFen).toBe(50 * M);

    const l4 = (await getJson<Json>(`${stats}/v1/loans/L4`)).body;
    expect(l4.recordedBalanceFen).toBe(50 * M);
    expect(l4.refusals).toEqual([
      { eventId: ids['L4:repaid:2024-05-01'], type: 'loan.repaid', reason: 'EXCEEDS_BALANCE', message: expect.stringContaining('exceeds the balance') },
    ]);
    expect((await getJson<Json>(`${stats}/v1/loans/L3`)).body).toMatchObject({ status: 'outstanding', writtenOffFen: 100 * M, recordedBalanceFen: 200 * M });
    expect((await getJson<Json>(`${stats}/v1/loans/L7`)).body).toMatchObject({ status: 'repaid', recordedBalanceFen: 0, pending: { count: 0 } });

    // The orphan repayment first waits in line (PARK_INLINE_WAIT_MS), then is parked.
    const lx = await waitUntil('the orphan repayment parked', async () => {
      const r = await getJson<Json>(`${stats}/v1/loans/LX`);
      return r.body.parked === 1 ? r : undefined;
    });
    expect(lx.status).toBe(404);
    expect(lx.body.parked).toBe(1);
    expect((await getJson(`${stats}/v1/loans/L%20X`)).status).toBe(422);
  });
});
