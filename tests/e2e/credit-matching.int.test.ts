/**
 * End to end through the public gateway only (JWTs, real Kafka + FerretDB, every service in-process):
 * an admin registers two banks and five enterprises with their designations, each enterprise files its
 * 2024 indicators as itself, the scores appear, the banks publish products, and each enterprise's offers
 * and each bank's recommendation list (推荐名单) are the hand-computed ones (DOMAIN.md §2, §3).
 *
 * The cohort is the one of services/scoring/src/scoring.int.test.ts and the products the ones of
 * services/matching/src/matching.int.test.ts, whose comments carry the same arithmetic:
 *
 * Scores — five enterprises established 2015-05-05 (age 9 on 2024-12-31), each with revenue 1亿元
 * (10,000,000,000 fen < 2亿元) → all in the 2024 growth cohort. Growth weights: rdExpense 8, the other 17
 * sum to 92. Every indicator but rdExpense is equal across the cohort → percentile 0.5 → 92 × 0.5 = 46.
 *   E1 rdExpense 100, HTE                                               6501
 *   E2 rdExpense 200, HTE, seriousDishonesty → vetoed (not in N)       6501
 *   E3 rdExpense 300, TSME, ipInfringement (−10)                        6501
 *   E4 rdExpense 400, LITTLE_GIANT, standardsLed 2 (+10) + LITTLE_GIANT (+5)          6502
 *   E5 rdExpense 500, HTE + LITTLE_GIANT, nationalAward + nationalPlatform + standardsLed 2 (+30) + 5 → cap 30
 * N = 4 (E2 vetoed), 2N = 8; rdExpense (2L+E): E1 1, E3 3, E4 5, E5 7 → points 8 × r / 8 = r:
 *   E1 46 + 1 = 47.00 D;  E3 46 + 3 − 10 = 39.00 D;  E4 46 + 5 + 15 = 66.00 B;  E5 46 + 7 + 30 = 83.00 A.
 *
 * Products (line = min(max, revenue × k), k = 30% A, 20% B, 10% C, 0 D):
 *   P1 BANKA credit    min score 60, HTE|LITTLE_GIANT, 100万..2000万元 (1e8..2e9 fen), 3.85%
 *   P2 BANKA ip_pledge min score 40, HTE|TSME|LITTLE_GIANT, prefecture 6501 only, ..5000万元, 3.50%
 *   P3 BANKB guarantee min score 0,  HTE, ..5000万元, 3.85%
 *   P4 BANKB credit    inactive (never offered)
 * Offers (rate ascending, then line descending, then product id):
 *   E5 (A: 1e10 × 30% = 3e9): P2 min(5e9, 3e9) = 3e9 at 3.50%; then at 3.85% P3 min(5e9, 3e9) = 3e9 before
 *      P1 min(2e9, 3e9) = 2e9
 *   E4 (B: 1e10 × 20% = 2e9): P1 min(2e9, 2e9) = 2e9 only (P2 is 6501-only, P3 needs HTE)
 *   E1, E3 (D: k = 0): line 0 < every product's min → no offer;  E2: vetoed, nothing
 * Recommendations (eligibility without the line condition), score descending:
 *   BANKA: E5 [P1, P2], E4 [P1], E1 [P2] (47 ≥ 40, HTE, 6501); E3 39 < 40 and E2 vetoed are not listed
 *   BANKB: E5 [P3], E1 [P3]
 * First-loan (首贷) flag: null while no loan event is known; after BANKB lends to E5, E5 false, others true;
 * after full repayment, all true again.
 */
import { randomUUID } from 'node:crypto';
import { INDICATOR_KEYS, type FilingFlags, type IndicatorKey } from '@techcredit/contracts';
import type { Principal } from '@techcredit/auth';
import { makeUscc } from '@techcredit/reference';
import { startPlatform, testNamespace, type Platform } from '@techcredit/testkit';
import { creditProduct, eventually, gatewayClient, type GatewayClient, type Json } from './e2e-helpers';

const AS_OF = '2025-06-30';
const [E1, E2, E3, E4, E5] = [1, 2, 3, 4, 5].map((n) => makeUscc(840_000 + n)) as [string, string, string, string, string];
const ALL = [E1, E2, E3, E4, E5];

const admin: Principal = { role: 'admin', sub: 'e2e-admin' };
const regulator: Principal = { role: 'regulator', region: '65', sub: 'e2e-regulator' };
const bankA: Principal = { role: 'bank', bankId: 'BANKA', sub: 'e2e-banka' };
const bankB: Principal = { role: 'bank', bankId: 'BANKB', sub: 'e2e-bankb' };
const ent = (enterpriseId: string): Principal => ({ role: 'enterprise', enterpriseId, sub: `e2e-${enterpriseId}` });

const registration = (enterpriseId: string, prefecture: string) => ({
  enterpriseId,
  name: `企业${enterpriseId.slice(-4)}`,
  prefecture,
  zone: null,
  cluster: null,
  establishedOn: '2015-05-05',
});
const DESIGNATIONS: [string, string][] = [
  [E1, 'HTE'],
  [E2, 'HTE'],
  [E3, 'TSME'],
  [E4, 'LITTLE_GIANT'],
  [E5, 'HTE'],
  [E5, 'LITTLE_GIANT'],
];

const NO_FLAGS: FilingFlags = { seriousDishonesty: false, majorViolation: false, ipInfringement: false, nationalAward: false, nationalPlatform: false, standardsLed: 0 };
/** Every indicator 0 except revenue 1亿元 and rdExpense. */
const filing = (rdExpense: number, flags: Partial<FilingFlags> = {}) => ({
  year: 2024,
  indicators: { ...(Object.fromEntries(INDICATOR_KEYS.map((k) => [k, 0])) as Record<IndicatorKey, number>), revenue: 10_000_000_000, rdExpense },
  flags: { ...NO_FLAGS, ...flags },
});
const FILINGS: Record<string, ReturnType<typeof filing>> = {
  [E1]: filing(100),
  [E2]: filing(200, { seriousDishonesty: true }),
  [E3]: filing(300, { ipInfringement: true }),
  [E4]: filing(400, { standardsLed: 2 }),
  [E5]: filing(500, { nationalAward: true, nationalPlatform: true, standardsLed: 2 }),
};

const product = creditProduct;
const P1 = product('P1', 'BANKA', { minScore: 60, eligibleDesignations: ['HTE', 'LITTLE_GIANT'], minAmountFen: 100_000_000, maxAmountFen: 2_000_000_000 });
const P2 = product('P2', 'BANKA', { kind: 'ip_pledge', minScore: 40, eligibleDesignations: ['HTE', 'TSME', 'LITTLE_GIANT'], prefectures: ['6501'], maxTermMonths: 36, annualRateBp: 350, requiresPledge: true });
const P3 = product('P3', 'BANKB', { kind: 'guarantee', maxTermMonths: 24 });
const P4 = product('P4', 'BANKB', { eligibleDesignations: ['HTE', 'LITTLE_GIANT'], annualRateBp: 100, active: false });

describe('credit matching end to end through the gateway', () => {
  let platform: Platform;
  let gw: GatewayClient;
  const score = (e: string, as: Principal = ent(e)) => gw.get(`/v1/enterprises/${e}/innovation-score`, as);
  const offers = (e: string) => gw.read(`/v1/enterprises/${e}/offers`, ent(e));
  const recs = (bank: Principal & { role: 'bank' }) => gw.read(`/v1/banks/${bank.bankId}/recommendations`, bank);
  const flags = async () => (await recs(bankA)).items.map((r: Json) => [r.enterpriseId, r.firstLoanCandidate]);

  beforeAll(async () => {
    platform = await startPlatform({ namespace: testNamespace('e2e-match'), env: { PARK_INLINE_WAIT_MS: '500', MATCHING_AS_OF: AS_OF } });
    gw = gatewayClient(platform);
  }, 90_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('enterprises registered and filed through the gateway get the hand-computed scores', async () => {
    await gw.command('/v1/banks', admin, { bankId: 'BANKA', name: '甲银行', relendingEligible: true, relendingQuotaFen: 0 });
    await gw.command('/v1/banks', admin, { bankId: 'BANKB', name: '乙银行', relendingEligible: false, relendingQuotaFen: 0 });
    for (const e of ALL) await gw.command('/v1/enterprises', admin, registration(e, e === E4 ? '6502' : '6501'));
    for (const [e, code] of DESIGNATIONS) {
      await gw.command(`/v1/enterprises/${e}/designations`, admin, { code, validFrom: code === 'LITTLE_GIANT' ? '2022-01-01' : '2020-01-01', validTo: null });
    }
    // Each enterprise files as itself; another enterprise may not file for it.
    expect((await gw.post(`/v1/enterprises/${E2}/indicators`, ent(E1), FILINGS[E2])).status).toBe(403);
    for (const e of ALL) await gw.command(`/v1/enterprises/${e}/indicators`, ent(e), FILINGS[e]);

    const scores = await eventually(
      'the five scores',
      () => Promise.all(ALL.map(async (e) => (await score(e)).body)),
      (s) =>
        expect(s.map((x) => [x.total, x.grade, x.vetoed, x.stage, x.cohortSize])).toEqual([
          ['47.00', 'D', false, 'growth', 4],
          [null, null, true, 'growth', 4],
          ['39.00', 'D', false, 'growth', 4],
          ['66.00', 'B', false, 'growth', 4],
          ['83.00', 'A', false, 'growth', 4],
        ]),
      75_000,
    );
    const e5 = scores[4]!;
    expect([e5.year, e5.base, e5.bonus, e5.penalty, e5.revenueFen]).toEqual([2024, '53.00', 30, 0, 10_000_000_000]); // 46 + 7; 10+10+10+5 capped at 30
    expect(e5.breakdown[0]).toEqual({ key: 'rdExpense', value: 500, percentile: '0.8750', weight: 8, points: '7.00' }); // (2·3 + 1) / 8 = 7/8
    expect([scores[2]!.base, scores[2]!.penalty]).toEqual(['49.00', 10]); // E3: 46 + 3, ipInfringement −10
    expect([scores[3]!.bonus]).toEqual([15]); // E4: standardsLed 2 × 5 + LITTLE_GIANT 5
    expect(scores[1]!.vetoReason).toBe('SERIOUS_DISHONESTY');
    // An enterprise reads only its own score; no 2023 score exists.
    expect((await score(E5, ent(E1))).status).toBe(403);
    expect((await gw.get(`/v1/enterprises/${E5}/innovation-score?year=2023`, ent(E5))).status).toBe(404);
  });

  it('banks publish products; offers and recommendation lists are the hand-computed ones', async () => {
    // A bank publishes only for itself.
    expect((await gw.post('/v1/credit-products', bankA, P3)).status).toBe(403);
    for (const p of [P1, P2]) await gw.command('/v1/credit-products', bankA, p);
    for (const p of [P3, P4]) await gw.command('/v1/credit-products', bankB, p);

    const o5 = await eventually('E5 offers', () => offers(E5), (o) =>
      expect(o.items.map((x: Json) => [x.productId, x.bankId, x.lineFen, x.line, x.annualRate])).toEqual([
        ['P2', 'BANKA', 3_000_000_000, '30000000.00', '3.50'],
        ['P3', 'BANKB', 3_000_000_000, '30000000.00', '3.85'],
        ['P1', 'BANKA', 2_000_000_000, '20000000.00', '3.85'],
      ]),
    );
    expect(o5).toMatchObject({ enterpriseId: E5, asOf: AS_OF, total: 3, score: { year: 2024, total: '83.00', grade: 'A', revenueFen: 10_000_000_000 } });
    expect(o5.items[0]).toMatchObject({ kind: 'ip_pledge', maxTermMonths: 36, requiresPledge: true });
    const a = await eventually('BANKA recommendations', () => recs(bankA), (r) =>
      expect(r.items.map((x: Json) => [x.enterpriseId, x.total, x.grade, x.eligibleProductIds, x.firstLoanCandidate])).toEqual([
        [E5, '83.00', 'A', ['P1', 'P2'], null],
        [E4, '66.00', 'B', ['P1'], null],
        [E1, '47.00', 'D', ['P2'], null],
      ]),
    );
    expect([a.bankId, a.total, a.firstLoanCandidates]).toEqual(['BANKA', 3, 0]);
    const b = await eventually('BANKB recommendations', () => recs(bankB), (r) =>
      expect(r.items.map((x: Json) => [x.enterpriseId, x.eligibleProductIds])).toEqual([
        [E5, ['P3']],
        [E1, ['P3']],
      ]),
    );
    expect(b.total).toBe(2);

    expect((await offers(E4)).items.map((x: Json) => [x.productId, x.lineFen])).toEqual([['P1', 2_000_000_000]]);
    for (const e of [E1, E3]) expect((await offers(e)).items).toEqual([]); // grade D: k = 0
    const o2 = await offers(E2);
    expect([o2.score.vetoed, o2.score.total, o2.items]).toEqual([true, null, []]);
    // Offers are the enterprise's own; a regulator reads any bank's list; a bank reads only its own.
    expect((await gw.get(`/v1/enterprises/${E5}/offers`, ent(E4))).status).toBe(403);
    expect((await gw.read('/v1/banks/BANKA/recommendations', regulator)).items.map((x: Json) => x.enterpriseId)).toEqual([E5, E4, E1]);
    expect((await gw.get('/v1/banks/BANKA/recommendations', bankB)).status).toBe(403);
    const page = await gw.read('/v1/banks/BANKA/recommendations?limit=1&offset=1', bankA);
    expect([page.total, page.items.map((x: Json) => x.enterpriseId)]).toEqual([3, [E4]]);
    // A bank's products, bankId forced to its own: the inactive P4 is listed but never offered.
    const listed = await gw.read('/v1/credit-products', bankB);
    expect([listed.total, listed.items.map((p: Json) => [p.productId, p.active])]).toEqual([2, [['P3', true], ['P4', false]]]);
  });

  it('a bank reads the score of an enterprise on its list, not of one off it', async () => {
    const listed = await score(E4, bankA); // E4 is on BANKA's list (P1)
    expect([listed.status, listed.body.total, listed.body.grade]).toEqual([200, '66.00', 'B']);
    expect((await score(E1, bankB)).body.total).toBe('47.00'); // E1 is on BANKB's list (P3)
    expect((await score(E3, bankA)).status).toBe(403); // 39 < 40: on no list of BANKA
    expect((await score(E4, bankB)).status).toBe(403); // E4 has no HTE: not on BANKB's list
    expect((await score(E2, bankA)).status).toBe(403); // vetoed: never listed
  });

  it('a loan at any bank clears the first-loan flag; full repayment restores it', async () => {
    const loanId = `L-${randomUUID().slice(0, 8)}`;
    const event = (type: string, data: unknown, date: string) => ({ id: randomUUID(), type, occurredAt: `${date}T10:00:00+08:00`, data });
    const disbursed = event(
      'loan.disbursed',
      { loanId, bankId: 'BANKB', enterpriseId: E5, principalFen: 1_000_000_000, rateBp: 385, disbursedOn: '2024-06-01', maturityOn: '2027-06-01', guaranteeType: 'guarantee' },
      '2024-06-01',
    );
    expect(await gw.command('/v1/loan-events', bankB, { events: [disbursed] })).toMatchObject({ accepted: 1 });
    // Outstanding on the matching date 2025-06-30 → E5 is no first-loan candidate at BANKA either.
    await eventually('the loan known to matching', flags, (f) => expect(f).toEqual([[E5, false], [E4, true], [E1, true]]));
    expect((await recs(bankA)).firstLoanCandidates).toBe(2);
    expect((await recs(bankB)).items.map((x: Json) => [x.enterpriseId, x.firstLoanCandidate])).toEqual([[E5, false], [E1, true]]);

    const repaid = event('loan.repaid', { loanId, amountFen: 1_000_000_000, repaidOn: '2025-01-15' }, '2025-01-15');
    expect(await gw.command('/v1/loan-events', bankB, { events: [repaid] })).toMatchObject({ accepted: 1 });
    await eventually('the repayment known to matching', flags, (f) => expect(f).toEqual([[E5, true], [E4, true], [E1, true]]));
    expect((await recs(bankA)).firstLoanCandidates).toBe(3);
  });
});
