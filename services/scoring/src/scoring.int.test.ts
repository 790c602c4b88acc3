/**
 * scoring on the real infrastructure (Kafka + FerretDB), with a hand-computed cohort (DOMAIN.md §2).
 * Registry events are published by the test (the registry service is not needed: scoring keeps its own
 * projection of the registry topic).
 *
 * Five enterprises established 2015-05-05 (age 9 on 2024-12-31), each filing revenue 1亿元 (< 2亿元), so
 * all are in the 2024 growth cohort. Growth weights (policy book): rdExpense 8, the other 17 sum to 92.
 * Every indicator but rdExpense is equal across the cohort → percentile 0.5 → 92 × 0.5 = 46 points each.
 *
 *   E1 rdExpense 100                                        6501
 *   E2 rdExpense 200, seriousDishonesty → vetoed (not in N)  6501
 *   E3 rdExpense 300, ipInfringement (−10)                  6501
 *   E4 rdExpense 400, standardsLed 2 (+10), LITTLE_GIANT (+5) 6502
 *   E5 rdExpense 500, nationalAward + nationalPlatform + standardsLed 2 (+30) + LITTLE_GIANT (+5) → capped 30
 *
 * N = 4 (E2 vetoed), 2N = 8; rdExpense 2L+E: E1 1, E3 3, E4 5, E5 7 → points 8 × r / 8 = r.
 *   E1 46 + 1 = 47.00 D;  E3 46 + 3 − 10 = 39.00 D;  E4 46 + 5 + 15 = 66.00 B;  E5 46 + 7 + 30 = 83.00 A.
 * E1 refiles rdExpense 450 → order E3 300 (1), E4 400 (3), E1 450 (5), E5 500 (7):
 *   E1 51.00 C;  E3 37.00 D;  E4 64.00 C;  E5 83.00 unchanged (same rank, same N);  E2 unchanged.
 *   → exactly three score.computed events: E1, E3, E4.
 */
import { DesignationGrantedEvent, EnterpriseRegisteredEvent, indicatorsFiled, type EventDef, type IndicatorsFiled } from '@techcredit/contracts';
import type { Bus } from '@techcredit/bus';
import { makeUscc } from '@techcredit/reference';
import { startPlatform, testNamespace, waitUntil, type Platform } from '@techcredit/testkit';
import { eventCount, filing, getJson, scoreTopicReader, testBus, type Json } from './int-helpers';

const [E1, E2, E3, E4, E5, E6] = [1, 2, 3, 4, 5, 6].map((n) => makeUscc(810_000 + n)) as [string, string, string, string, string, string];
const registration = (enterpriseId: string, prefecture = '6501') => ({
  enterpriseId,
  name: `企业${enterpriseId.slice(-4)}`,
  prefecture,
  zone: null,
  cluster: null,
  establishedOn: '2015-05-05',
});
const littleGiant = (enterpriseId: string) => ({ enterpriseId, code: 'LITTLE_GIANT', validFrom: '2022-01-01', validTo: null });

const FLAGS: Record<string, Partial<IndicatorsFiled['flags']>> = {
  [E2]: { seriousDishonesty: true },
  [E3]: { ipInfringement: true },
  [E4]: { standardsLed: 2 },
  [E5]: { nationalAward: true, nationalPlatform: true, standardsLed: 2 },
};
const file = (e: string, rdExpense: number, filedAt: string) => filing(e, 2024, filedAt, { rdExpense }, FLAGS[e]);

describe('scoring service: hand-computed cohort over Kafka', () => {
  let platform: Platform;
  let bus: Bus;
  let url: string;
  let reader: Awaited<ReturnType<typeof scoreTopicReader>>;
  const status = async () => (await getJson(`${url}/v1/scoring/status`)).body;
  const score = async (e: string, year?: number) => getJson(`${url}/v1/enterprises/${e}/innovation-score${year ? `?year=${year}` : ''}`);
  const publish = async (def: EventDef, items: unknown[]) => {
    await bus.publishEnvelopes(items.map((data) => ({ def, envelope: bus.envelope(def, data, { source: 'test' }) })));
  };
  /** Waits until the scheduler has nothing pending and the reader has every published score event. */
  const settled = async (what: string, probe: (s: Json) => Promise<boolean> | boolean) =>
    waitUntil(what, async () => {
      const s = await status();
      return s.idle && reader.events.length >= s.scoresPublished && (await probe(s)) ? s : undefined;
    });

  beforeAll(async () => {
    const namespace = testNamespace('scoring');
    platform = await startPlatform({ namespace, services: ['scoring'], gateway: false, env: { PARK_MAX_WAIT_MS: '60000' } });
    url = platform.services.get('scoring')!.url;
    bus = testBus(namespace, 'scoring-int-test');
    reader = await scoreTopicReader(namespace);
  }, 60_000);

  afterAll(async () => {
    await reader?.stop();
    await bus?.disconnect();
    await platform?.stop();
  });

  it('scores the five filings with the hand-computed totals, grades and breakdown', async () => {
    await publish(EnterpriseRegisteredEvent, [registration(E1), registration(E2), registration(E3), registration(E4, '6502'), registration(E5)]);
    await publish(DesignationGrantedEvent, [littleGiant(E4), littleGiant(E5)]);
    await waitUntil('registry applied', async () => (await eventCount(url, 'scoring.registry', 'done')) >= 7);
    const march = '2024-03-01T10:00:00+08:00';
    await publish(indicatorsFiled, [file(E1, 100, march), file(E2, 200, march), file(E3, 300, march), file(E4, 400, march), file(E5, 500, march)]);

    await settled('five scores', async () => (await score(E5)).body.total === '83.00' && (await score(E4)).body.cohortSize === 4);
    const totals = await Promise.all([E1, E2, E3, E4, E5].map(async (e) => (await score(e)).body));
    expect(totals.map((s) => [s.total, s.grade, s.vetoed, s.stage, s.cohortSize])).toEqual([
      ['47.00', 'D', false, 'growth', 4],
      [null, null, true, 'growth', 4],
      ['39.00', 'D', false, 'growth', 4],
      ['66.00', 'B', false, 'growth', 4],
      ['83.00', 'A', false, 'growth', 4],
    ]);
    const e5 = totals[4]!;
    expect([e5.base, e5.bonus, e5.penalty]).toEqual(['53.00', 30, 0]); // 46 + 7; 10 + 10 + 10 + 5 capped at 30
    expect(e5.breakdown[0]).toEqual({ key: 'rdExpense', value: 500, percentile: '0.8750', weight: 8, points: '7.00' }); // 7/8
    expect(e5.breakdown[8]).toEqual({ key: 'revenue', value: 10_000_000_000, percentile: '0.5000', weight: 6, points: '3.00' });
    expect(totals[1]!.vetoReason).toBe('SERIOUS_DISHONESTY');
    expect((await score(E5, 2023)).status).toBe(404);

    // The last event of each enterprise on the score topic is the stored score.
    const last = new Map(reader.events.map((ev) => [ev.subject, ev.data]));
    expect([E1, E2, E3, E4, E5].map((e) => last.get(e)?.totalHundredths ?? null)).toEqual([4700, null, 3900, 6600, 8300]);

    const dist = await getJson(`${url}/v1/scores/distribution?year=2024`);
    expect(dist.body).toEqual({ year: 2024, region: '65', grades: { A: 1, B: 1, C: 0, D: 2 }, vetoed: 1, scored: 4 });
    expect((await getJson(`${url}/v1/scores/distribution?year=2024&region=6502`)).body.grades).toEqual({ A: 0, B: 1, C: 0, D: 0 });
  });

  it('a re-filing republishes only the changed scores; an out-of-date filing changes nothing', async () => {
    const before = await status();
    const eventsBefore = reader.events.length;
    // E1 refiles later in the year; an older E5 filing (February) arrives late and must not replace March's.
    await publish(indicatorsFiled, [file(E1, 450, '2024-06-01T09:00:00+08:00'), file(E5, 1, '2024-02-01T09:00:00+08:00')]);
    const after = await settled('E1 rescored', async (s) => s.filingsApplied >= before.filingsApplied + 2 && (await score(E1)).body.total === '51.00');

    expect(after.scoresPublished - before.scoresPublished).toBe(3);
    const fresh = reader.events.slice(eventsBefore);
    expect(fresh.map((ev) => [ev.subject, ev.data.total]).sort()).toEqual([
      [E1, '51.00'],
      [E3, '37.00'],
      [E4, '64.00'],
    ].sort());
    expect((await score(E4)).body.grade).toBe('C');
    expect((await score(E5)).body.total).toBe('83.00');
    expect(fresh.every((ev) => ev.type === 'score.computed' && ev.data.cohortSize === 4)).toBe(true);
  });

  it('a filing for an enterprise not yet registered is parked, then scored once it is', async () => {
    await publish(indicatorsFiled, [filing(E6, 2023, '2023-05-01T10:00:00+08:00', { rdExpense: 7 })]);
    await waitUntil('filing parked', async () => (await eventCount(url, 'scoring.filings', 'parked')) >= 1);
    expect((await score(E6)).status).toBe(404);
    await publish(EnterpriseRegisteredEvent, [registration(E6)]);
    // Alone in the 2023 growth cohort: every percentile is 0.5 → 100 × 0.5 = 50.00 C.
    const s = await waitUntil('E6 scored', async () => {
      const r = await score(E6);
      return r.status === 200 ? r.body : undefined;
    });
    expect([s.year, s.stage, s.total, s.grade, s.cohortSize]).toEqual([2023, 'growth', '50.00', 'C', 1]);
  });

  it('a burst of 2,000 filings (shuffled) costs far fewer cohort recomputes; the latest filedAt wins', async () => {
    const before = await status();
    const base = Date.UTC(2024, 7, 1);
    const values: Record<string, number> = { [E1]: 450, [E2]: 200, [E3]: 300, [E4]: 400, [E5]: 500 }; // the final round
    const burst: IndicatorsFiled[] = [];
    for (let r = 0; r < 400; r++) {
      [E1, E2, E3, E4, E5].forEach((e, i) => {
        const rd = r === 399 ? (values[e] as number) : 1000 + ((r * 7919 + i * 104_729) % 1000);
        burst.push(file(e, rd, new Date(base + r * 1000).toISOString()));
      });
    }
    // Deterministic shuffle (LCG), so arrival order ≠ filing order.
    let seed = 42;
    for (let i = burst.length - 1; i > 0; i--) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const j = seed % (i + 1);
      [burst[i], burst[j]] = [burst[j]!, burst[i]!];
    }
    for (let i = 0; i < burst.length; i += 500) await publish(indicatorsFiled, burst.slice(i, i + 500).map((f) => ({ ...f })));
    const after = await settled('burst applied', (s) => s.filingsApplied >= before.filingsApplied + 2000);

    const cohortRecomputes = after.cohortRecomputes - before.cohortRecomputes;
    expect(after.filingsApplied - before.filingsApplied).toBe(2000);
    expect(cohortRecomputes).toBeGreaterThanOrEqual(1);
    expect(cohortRecomputes).toBeLessThanOrEqual(100); // 2,000 filings, at most one recompute per 20
    // The final round restores the re-filed state: same totals as after E1's re-filing.
    const totals = await Promise.all([E1, E2, E3, E4, E5].map(async (e) => (await score(e, 2024)).body.total));
    expect(totals).toEqual(['51.00', null, '37.00', '64.00', '83.00']);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/techcredit_scoring_cohort_recomputes_total\{[^}]*\} \d+/);
  });
});

describe('scoring service: dirty marks are durable', () => {
  it('cohorts marked dirty but not yet recomputed when the service stops are recomputed by the next process', async () => {
    const namespace = testNamespace('scoring-restart');
    // The scheduler of this instance never fires on its own: only a restart can recompute.
    const platform = await startPlatform({ namespace, services: ['scoring'], gateway: false, env: { SCORING_QUIET_MS: '600000', SCORING_MAX_DELAY_MS: '600000' } });
    const bus = testBus(namespace, 'scoring-restart-test');
    try {
      let url = platform.services.get('scoring')!.url;
      const status = async () => (await getJson(`${url}/v1/scoring/status`)).body;
      const [R1, R2] = [makeUscc(830_001), makeUscc(830_002)] as [string, string];
      const send = async (def: EventDef, xs: unknown[]) => bus.publishEnvelopes(xs.map((d) => ({ def, envelope: bus.envelope(def, d, { source: 'test' }) })));
      await send(EnterpriseRegisteredEvent, [registration(R1), registration(R2)]);
      await waitUntil('registry applied', async () => (await eventCount(url, 'scoring.registry', 'done')) >= 2);
      await send(indicatorsFiled, [filing(R1, 2024, '2024-03-01T10:00:00+08:00', { rdExpense: 1 }), filing(R2, 2024, '2024-03-01T10:00:00+08:00', { rdExpense: 2 })]);
      const pending = await waitUntil('filings applied', async () => {
        const s = await status();
        return s.filingsApplied === 2 ? s : undefined;
      });
      expect([pending.pendingCohorts, pending.scores, pending.recomputeRuns]).toEqual([1, 0, 0]); // 2024:growth marked, nothing scored

      url = (await platform.restart('scoring')).url;
      // N = 2, 2N = 4: rdExpense 2L+E = 1 and 3 → 8 × 1/4 = 2 and 8 × 3/4 = 6 points; + 92 × 0.5 = 46.
      const totals = await waitUntil('recomputed after the restart', async () => {
        const r = await Promise.all([R1, R2].map((e) => getJson(`${url}/v1/enterprises/${e}/innovation-score`)));
        return r.every((x) => x.status === 200) ? r.map((x) => [x.body.total, x.body.grade]) : undefined;
      });
      expect(totals).toEqual([['48.00', 'D'], ['52.00', 'C']]);
      expect(await waitUntil('marks cleared', async () => ((await status()).idle ? status() : undefined))).toMatchObject({ pendingCohorts: 0, scores: 2, filings: 2 });
    } finally {
      await bus.disconnect();
      await platform.stop();
    }
  }, 90_000);
});
