/**
 * matching on the real infrastructure (Kafka + FerretDB), fed by the real scoring service (DOMAIN.md §3).
 * Registry, product and loan events are published by the test (the registry service is not needed).
 *
 * Scores (the cohort of services/scoring/src/scoring.int.test.ts, all revenue 1亿元 = 10,000,000,000 fen):
 *   E1 47.00 D  HTE           6501        E2 vetoed  HTE   6501
 *   E3 39.00 D  TSME          6501        E4 66.00 B  LITTLE_GIANT  6502
 *   E5 83.00 A  HTE + LITTLE_GIANT  6501
 * Products (lines = min(max, revenue × k), k = 30% A, 20% B, 10% C, 0 D):
 *   P1 BANKA credit    min score 60, HTE|LITTLE_GIANT, 100万..2000万元 (1e8..2e9 fen), 3.85%
 *   P2 BANKA ip_pledge min score 40, HTE|TSME|LITTLE_GIANT, prefecture 6501 only, ..5000万元, 3.50%
 *   P3 BANKB guarantee min score 0,  HTE, ..5000万元, 3.85%
 *   P4 BANKB credit    inactive (never offered)
 * Offers:
 *   E5 (A: 3e9): P2 3e9 at 3.50%; then at 3.85% P3 min(5e9, 3e9) = 3e9 before P1 min(2e9, 3e9) = 2e9 (line desc)
 *   E4 (B: 2e9): P1 min(2e9, 2e9) = 2e9 only (P2 is 6501-only, P3 needs HTE)
 *   E1, E3 (D: k = 0): no line, no offer;  E2: vetoed, nothing
 * Recommendations (eligibility without the line condition), by score desc:
 *   BANKA: E5 [P1, P2], E4 [P1], E1 [P2] (47 ≥ 40, HTE, 6501); E3 39 < 40
 *   BANKB: E5 [P3], E1 [P3]
 */
import { randomUUID } from 'node:crypto';
import {
  BankRegisteredEvent,
  DesignationGrantedEvent,
  EnterpriseRegisteredEvent,
  indicatorsFiled,
  loanDisbursed,
  loanRepaid,
  productPublished,
  scoreComputed,
  type EventDef,
} from '@techcredit/contracts';
import type { Bus } from '@techcredit/bus';
import { makeUscc } from '@techcredit/reference';
import { startPlatform, testNamespace, waitUntil, type Platform } from '@techcredit/testkit';
import { eventCount, filing, getJson, testBus, type Json } from '../../scoring/src/int-helpers';

const [E1, E2, E3, E4, E5] = [1, 2, 3, 4, 5].map((n) => makeUscc(820_000 + n)) as [string, string, string, string, string];
const AS_OF = '2025-06-30';
const registration = (enterpriseId: string, prefecture: string) => ({
  enterpriseId, name: `企业${enterpriseId.slice(-4)}`, prefecture, zone: null, cluster: null, establishedOn: '2015-05-05',
});
const grant = (enterpriseId: string, code: string) => ({ enterpriseId, code, validFrom: code === 'LITTLE_GIANT' ? '2022-01-01' : '2020-01-01', validTo: null });
const product = (productId: string, bankId: string, over: Record<string, unknown>) => ({
  productId, bankId, name: productId, kind: 'credit', minScore: 0, eligibleDesignations: ['HTE'], minAmountFen: 0, maxAmountFen: 5_000_000_000,
  maxTermMonths: 12, annualRateBp: 385, requiresPledge: false, active: true, ...over,
});
const P1 = product('P1', 'BANKA', { minScore: 60, eligibleDesignations: ['HTE', 'LITTLE_GIANT'], minAmountFen: 100_000_000, maxAmountFen: 2_000_000_000 });
const P2 = product('P2', 'BANKA', { kind: 'ip_pledge', minScore: 40, eligibleDesignations: ['HTE', 'TSME', 'LITTLE_GIANT'], prefectures: ['6501'], maxTermMonths: 36, annualRateBp: 350, requiresPledge: true });
const P3 = product('P3', 'BANKB', { kind: 'guarantee', maxTermMonths: 24 });
const P4 = product('P4', 'BANKB', { eligibleDesignations: ['HTE', 'LITTLE_GIANT'], annualRateBp: 100, active: false });

describe('matching service: offers and recommendations from real scores', () => {
  let platform: Platform;
  let bus: Bus;
  let url: string;
  const get = (path: string) => getJson(`${url}${path}`);
  const offers = async (e: string) => (await get(`/v1/enterprises/${e}/offers`)).body;
  const recs = async (bank: string) => (await get(`/v1/banks/${bank}/recommendations`)).body;
  const publish = async (def: EventDef, items: { data: unknown; occurredAt?: string; source?: string }[]) => {
    await bus.publishEnvelopes(items.map((it) => ({ def, envelope: bus.envelope(def, it.data, { source: it.source ?? 'test', occurredAt: it.occurredAt }) })));
  };
  const data = (xs: unknown[]) => xs.map((d) => ({ data: d }));

  beforeAll(async () => {
    const namespace = testNamespace('matching');
    platform = await startPlatform({ namespace, services: ['scoring', 'matching'], gateway: false, env: { MATCHING_AS_OF: AS_OF } });
    url = platform.services.get('matching')!.url;
    bus = testBus(namespace, 'matching-int-test');
    await publish(EnterpriseRegisteredEvent, data([registration(E1, '6501'), registration(E2, '6501'), registration(E3, '6501'), registration(E4, '6502'), registration(E5, '6501')]));
    await publish(DesignationGrantedEvent, data([grant(E1, 'HTE'), grant(E2, 'HTE'), grant(E3, 'TSME'), grant(E4, 'LITTLE_GIANT'), grant(E5, 'HTE'), grant(E5, 'LITTLE_GIANT')]));
    await publish(BankRegisteredEvent, data([
      { bankId: 'BANKA', name: '甲银行', relendingEligible: true, relendingQuotaFen: 0 },
      { bankId: 'BANKB', name: '乙银行', relendingEligible: false, relendingQuotaFen: 0 },
    ]));
    const scoring = platform.services.get('scoring')!.url;
    await waitUntil('registry applied by scoring', async () => (await eventCount(scoring, 'scoring.registry', 'done')) >= 13);
    const at = '2024-03-01T10:00:00+08:00';
    await publish(indicatorsFiled, data([
      filing(E1, 2024, at, { rdExpense: 100 }),
      filing(E2, 2024, at, { rdExpense: 200 }, { seriousDishonesty: true }),
      filing(E3, 2024, at, { rdExpense: 300 }, { ipInfringement: true }),
      filing(E4, 2024, at, { rdExpense: 400 }, { standardsLed: 2 }),
      filing(E5, 2024, at, { rdExpense: 500 }, { nationalAward: true, nationalPlatform: true, standardsLed: 2 }),
    ]));
    await publish(productPublished, [P1, P2, P3, P4].map((p) => ({ data: p, occurredAt: '2024-05-01T10:00:00+08:00', source: `bank:${p.bankId}` })));
    await waitUntil('scores and products matched', async () => {
      const [o5, o4, b] = [await offers(E5), await offers(E4), await recs('BANKA')];
      return o5.total === 3 && o4.score?.total === '66.00' && o4.score?.computedAt && b.total === 3 && (await eventCount(url, 'matching.registry', 'done')) >= 13;
    });
  }, 90_000);

  afterAll(async () => {
    await bus?.disconnect();
    await platform?.stop();
  });

  it('offers: ranked by rate, then line, with suggested lines min(max, revenue × k)', async () => {
    const o5 = await offers(E5);
    expect(o5.asOf).toBe(AS_OF);
    expect(o5.score).toMatchObject({ year: 2024, total: '83.00', grade: 'A', revenueFen: 10_000_000_000 });
    expect(o5.items.map((o: Json) => [o.productId, o.lineFen, o.line, o.annualRate])).toEqual([
      ['P2', 3_000_000_000, '30000000.00', '3.50'],
      ['P3', 3_000_000_000, '30000000.00', '3.85'],
      ['P1', 2_000_000_000, '20000000.00', '3.85'],
    ]);
    expect(o5.items[0]).toMatchObject({ bankId: 'BANKA', kind: 'ip_pledge', maxTermMonths: 36, requiresPledge: true });
    expect((await offers(E4)).items.map((o: Json) => [o.productId, o.lineFen])).toEqual([['P1', 2_000_000_000]]);
    for (const e of [E1, E3]) expect((await offers(e)).items).toEqual([]); // grade D: k = 0
    const o2 = await offers(E2);
    expect([o2.score.vetoed, o2.score.total, o2.items]).toEqual([true, null, []]);
    expect((await get(`/v1/enterprises/${makeUscc(829_999)}/offers`)).status).toBe(404);
  });

  it('recommendations: eligible enterprises by score, first-loan flag null while no loan is known', async () => {
    const a = await recs('BANKA');
    expect(a.items.map((r: Json) => [r.enterpriseId, r.total, r.grade, r.eligibleProductIds, r.firstLoanCandidate])).toEqual([
      [E5, '83.00', 'A', ['P1', 'P2'], null],
      [E4, '66.00', 'B', ['P1'], null],
      [E1, '47.00', 'D', ['P2'], null],
    ]);
    const b = await recs('BANKB');
    expect(b.items.map((r: Json) => [r.enterpriseId, r.eligibleProductIds])).toEqual([[E5, ['P3']], [E1, ['P3']]]);
    expect((await get(`/v1/banks/BANKA/recommendations/${E4}`)).body.listed).toBe(true);
    expect((await get(`/v1/banks/BANKB/recommendations/${E4}`)).body.listed).toBe(false);
    expect((await get(`/v1/banks/BANKA/recommendations/${E3}`)).body.listed).toBe(false);
    expect((await get('/v1/banks/NOBANK/recommendations')).status).toBe(404);
    const page = (await get('/v1/banks/BANKA/recommendations?limit=1&offset=1')).body;
    expect([page.total, page.items.map((r: Json) => r.enterpriseId)]).toEqual([3, [E4]]);
  });

  it('a loan outstanding at any bank clears the first-loan flag; full repayment restores it', async () => {
    const loanId = `L-${randomUUID().slice(0, 8)}`;
    await publish(loanDisbursed, [{ source: 'bank:BANKB', data: { loanId, bankId: 'BANKB', enterpriseId: E5, principalFen: 1_000_000_000, rateBp: 385, disbursedOn: '2024-06-01', maturityOn: '2027-06-01', guaranteeType: 'guarantee' } }]);
    const flags = async () => (await recs('BANKA')).items.map((r: Json) => [r.enterpriseId, r.firstLoanCandidate]);
    await waitUntil('loan known', async () => (await flags())[0]?.[1] === false);
    expect(await flags()).toEqual([[E5, false], [E4, true], [E1, true]]);
    expect((await recs('BANKA')).firstLoanCandidates).toBe(2);
    await publish(loanRepaid, [{ source: 'bank:BANKB', data: { loanId, amountFen: 1_000_000_000, repaidOn: '2025-01-15' } }]);
    await waitUntil('loan repaid', async () => (await flags())[0]?.[1] === true);
    expect(await flags()).toEqual([[E5, true], [E4, true], [E1, true]]);
  });

  it('a product is replaced by its latest version (occurredAt); a late older version and an older-year score change nothing', async () => {
    const before = await eventCount(url, 'matching.products', 'done');
    const scoresBefore = await eventCount(url, 'matching.scores', 'done');
    await publish(productPublished, [
      { data: { ...P1, minScore: 70 }, occurredAt: '2024-07-01T10:00:00+08:00', source: 'bank:BANKA' },
      { data: { ...P1, minScore: 0, name: 'stale' }, occurredAt: '2024-01-01T10:00:00+08:00', source: 'bank:BANKA' },
    ]);
    // A 2023 score for E1 (grade A) must not replace its 2024 score.
    const old = {
      enterpriseId: E1, year: 2023, stage: 'growth', vetoed: false, total: '95.00', totalHundredths: 9500, grade: 'A', base: '65.00', bonus: 30, penalty: 0,
      cohortSize: 1, revenueFen: 10_000_000_000, breakdown: [], computedAt: new Date().toISOString(),
    };
    await publish(scoreComputed, [{ data: old }]);
    await waitUntil('events applied', async () =>
      (await eventCount(url, 'matching.products', 'done')) >= before + 2 && (await eventCount(url, 'matching.scores', 'done')) >= scoresBefore + 1);

    const p1 = (await get('/v1/credit-products/P1')).body;
    expect([p1.minScore, p1.name, p1.publishedAt]).toEqual([70, 'P1', '2024-07-01T10:00:00+08:00']);
    expect((await offers(E4)).items).toEqual([]); // 66 < 70
    expect((await recs('BANKA')).items.map((r: Json) => r.enterpriseId)).toEqual([E5, E1]);
    expect((await offers(E1)).score).toMatchObject({ year: 2024, total: '47.00' });
    const list = (await get('/v1/credit-products?bankId=BANKB')).body;
    expect([list.total, list.items.map((p: Json) => [p.productId, p.active])]).toEqual([2, [['P3', true], ['P4', false]]]);
    expect((await get('/v1/credit-products/NOPE')).status).toBe(404);
  });
});
