/**
 * Issue 11 end to end through the public gateway only (JWTs, real Kafka + FerretDB, every service in-process):
 * tech-insurance premium subsidies (DOMAIN.md §10), investments and loan.disbursed v2 (§11), and the §11 figures.
 *
 * Fixture. E1 (6501) HTE from 2020; E2 (6502) TSME from 2024-06-01. Insurers INSA and INSB. Subsidies as of
 * 2025-06-30 (SUBSIDY_AS_OF).
 * Insurance (INSA), 2025 (cap 20万元 = 20,000,000 fen, filled by boundOn):
 *   POL1 E1 rd_expense_loss   premium 15,000,000 bound 2025-02-01 → 50% = 7,500,000
 *   POL2 E1 key_rd_equipment  premium 20,000,001 bound 2025-05-01 → 10,000,000.5 → 10,000,001
 *   POL3 E1 patent_enforcement premium 10,000,000 bound 2025-06-01 → 5,000,000, cut to 2,499,999 (cap reached)
 *   then POL1 cancelled 2025-03-01 with 5,000,000 refunded → 5,000,000 (reduced); POL3 gets 4,999,999; total 20,000,000
 *   POL4 E2 first_set_equipment premium 1,234,567 bound 2024-03-01: E2 not tech yet → ineligible
 *   POL5 E2 first_set_equipment premium 1,234,567 bound 2024-07-01 → 80% = 987,653.6 → 987,654
 * Loans (BANKA; product PA: credit, minScore 60; BANKB's product PB):
 *   L0 E1 100万元 credit v1 2023-03-01, repaid in full 2023-09-01 — E1's first loan
 *   L1 E1 1000万元 credit v2 under PA 2024-05-01 — innovation-points, not a first loan; INV1 (5000万元, closed
 *      2024-10-28, day 180 after) links it; repaid 300万元 on 2024-11-01 → balance 700万元 on 2024-12-31
 *   a v2 disbursement under BANKB's PB is a 422, nothing published.
 * Versions: F1 (6505) and F2 (6523), both HTE, get the same three loans (K1 credit 2024-02-01, K2 under PA
 * 2024-03-01, K3 ip_pledge 2024-04-01): F1's K1 and K3 as v1 events, F2's all as v2 — their slices agree.
 */
import { randomUUID } from 'node:crypto';
import type { Principal } from '@techcredit/auth';
import { Topics, loanDisbursedV2, loanRepaid } from '@techcredit/contracts';
import { makeUscc } from '@techcredit/reference';
import { readDeadLetters, startPlatform, testBus, testNamespace, type Platform } from '@techcredit/testkit';
import { creditProduct, eventually, gatewayClient, topicMessageCount, type GatewayClient, type Json } from './e2e-helpers';

const [E1, E2, F1, F2] = [960_001, 960_002, 960_003, 960_004].map((n) => makeUscc(n)) as [string, string, string, string];
const admin: Principal = { role: 'admin', sub: 'ins-admin' };
const reg65: Principal = { role: 'regulator', region: '65', sub: 'ins-r65' };
const reg6502: Principal = { role: 'regulator', region: '6502', sub: 'ins-r6502' };
const bankA: Principal = { role: 'bank', bankId: 'BANKA', sub: 'ins-banka' };
const bankB: Principal = { role: 'bank', bankId: 'BANKB', sub: 'ins-bankb' };
const insA: Principal = { role: 'insurer', insurerId: 'INSA', sub: 'ins-insa' };
const insB: Principal = { role: 'insurer', insurerId: 'INSB', sub: 'ins-insb' };
const ent = (enterpriseId: string): Principal => ({ role: 'enterprise', enterpriseId, sub: `ins-${enterpriseId}` });

const ev = (type: string, data: Record<string, unknown>, id: string = randomUUID()) => ({ id, type, occurredAt: '2025-06-01T10:00:00+08:00', data });
const bound = (policyId: string, enterpriseId: string, kind: string, premiumFen: number, boundOn: string, insurerId = 'INSA') =>
  ev('insurance.policy_bound', { policyId, insurerId, enterpriseId, kind, premiumFen, coverageFen: premiumFen * 50, boundOn, expiresOn: `${Number(boundOn.slice(0, 4)) + 1}${boundOn.slice(4)}` });
const cancelled = (policyId: string, cancelledOn: string, refundFen: number) => ev('insurance.policy_cancelled', { policyId, cancelledOn, refundFen });
const disbursed = (loanId: string, enterpriseId: string, principalFen: number, disbursedOn: string, guaranteeType = 'credit', productId?: string, bankId = 'BANKA') =>
  ev('loan.disbursed', { loanId, bankId, enterpriseId, principalFen, rateBp: 380, disbursedOn, maturityOn: '2026-12-31', guaranteeType, ...(productId ? { productId } : {}) });
const repaid = (loanId: string, amountFen: number, repaidOn: string) => ev('loan.repaid', { loanId, amountFen, repaidOn });

describe('tech insurance, investments and loan.disbursed v2 (issue 11)', () => {
  let platform: Platform;
  let gw: GatewayClient;

  beforeAll(async () => {
    platform = await startPlatform({ namespace: testNamespace('e2e-insurance'), env: { PARK_INLINE_WAIT_MS: '2000', SUBSIDY_AS_OF: '2025-06-30' } });
    gw = gatewayClient(platform);
    for (const b of ['BANKA', 'BANKB']) await gw.command('/v1/banks', admin, { bankId: b, name: `银行${b}`, relendingEligible: true, relendingQuotaFen: 0 });
    for (const [e, prefecture, code, validFrom] of [
      [E1, '6501', 'HTE', '2020-01-01'],
      [E2, '6502', 'TSME', '2024-06-01'],
      [F1, '6505', 'HTE', '2020-01-01'],
      [F2, '6523', 'HTE', '2020-01-01'],
    ] as const) {
      await gw.command('/v1/enterprises', admin, { enterpriseId: e, name: `企业${e.slice(-4)}`, prefecture, zone: null, cluster: null, establishedOn: '2015-05-05' });
      await gw.command(`/v1/enterprises/${e}/designations`, admin, { code, validFrom, validTo: null });
    }
    for (const i of ['INSA', 'INSB']) await gw.command('/v1/insurers', admin, { insurerId: i, name: `保险${i}` });
    await gw.command('/v1/credit-products', bankA, creditProduct('PA', 'BANKA', { minScore: 60 }));
    await gw.command('/v1/credit-products', bankB, creditProduct('PB', 'BANKB', { minScore: 70 }));
    await eventually('products in matching', async () => [(await gw.read('/v1/credit-products', bankA)).total, (await gw.read('/v1/credit-products', bankB)).total], (t) => expect(t).toEqual([1, 1]));
  }, 240_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('§10: an insurer posts its own policies (all or nothing); the 20万元 cap is filled in order; a refund reduces it; first-set equipment at 80%', async () => {
    const before = await topicMessageCount(platform.namespace, Topics.insurance);
    // Another insurer's policy in the batch: 403, nothing published; an invalid item: 422 naming it.
    const foreign = await gw.post('/v1/insurance-events', insB, { events: [bound('POLX', E1, 'other_tech', 100, '2025-01-01', 'INSB'), bound('POLY', E1, 'other_tech', 100, '2025-01-01', 'INSA')] });
    expect([foreign.status, foreign.body.items]).toEqual([403, [1]]);
    const invalid = await gw.post('/v1/insurance-events', insA, { events: [bound('POLZ', E1, 'car', 100, '2025-01-01')] });
    expect([invalid.status, invalid.body.invalidItems]).toEqual([422, [0]]);
    expect((await gw.post('/v1/insurance-events', bankA, { events: [bound('POLZ', E1, 'other_tech', 100, '2025-01-01')] })).status).toBe(403);
    expect(await topicMessageCount(platform.namespace, Topics.insurance)).toBe(before);

    const batch = {
      events: [
        bound('POL3', E1, 'patent_enforcement', 10_000_000, '2025-06-01'),
        bound('POL1', E1, 'rd_expense_loss', 15_000_000, '2025-02-01'),
        bound('POL2', E1, 'key_rd_equipment', 20_000_001, '2025-05-01'),
        bound('POL4', E2, 'first_set_equipment', 1_234_567, '2024-03-01'),
        bound('POL5', E2, 'first_set_equipment', 1_234_567, '2024-07-01'),
      ],
    };
    const first = await gw.command('/v1/insurance-events', insA, batch, { 'idempotency-key': 'ins-batch-1' });
    expect(first.accepted).toBe(5);
    // The same key and body: the first answer, nothing published twice.
    expect((await gw.command('/v1/insurance-events', insA, batch, { 'idempotency-key': 'ins-batch-1' })).accepted).toBe(5);

    const lines = (v: Json) => v.policies.map((p: Json) => [p.policyId, p.subsidyFen, p.state]);
    const v1 = await eventually('E1 insurance subsidies', () => gw.read(`/v1/enterprises/${E1}/insurance-subsidies?year=2025`, ent(E1)), (v) => expect(v.totalFen).toBe(20_000_000));
    expect(lines(v1)).toEqual([
      ['POL1', 7_500_000, 'granted'],
      ['POL2', 10_000_001, 'granted'],
      ['POL3', 2_499_999, 'granted'],
    ]);
    expect(v1.years).toEqual([expect.objectContaining({ year: 2025, capFen: 20_000_000, subsidyFen: 20_000_000, atCap: true, subsidy: '200000.00' })]);
    const e2 = await eventually('E2 insurance subsidies', () => gw.read(`/v1/enterprises/${E2}/insurance-subsidies`, reg65), (v) => expect(v.policies).toHaveLength(2));
    expect(e2.policies.map((p: Json) => [p.policyId, p.rateBp, p.subsidyFen, p.state, p.reason])).toEqual([
      ['POL4', 8000, 0, 'ineligible', 'NOT_TECH'],
      ['POL5', 8000, 987_654, 'granted', undefined],
    ]);

    // Another insurer cancelling INSA's policy: dead-lettered by every consumer of the insurance topic, nothing changes.
    const attackId = randomUUID();
    expect((await gw.post('/v1/insurance-events', insB, { events: [{ ...cancelled('POL2', '2025-06-10', 20_000_001), id: attackId }] })).status).toBe(202);
    const dls = await eventually('the foreign cancellation dead-lettered', async () => (await readDeadLetters(platform.namespace, Topics.insurance, 1)).filter((d) => d.eventId === attackId), (d) => expect(d.length).toBeGreaterThanOrEqual(2));
    expect(dls.every((d) => d.reason.startsWith('NOT_POLICY_OWNER: insurer:INSB may not cancel policy POL2 of insurer INSA'))).toBe(true);

    // The owner cancels POL1 after the cap was reached: POL1 reduced, POL3 gets the room it freed.
    await gw.command('/v1/insurance-events', insA, { events: [cancelled('POL1', '2025-03-01', 5_000_000)] });
    const v2 = await eventually('POL1 reduced', () => gw.read(`/v1/enterprises/${E1}/insurance-subsidies?year=2025`, reg65), (v) => expect(v.policies[0].state).toBe('reduced'));
    expect(lines(v2)).toEqual([
      ['POL1', 5_000_000, 'reduced'],
      ['POL2', 10_000_001, 'granted'],
      ['POL3', 4_999_999, 'granted'],
    ]);
    expect(v2.totalFen).toBe(20_000_000);

    // Who may read: the enterprise itself and regulators of its region.
    expect((await gw.get(`/v1/enterprises/${E1}/insurance-subsidies`, ent(E2))).status).toBe(403);
    expect((await gw.get(`/v1/enterprises/${E1}/insurance-subsidies`, reg6502)).status).toBe(403);
    expect((await gw.get(`/v1/enterprises/${E1}/insurance-subsidies`, insA)).status).toBe(403);

    // The regulator's subsidy summary has the insurance lines, scoped to its region.
    const summary = await gw.read('/v1/subsidies/summary?year=2025', reg65);
    expect(summary.insurance).toMatchObject({ policies: 3, eligiblePolicies: 3, reducedPolicies: 1, enterprises: 1, enterprisesAtCap: 1, subsidyFen: 20_000_000, subsidy: '200000.00' });
    expect((await gw.read('/v1/subsidies/summary?year=2024', reg6502)).insurance).toMatchObject({ policies: 2, eligiblePolicies: 1, subsidyFen: 987_654 });
  });

  it('§11: v2 loans under the bank’s own product, investments, and the figures (not published) for any date with YoY', async () => {
    const before = await topicMessageCount(platform.namespace, Topics.loan);
    const foreign = await gw.post('/v1/loan-events', bankA, { events: [disbursed('LX', E1, 100_000_000, '2024-05-01', 'credit', 'PB')] });
    expect([foreign.status, foreign.body.invalidItems, foreign.body.errors?.[0]?.path]).toEqual([422, [0], ['events', 0, 'data', 'productId']]);
    expect((await gw.post('/v1/loan-events', bankA, { events: [disbursed('LX', E1, 100_000_000, '2024-05-01', 'credit', 'NOPE')] })).status).toBe(422);
    expect(await topicMessageCount(platform.namespace, Topics.loan)).toBe(before);

    await gw.command('/v1/loan-events', bankA, {
      events: [
        disbursed('L0', E1, 100_000_000, '2023-03-01'),
        repaid('L0', 100_000_000, '2023-09-01'),
        disbursed('L1', E1, 1_000_000_000, '2024-05-01', 'credit', 'PA'),
        repaid('L1', 300_000_000, '2024-11-01'),
      ],
    });
    await gw.command('/v1/investments', admin, { investmentId: 'INV1', enterpriseId: E1, investorName: '天山创投', investorKind: 'vc', amountFen: 5_000_000_000, closedOn: '2024-10-28' });
    await gw.command('/v1/investments', admin, { investmentId: 'INV2', enterpriseId: E2, investorName: '引导基金', investorKind: 'government_fund', amountFen: 1, closedOn: '2024-01-01' });
    expect((await gw.post('/v1/investments', admin, { investmentId: 'INV3', enterpriseId: E1, investorName: 'x', investorKind: 'bank', amountFen: 1, closedOn: '2024-01-01' })).status).toBe(422);

    const lending = await eventually('§11 figures', () => gw.read('/v1/stats/lending?asOf=2024-12-31&groupBy=prefecture', reg65), (b) =>
      expect(b.slices['6501'].instruments.investmentLinked.linkedInvestment.fen).toBe(5_000_000_000),
    );
    const e1 = lending.slices['6501'].instruments;
    expect(e1).toMatchObject({
      published: false,
      investmentLinked: { loans: { value: 1, previous: 0 }, principal: { fen: 1_000_000_000 }, linkedInvestment: { fen: 5_000_000_000 } },
      innovationPoints: { loans: { value: 1, previous: 0 }, principal: { fen: 1_000_000_000 }, balance: { fen: 700_000_000, previousFen: 0 } },
      // E1's first loan was L0 in 2023 (repaid in full): L1 is not a first loan
      firstLoanEnterprises: { value: 0, previous: 1, change: -1 },
    });
    const bench = await gw.read('/v1/stats/benchmark?asOf=2024-12-31', reg65);
    expect(bench.notPublished.map((r: Json) => r.published)).toEqual(Array(7).fill('not published'));
    expect(bench.notPublished.find((r: Json) => r.metric === 'innovationPointsLoans')).toMatchObject({ computed: expect.any(String), published: 'not published' });
    const report = await gw.read('/v1/report?asOf=2024-12-31', reg65);
    expect([report.lending.stats.instruments.published, report.benchmark.notPublished.length]).toEqual([false, 7]);
  });

  it('a topic holding both v1 and v2 loan.disbursed gives the same figures as the same loans in v2', async () => {
    const loansOf = (e: string, prefix: string) => [
      disbursed(`${prefix}1`, e, 400_000_000, '2024-02-01', 'credit'),
      disbursed(`${prefix}2`, e, 600_000_000, '2024-03-01', 'credit', 'PA'),
      disbursed(`${prefix}3`, e, 800_000_000, '2024-04-01', 'ip_pledge'),
      repaid(`${prefix}3`, 100_000_000, '2024-09-01'),
    ];
    // F1 through the gateway: K1 and K3 go out as version 1 (no productId), K2 as version 2. F2: the same loans,
    // every disbursement produced to Kafka as version 2 (M1 and M3 without a productId).
    await gw.command('/v1/loan-events', bankA, { events: loansOf(F1, 'K') });
    const bus = testBus(platform.namespace, 'ins-v2');
    for (const item of loansOf(F2, 'M')) {
      const def = item.type === 'loan.disbursed' ? loanDisbursedV2 : loanRepaid;
      await bus.publish(def, item.data as never, { id: item.id, source: 'bank:BANKA' });
    }
    await bus.disconnect();
    const slices = await eventually('both slices', () => gw.read('/v1/stats/lending?asOf=2024-12-31&groupBy=prefecture', reg65), (b) =>
      expect([b.slices['6505']?.balance.fen, b.slices['6523']?.balance.fen]).toEqual([1_700_000_000, 1_700_000_000]),
    );
    expect(slices.slices['6523']).toEqual(slices.slices['6505']);
    expect(slices.slices['6505'].instruments.innovationPoints.loans.value).toBe(1);
    expect(slices.slices['6505'].instruments.firstLoanEnterprises.value).toBe(1);
  });
});
