import {
  SIMULATED_PARTS,
  SIMULATION_PART_ANSWERS,
  SIMULATION_ROW_KEYS,
  SIMULATION_SCOPE,
  SIMULATION_SERVICES,
  simulatedParts,
  type SimulatedPart,
  type SimulationRequest,
} from '@techcredit/contracts';
import type { PartOutcome } from './report';
import type { UpstreamName } from './upstreams';

/**
 * A policy simulation (`POST /v1/simulations`, DOMAIN.md §13, docs/decisions/0016) composed from the
 * services that own the figures: each part the draft's key affects (`SIMULATION_SCOPE`) is computed by its
 * service under the live book and under the draft, in parallel; here the two are put side by side, row by
 * row, with their differences (draft − current), and totalled. A part the key does not affect is not called
 * and is marked `{ simulated: false, reason }`; a failed or malformed part fails the answer (502 naming it).
 */
export interface SimulationCall {
  part: SimulatedPart;
  service: UpstreamName;
}

export type Figures = Record<string, number>;
type Row = Record<string, unknown>;

export interface DiffRow {
  key: Record<string, string | number>;
  current: Figures;
  draft: Figures;
  difference: Figures;
}

export interface SimulatedPartResult {
  simulated: true;
  asOf: string | null;
  rows: DiffRow[];
  totals: { current: Figures; draft: Figures; difference: Figures };
}

export interface NotSimulated {
  simulated: false;
  reason: string;
}

export type Simulation = {
  draft: { key: string; effectiveFrom: string };
  effectiveTo: string | null;
  period: { fromYear: number; toYear: number };
  note: string;
} & Record<SimulatedPart, SimulatedPartResult | NotSimulated>;

export function simulationCalls(req: SimulationRequest): SimulationCall[] {
  return simulatedParts(req.draft.key).map((part) => ({ part, service: SIMULATION_SERVICES[part] }));
}

const splitRow = (row: Row, keys: readonly string[]): { key: Record<string, string | number>; figures: Figures } => {
  const key: Record<string, string | number> = {};
  const figures: Figures = {};
  for (const [k, v] of Object.entries(row)) {
    if (keys.includes(k)) key[k] = v as string | number;
    else figures[k] = v as number;
  }
  return { key, figures };
};

const zeroLike = (f: Figures): Figures => Object.fromEntries(Object.keys(f).map((k) => [k, 0]));
const minus = (a: Figures, b: Figures): Figures => Object.fromEntries(Object.keys(a).map((k) => [k, (a[k] ?? 0) - (b[k] ?? 0)]));
const plus = (a: Figures, b: Figures): Figures => Object.fromEntries(Object.keys(b).map((k) => [k, (a[k] ?? 0) + (b[k] ?? 0)]));

/**
 * Current and draft rows matched on `keys` (a row missing on one side counts as zeros there), ordered by
 * the key fields in turn; every figure with its difference draft − current.
 */
export function diffRows(keys: readonly string[], current: readonly Row[], draft: readonly Row[]): DiffRow[] {
  const byKey = new Map<string, { key: Record<string, string | number>; current?: Figures; draft?: Figures }>();
  const put = (rows: readonly Row[], side: 'current' | 'draft') => {
    for (const row of rows) {
      const { key, figures } = splitRow(row, keys);
      const id = JSON.stringify(keys.map((k) => key[k]));
      const entry = byKey.get(id) ?? { key };
      entry[side] = figures;
      byKey.set(id, entry);
    }
  };
  put(current, 'current');
  put(draft, 'draft');
  const cmp = (a: Record<string, string | number>, b: Record<string, string | number>): number => {
    for (const k of keys) {
      const x = a[k]!;
      const y = b[k]!;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };
  return [...byKey.values()]
    .sort((a, b) => cmp(a.key, b.key))
    .map((e) => {
      const c = e.current ?? zeroLike(e.draft!);
      const d = e.draft ?? zeroLike(c);
      return { key: e.key, current: c, draft: d, difference: minus(d, c) };
    });
}

/** Σ over rows of each side and of the differences. */
export function totalsOf(rows: readonly DiffRow[]): SimulatedPartResult['totals'] {
  const sum = (side: 'current' | 'draft' | 'difference') => rows.reduce<Figures>((acc, r) => plus(acc, r[side]), {});
  return { current: sum('current'), draft: sum('draft'), difference: sum('difference') };
}

export interface FailedSimulationPart {
  part: SimulatedPart;
  service: UpstreamName;
  status: number;
  detail: string;
}

export type SimulationResult = { ok: true; simulation: Simulation } | { ok: false; failed: FailedSimulationPart[] };

/** `outcomes[i]` is the outcome of `calls[i]`; parts without a call are marked not simulated. */
export function composeSimulation(req: SimulationRequest, calls: readonly SimulationCall[], outcomes: readonly PartOutcome[]): SimulationResult {
  const scope = SIMULATION_SCOPE[req.draft.key];
  const failed: FailedSimulationPart[] = [];
  const out = {
    draft: { key: req.draft.key, effectiveFrom: req.draft.effectiveFrom },
    effectiveTo: req.effectiveTo ?? null,
    period: req.period,
    note: scope.note,
  } as Simulation;
  for (const part of SIMULATED_PARTS) out[part] = { simulated: false, reason: `a ${req.draft.key} draft does not change ${part}` };
  calls.forEach((call, i) => {
    const outcome = outcomes[i];
    if (!outcome) return void failed.push({ ...call, status: 502, detail: 'no answer' });
    if (!outcome.ok) return void failed.push({ ...call, status: outcome.status, detail: outcome.detail });
    const parsed = SIMULATION_PART_ANSWERS[call.part].safeParse(outcome.body);
    if (!parsed.success) return void failed.push({ ...call, status: 502, detail: `malformed answer: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
    const answer = parsed.data as { asOf: string | null; current: Row[]; draft: Row[] };
    const rows = diffRows(SIMULATION_ROW_KEYS[call.part], answer.current, answer.draft);
    out[call.part] = { simulated: true, asOf: answer.asOf, rows, totals: totalsOf(rows) };
  });
  return failed.length > 0 ? { ok: false, failed } : { ok: true, simulation: out };
}
