/** The results of a chaos run per fault kind (pure): the table it prints and the README records. */
import type { CyclePlan, FaultKind } from './plan';

export interface CycleResult {
  plan: CyclePlan;
  /** Loan events acknowledged (by the gateway's 202 or Kafka's acks) in this cycle. */
  acknowledged: number;
  /** Acknowledged events missing from some service's ledger (the worst service). */
  lost: number;
  /** Events counted twice: ledger entries beyond the acknowledged ones (worst service), plus figures above the exact ones. */
  doubleCounted: number;
  /** From the fault's injection to quiescence with every check passing (ms); undefined if it never got there. */
  recoverMs?: number;
  /** What did not hold (empty = the cycle passed). */
  problems: string[];
}

export interface KindRow {
  kind: FaultKind;
  cycles: number;
  failed: number;
  acknowledged: number;
  lost: number;
  doubleCounted: number;
  recoverMedianMs?: number;
  recoverMaxMs?: number;
}

const median = (xs: number[]): number | undefined => {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : Math.round((s[m - 1]! + s[m]!) / 2);
};

export function summarise(results: readonly CycleResult[], kinds: readonly FaultKind[]): KindRow[] {
  return kinds.map((kind) => {
    const mine = results.filter((r) => r.plan.kind === kind);
    const rec = mine.map((r) => r.recoverMs).filter((x): x is number => x !== undefined);
    return {
      kind,
      cycles: mine.length,
      failed: mine.filter((r) => r.problems.length > 0).length,
      acknowledged: mine.reduce((n, r) => n + r.acknowledged, 0),
      lost: mine.reduce((n, r) => n + r.lost, 0),
      doubleCounted: mine.reduce((n, r) => n + r.doubleCounted, 0),
      recoverMedianMs: median(rec),
      recoverMaxMs: rec.length ? Math.max(...rec) : undefined,
    };
  });
}

const secs = (ms: number | undefined): string => (ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);

/** A markdown table: one row per fault kind and a total row. */
export function renderTable(rows: readonly KindRow[]): string {
  const head = ['fault', 'cycles', 'failed', 'events acknowledged', 'lost', 'double-counted', 'recover (median)', 'recover (max)'];
  const total: KindRow = {
    kind: 'total' as FaultKind,
    cycles: rows.reduce((n, r) => n + r.cycles, 0),
    failed: rows.reduce((n, r) => n + r.failed, 0),
    acknowledged: rows.reduce((n, r) => n + r.acknowledged, 0),
    lost: rows.reduce((n, r) => n + r.lost, 0),
    doubleCounted: rows.reduce((n, r) => n + r.doubleCounted, 0),
    recoverMaxMs: rows.reduce<number | undefined>((m, r) => (r.recoverMaxMs === undefined ? m : Math.max(m ?? 0, r.recoverMaxMs)), undefined),
  };
  const body = [...rows, total].map((r) => [r.kind, String(r.cycles), String(r.failed), String(r.acknowledged), String(r.lost), String(r.doubleCounted), secs(r.recoverMedianMs), secs(r.recoverMaxMs)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

/** A run fails on any loss, any double count, or any cycle whose checks did not all hold. */
export function runFailed(results: readonly CycleResult[]): boolean {
  return results.some((r) => r.lost > 0 || r.doubleCounted > 0 || r.problems.length > 0);
}
