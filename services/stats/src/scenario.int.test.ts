/**
 * The calibrated scenario (seed 7, scale 0.01) fed straight into Kafka (with its products, investments and v1 and
 * v2 disbursements): the statistics served over HTTP
 * equal the scenario's own expected aggregates exactly (to the fen and the count), after a restart of the
 * stats service mid-stream and a redelivery of a slice of the loan events.
 */
import { randomUUID } from 'node:crypto';
import {
  BankRegisteredEvent,
  DesignationGrantedEvent,
  EnterpriseRegisteredEvent,
  investmentRecorded,
  loanEventDef,
  productPublished,
  totalLoansPosted,
  type EventDef,
} from '@techcredit/contracts';
import { generateScenario } from '@techcredit/scenario';
import { startPlatform, testNamespace, waitUntil, type Platform } from '@techcredit/testkit';
import type { Bus } from '@techcredit/bus';
import { eventCount, getJson, publishAll, testBus, type Item } from './int-helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const scenario = generateScenario({ seed: 7, scale: 0.01 });
const registeredAt = '2022-01-01T09:00:00+08:00';
const admin = (def: EventDef, data: unknown): Item => ({ def, data, id: randomUUID(), occurredAt: registeredAt, source: 'test:admin' });
const bankOfLoan = new Map<string, string>();
for (const e of scenario.loanEvents) if (e.type === 'loan.disbursed') bankOfLoan.set(e.data.loanId, e.data.bankId);

const registry: Item[] = [
  ...scenario.enterprises.map((e) => admin(EnterpriseRegisteredEvent, e)),
  ...scenario.designationGrants.map((g) => admin(DesignationGrantedEvent, g)),
  ...scenario.banks.map((b) => admin(BankRegisteredEvent, b)),
  ...scenario.totalLoans.map((t) => ({ ...admin(totalLoansPosted, { ...t, region: '65' }), source: 'test:regulator' })),
  // §11: the banks' products (some loans are v2 under them) and the outside investments
  ...scenario.products.map((p) => ({ ...admin(productPublished, p), source: `bank:${p.bankId}` })),
  ...scenario.investments.map((i) => ({ def: investmentRecorded as EventDef, data: i.data, id: i.id, occurredAt: i.occurredAt, source: 'test:admin' })),
];
const loans: Item[] = scenario.loanEvents.map((e) => ({
  def: loanEventDef(e),
  data: e.data,
  id: e.id,
  occurredAt: e.occurredAt,
  source: `bank:${bankOfLoan.get(e.data.loanId)}`,
}));

describe('stats service on the calibrated scenario (seed 7, scale 0.01)', () => {
  let platform: Platform;
  let bus: Bus;
  let stats: () => string;

  beforeAll(async () => {
    const namespace = testNamespace('stats-scn');
    platform = await startPlatform({ namespace, services: ['registry', 'stats'], gateway: false });
    stats = () => platform.services.get('stats')!.url;
    bus = testBus(namespace);
  }, 60_000);

  afterAll(async () => {
    await bus?.disconnect();
    await platform?.stop();
  });

  it('serves exactly the expected statistics through a restart and a redelivery', async () => {
    const half = Math.floor(loans.length / 2);
    await publishAll(bus, registry);
    await publishAll(bus, loans.slice(0, half));
    // Restart the stats service while it is consuming the first half.
    await waitUntil('some loan events applied', async () => (await eventCount(stats(), 'stats.loans', 'done')) >= 10, { timeoutMs: 30_000, intervalMs: 50 });
    await platform.restart('stats');
    // Redeliver a slice of the first half (same event ids), then the rest of the stream.
    await publishAll(bus, loans.slice(0, 80));
    await publishAll(bus, loans.slice(half));

    const lending = async (asOf: string, groupBy?: string) =>
      (await getJson<Json>(`${stats()}/v1/stats/lending?asOf=${asOf}${groupBy ? `&groupBy=${groupBy}` : ''}`)).body;
    const expected2024 = JSON.parse(JSON.stringify(scenario.expected.stats)) as Json;
    await waitUntil(
      'statistics at 2024-12-31 equal the expected ones',
      async () => JSON.stringify(sortKeys((await lending('2024-12-31')).stats)) === JSON.stringify(sortKeys(expected2024)),
      { timeoutMs: 60_000, intervalMs: 500 },
    ).catch(() => undefined); // the assertions below show the difference

    const at2024 = await lending('2024-12-31');
    expect(at2024.stats).toEqual(expected2024);
    expect(at2024.stats.current.supportedEnterprises).toBe(scenario.expected.stats.current.supportedEnterprises);
    expect(at2024.stats.balance.fen).toBe(scenario.expected.stats.balance.fen);
    expect((await lending('2023-12-31')).stats).toEqual(JSON.parse(JSON.stringify(scenario.expected.stats2023)));
    for (const dim of ['prefecture', 'zone', 'cluster', 'designation', 'bank'] as const) {
      expect((await lending('2024-12-31', dim)).slices).toEqual(JSON.parse(JSON.stringify(scenario.expected.slices[dim])));
    }
    const bench = (await getJson<Json>(`${stats()}/v1/stats/benchmark?asOf=2024-12-31`)).body;
    expect(bench.items).toEqual(scenario.expected.benchmark);

    // Every loan is folded once: the redelivered events did not add movements.
    const first = scenario.loanEvents[0]!;
    const view = (await getJson<Json>(`${stats()}/v1/loans/${first.data.loanId}`)).body;
    const movements = scenario.loanEvents.filter((e) => e.data.loanId === first.data.loanId && (e.type === 'loan.repaid' || e.type === 'loan.written_off'));
    expect(view.movements.map((m: Json) => m.eventId).sort()).toEqual(movements.map((e) => e.id).sort());
    expect(view.refusals).toEqual([]);
    expect(await eventCount(stats(), 'stats.loans', 'dead-lettered')).toBe(0);
  }, 180_000); // the stats service also consumes products, investments and policies now: 90 s ran out on a loaded machine
});

/** Object keys sorted recursively (a stable string for comparing JSON whose key order may differ). */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sortKeys(x)]));
  return v;
}
