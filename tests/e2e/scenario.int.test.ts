/**
 * End to end on the real broker and database: the calibrated scenario at a small scale goes through the
 * public gateway (as admins, banks, enterprises and a regulator), and every aggregate the regulator reads
 * equals the generator's expected figures to the fen and the count — also after a slice of the events is
 * redelivered (through the API and straight to Kafka) and a consumer service is restarted mid-stream.
 */
import { Bus } from '@techcredit/bus';
import { loanEventDef, loanExtended } from '@techcredit/contracts';
import { createLogger } from '@techcredit/log';
import { generateScenario, type Scenario } from '@techcredit/scenario';
import { startPlatform, testNamespace, waitUntil, type Platform } from '@techcredit/testkit';
import { postScenario } from '../../scripts/lib/post-scenario';
import { diffFigures, getJson, keyFigures, waitForConvergence } from '../../scripts/lib/scenario-check';

type StatsLike = Parameters<typeof keyFigures>[0];
interface LendingAnswer {
  stats: StatsLike;
  slices?: Record<string, StatsLike>;
}

const scenario: Scenario = generateScenario({ seed: 11, scale: 0.02 });
const half = Math.floor(scenario.loanEvents.length / 2);
const firstHalf: Scenario = { ...scenario, loanEvents: scenario.loanEvents.slice(0, half) };
const secondHalf: Scenario = { ...scenario, loanEvents: scenario.loanEvents.slice(half) };

describe('the calibrated scenario end to end (scale 0.02)', () => {
  let platform: Platform;
  let regulator: string;

  beforeAll(async () => {
    platform = await startPlatform({ namespace: testNamespace('e2e'), env: { PARK_MAX_WAIT_MS: '120000' } });
    regulator = platform.token({ role: 'regulator', region: '65', sub: 'e2e-regulator' });
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
  });

  const lending = (asOf: string, groupBy?: string) =>
    getJson<LendingAnswer>(`${platform.gatewayUrl}/v1/stats/lending?asOf=${asOf}${groupBy ? `&groupBy=${groupBy}` : ''}`, regulator);

  async function expectExact(): Promise<void> {
    const now = await lending(scenario.expected.asOf);
    expect(diffFigures(keyFigures(now.stats), keyFigures(scenario.expected.stats))).toEqual([]);
    const before = await lending(scenario.expected.stats2023.asOf);
    expect(diffFigures(keyFigures(before.stats), keyFigures(scenario.expected.stats2023))).toEqual([]);
    for (const dim of ['prefecture', 'bank', 'designation'] as const) {
      const sliced = await lending(scenario.expected.asOf, dim);
      const expected = scenario.expected.slices[dim];
      expect(Object.keys(sliced.slices ?? {}).sort()).toEqual(Object.keys(expected).sort());
      for (const [key, stats] of Object.entries(expected)) {
        expect({ key, diff: diffFigures(keyFigures(sliced.slices![key]!), keyFigures(stats)) }).toEqual({ key, diff: [] });
      }
    }
  }

  test('posted through the gateway with a consumer restart mid-stream, the aggregates equal the expected ones exactly', async () => {
    const token = platform.token;
    await postScenario(firstHalf, { gatewayUrl: platform.gatewayUrl!, token });
    // Restart a consumer service while its topics are still being worked through.
    await platform.restart('stats');
    const bankOfLoan = new Map(scenario.loanEvents.filter((e) => e.type === 'loan.disbursed').map((e) => [e.data.loanId, (e.data as { bankId: string }).bankId]));
    await postScenario(secondHalf, {
      gatewayUrl: platform.gatewayUrl!,
      token,
      bankOfLoan,
      parts: { loans: true, registry: false, products: false, filings: false, insurance: false },
    });
    const conv = await waitForConvergence({
      gatewayUrl: platform.gatewayUrl!,
      token: regulator,
      expected: keyFigures(scenario.expected.stats),
      asOf: scenario.expected.asOf,
      timeoutMs: 240_000,
      log: () => undefined,
    });
    expect(conv.differences).toEqual([]);
    await expectExact();
  }, 420_000);

  test('a redelivered slice of the events (through the API and straight to Kafka) changes nothing', async () => {
    const slice = scenario.loanEvents.slice(0, Math.min(200, scenario.loanEvents.length));
    const bankOf = new Map(scenario.loanEvents.filter((e) => e.type === 'loan.disbursed').map((e) => [e.data.loanId, (e.data as { bankId: string }).bankId]));
    // Through the gateway, under a new Idempotency-Key so the gateway publishes again; the event ids repeat.
    const byBank = new Map<string, typeof slice>();
    for (const e of slice) {
      const b = bankOf.get(e.data.loanId)!;
      byBank.set(b, [...(byBank.get(b) ?? []), e]);
    }
    for (const [bankId, events] of byBank) {
      const res = await fetch(`${platform.gatewayUrl}/v1/loan-events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${platform.token({ role: 'bank', bankId, sub: 'e2e-redelivery' })}`,
          'idempotency-key': `redelivery-${bankId}`,
        },
        body: JSON.stringify({ events }),
      });
      expect(res.status).toBe(202);
    }
    // Straight to Kafka, as a bank producing directly would.
    const logger = createLogger('e2e', 'silent');
    const bus = new Bus({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'e2e-redelivery', namespace: platform.namespace, logger });
    await bus.publishEnvelopes(
      slice.map((e) => ({ def: loanEventDef(e), envelope: bus.envelope(loanEventDef(e), e.data, { id: e.id, occurredAt: e.occurredAt, source: `bank:${bankOf.get(e.data.loanId)}` }) })),
    );
    // A marker after the redelivery for every loan of the slice: a `loan.extended` dated after the as-of
    // date (no effect on 2024 figures), keyed like the loan, so once stats shows it, the redelivered events
    // before it on that partition have been consumed.
    const extended = loanExtended;
    const markers = [...new Set(slice.map((e) => e.data.loanId))].map((loanId) =>
      bus.envelope(extended, { loanId, maturityOn: '2030-12-31', extendedOn: '2025-06-30' }, { source: `bank:${bankOf.get(loanId)}` }),
    );
    await bus.publishEnvelopes(markers.map((envelope) => ({ def: extended, envelope })));
    await bus.disconnect();
    await waitUntil(
      'stats to have consumed past the redelivered events',
      async () => {
        for (const m of markers) {
          const res = await fetch(`${platform.gatewayUrl}/v1/loans/${m.subject}`, { headers: { authorization: `Bearer ${regulator}` } });
          if (res.status !== 200 || !(await res.text()).includes(m.id)) return false;
        }
        return true;
      },
      { timeoutMs: 90_000, intervalMs: 1000 },
    );
    await expectExact();
  }, 300_000);
});
