/**
 * Replicas on the real broker and database: the statistics service runs as several instances in one
 * consumer group while the calibrated scenario (scale 0.02) streams in straight to Kafka; mid-stream one
 * instance is stopped and another added. Every live instance — whichever owns which partitions — then
 * answers every figure and slice equal to the generator's exact expectations, to the fen and the count.
 */
import { randomUUID } from 'node:crypto';
import type { Bus } from '@techcredit/bus';
import {
  BankRegisteredEvent,
  DesignationGrantedEvent,
  EnterpriseRegisteredEvent,
  loanEvents as loanEventDefs,
  totalLoansPosted,
  type EventDef,
} from '@techcredit/contracts';
import { generateScenario } from '@techcredit/scenario';
import type { RunningService } from '@techcredit/service';
import {
  diffFigures,
  getJson,
  keyFigures,
  publishAll,
  startPlatform,
  testBus,
  testNamespace,
  waitForStatsCurrent,
  type Item,
  type Platform,
  type StatsLike,
} from '@techcredit/testkit';

const scenario = generateScenario({ seed: 23, scale: 0.02 });
const admin = 'test:admin';
const at = '2022-01-01T10:00:00+08:00';
const registry: Item[] = [
  ...scenario.banks.map((b) => ({ def: BankRegisteredEvent as EventDef, data: b, id: randomUUID(), occurredAt: at, source: admin })),
  ...scenario.enterprises.map((e) => ({ def: EnterpriseRegisteredEvent as EventDef, data: e, id: randomUUID(), occurredAt: at, source: admin })),
  ...scenario.designationGrants.map((d) => ({ def: DesignationGrantedEvent as EventDef, data: d, id: randomUUID(), occurredAt: at, source: admin })),
  ...scenario.totalLoans.map((t) => ({ def: totalLoansPosted as EventDef, data: { ...t, region: '65' }, id: randomUUID(), occurredAt: at, source: 'test:regulator' })),
];
const defs = new Map<string, EventDef>(loanEventDefs.map((d) => [d.type, d]));
const bankOfLoan = new Map(scenario.loanEvents.filter((e) => e.type === 'loan.disbursed').map((e) => [e.data.loanId, (e.data as { bankId: string }).bankId]));
const loans: Item[] = scenario.loanEvents.map((e) => ({ def: defs.get(e.type)!, data: e.data, id: e.id, occurredAt: e.occurredAt, source: `bank:${bankOfLoan.get(e.data.loanId)}` }));
const half = Math.floor(loans.length / 2);

interface LendingAnswer {
  stats: StatsLike;
  slices?: Record<string, StatsLike>;
}

describe('statistics with replicas: an instance stopped and another added mid-stream (scale 0.02)', () => {
  let platform: Platform;
  let bus: Bus;
  const live: RunningService[] = [];

  beforeAll(async () => {
    platform = await startPlatform({ namespace: testNamespace('replicas'), services: ['stats'], gateway: false });
    live.push(platform.services.get('stats')!, await platform.addInstance('stats'));
    bus = testBus(platform.namespace, 'replicas-test');
  }, 180_000);

  afterAll(async () => {
    await bus?.disconnect();
    await platform?.stop();
  });

  const lending = async (url: string, asOf: string, groupBy?: string) =>
    (await getJson<LendingAnswer>(`${url}/v1/stats/lending?asOf=${asOf}${groupBy ? `&groupBy=${groupBy}` : ''}`)).body;

  test('every live instance answers every figure and slice exactly', async () => {
    await publishAll(bus, registry);
    await publishAll(bus, loans.slice(0, half));
    // One instance leaves while the first half is being worked through; a new one joins.
    const leaving = live.shift()!;
    await leaving.stop();
    live.push(await platform.addInstance('stats'));
    await publishAll(bus, loans.slice(half));
    for (const svc of live) {
      await waitForStatsCurrent(svc.url, 240_000);
      const now = await lending(svc.url, scenario.expected.asOf);
      expect({ instance: svc.url, diff: diffFigures(keyFigures(now.stats), keyFigures(scenario.expected.stats)) }).toEqual({ instance: svc.url, diff: [] });
      const before = await lending(svc.url, scenario.expected.stats2023.asOf);
      expect(diffFigures(keyFigures(before.stats), keyFigures(scenario.expected.stats2023))).toEqual([]);
      for (const dim of ['prefecture', 'bank', 'designation'] as const) {
        const sliced = await lending(svc.url, scenario.expected.asOf, dim);
        const expected = scenario.expected.slices[dim];
        expect(Object.keys(sliced.slices ?? {}).sort()).toEqual(Object.keys(expected).sort());
        for (const [key, stats] of Object.entries(expected)) {
          expect({ key, diff: diffFigures(keyFigures(sliced.slices![key]!), keyFigures(stats)) }).toEqual({ key, diff: [] });
        }
      }
    }
  }, 600_000);
});
