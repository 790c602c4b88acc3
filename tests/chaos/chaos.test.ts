import { CHAOS_SERVICES, FAULT_KINDS, parseFaults, planCycles, replayCommand } from '../../scripts/lib/chaos/plan';
import { OVERSIZE_BYTES, poisonMessages } from '../../scripts/lib/chaos/poison';
import { renderTable, runFailed, summarise, type CycleResult } from '../../scripts/lib/chaos/report';
import { parseMessage } from '@techcredit/bus';
import { Topics, loanEvents, type EventDef } from '@techcredit/contracts';

describe('chaos plan', () => {
  test('the same seed gives the same plan; another seed another', () => {
    const a = planCycles({ seed: 7, cycles: 3, faults: FAULT_KINDS, batches: 6 });
    expect(planCycles({ seed: 7, cycles: 3, faults: FAULT_KINDS, batches: 6 })).toEqual(a);
    expect(planCycles({ seed: 8, cycles: 3, faults: FAULT_KINDS, batches: 6 })).not.toEqual(a);
  });

  test('cycles are per kind, interleaved, with the fault never on the last batch', () => {
    const plan = planCycles({ seed: 1, cycles: 4, faults: ['kill', 'poison'], batches: 3 });
    expect(plan.map((c) => c.kind)).toEqual(['kill', 'poison', 'kill', 'poison', 'kill', 'poison', 'kill', 'poison']);
    expect(plan.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const c of plan) expect(c.atBatch >= 0 && c.atBatch <= 1).toBe(true);
  });

  test('process faults cycle through all eight services; pauses outlast the session timeout', () => {
    const plan = planCycles({ seed: 5, cycles: 8, faults: ['kill', 'pause'], batches: 4, sessionTimeoutMs: 30_000 });
    const kills = plan.filter((c) => c.kind === 'kill').map((c) => c.service!);
    expect([...kills].sort()).toEqual([...CHAOS_SERVICES].sort());
    // In turn: the next kill hits the next service.
    for (let i = 1; i < kills.length; i++) expect(CHAOS_SERVICES.indexOf(kills[i]!)).toBe((CHAOS_SERVICES.indexOf(kills[i - 1]!) + 1) % 8);
    for (const c of plan.filter((c) => c.kind === 'pause')) expect(c.downMs).toBeGreaterThan(30_000);
    expect(plan.filter((c) => c.kind === 'pause').map((c) => c.service)).toEqual(kills);
    const firsts = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((seed) => planCycles({ seed, cycles: 1, faults: ['kill'], batches: 4 })[0]!.service));
    expect(firsts.size).toBeGreaterThan(2);
  });

  test('fault lists are checked', () => {
    expect(parseFaults(undefined)).toEqual([...FAULT_KINDS]);
    expect(parseFaults('db, kill,db')).toEqual(['db', 'kill']);
    expect(() => parseFaults('kill,flood')).toThrow(/flood/);
    expect(() => planCycles({ seed: 1.5, cycles: 1, faults: ['kill'], batches: 3 })).toThrow(RangeError);
    expect(replayCommand({ seed: 3, cycles: 2, faults: ['kill', 'db'], scale: 0.02, batch: 25, portBase: 9800 })).toBe(
      'npm run chaos -- --seed 3 --cycles 2 --faults kill,db --scale 0.02 --batch 25 --port-base 9800',
    );
  });
});

describe('chaos poison messages', () => {
  const defs = new Map<string, EventDef>(loanEvents.map((d) => [`${d.type}@${d.version}`, d]));
  const template = {
    id: '6f1c2b1e-9d1a-4c57-9a55-2f8f6f0a0a01',
    type: 'loan.repaid',
    version: 1,
    source: 'bank:B001',
    occurredAt: '2024-03-01T10:00:00+08:00',
    correlationId: 'c',
    subject: 'L-1',
    data: { loanId: 'L-1', amountFen: 100, repaidOn: '2024-03-01' },
  };

  test('each is refused by the consumers with the reason it names', () => {
    const msgs = poisonMessages(3, template);
    expect(msgs.map((m) => m.label)).toEqual(['non-json', 'unknown-type', 'unknown-version', 'schema-invalid', 'oversize']);
    expect(new Set(msgs.map((m) => m.key)).size).toBe(5);
    for (const m of msgs) {
      const parsed = parseMessage(Buffer.from(m.value), defs, Topics.loan, (d) => d.topic);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.reason.startsWith(m.reason)).toBe(true);
    }
  });

  test('the oversize one is the size it claims, and cycles give distinct keys and ids', () => {
    const big = poisonMessages(1, template).find((m) => m.label === 'oversize')!;
    expect(Buffer.byteLength(big.value)).toBe(OVERSIZE_BYTES);
    const a = poisonMessages(1, template).map((m) => m.key);
    const b = poisonMessages(2, template).map((m) => m.key);
    expect(a.filter((k) => b.includes(k))).toEqual([]);
  });
});

describe('chaos report', () => {
  const plan = planCycles({ seed: 1, cycles: 2, faults: ['kill', 'db'], batches: 3 });
  const result = (i: number, over: Partial<CycleResult> = {}): CycleResult => ({ plan: plan[i]!, acknowledged: 100, lost: 0, doubleCounted: 0, recoverMs: 1000 * (i + 1), problems: [], ...over });

  test('rows per kind with totals; medians and maxima of the recovery', () => {
    const rows = summarise([result(0), result(1), result(2), result(3, { lost: 2, problems: ['lost 2'] })], ['kill', 'db']);
    expect(rows).toEqual([
      { kind: 'kill', cycles: 2, failed: 0, acknowledged: 200, lost: 0, doubleCounted: 0, recoverMedianMs: 2000, recoverMaxMs: 3000 },
      { kind: 'db', cycles: 2, failed: 1, acknowledged: 200, lost: 2, doubleCounted: 0, recoverMedianMs: 3000, recoverMaxMs: 4000 },
    ]);
    const table = renderTable(rows).split('\n');
    expect(table[0]).toMatch(/^\| fault +\| cycles \| failed \| events acknowledged \| lost \| double-counted \|/);
    expect(table.at(-1)).toMatch(/^\| total +\| 4 +\| 1 +\| 400 +\| 2 +\| 0 +\| — +\| 4\.0 s +\|$/);
  });

  test('a run fails on a loss, a double count or any broken check', () => {
    expect(runFailed([result(0), result(1)])).toBe(false);
    expect(runFailed([result(0, { lost: 1 })])).toBe(true);
    expect(runFailed([result(0, { doubleCounted: 1 })])).toBe(true);
    expect(runFailed([result(0, { problems: ['poison message missing from the DLQ'] })])).toBe(true);
  });
});
