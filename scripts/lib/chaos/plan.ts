/**
 * The seeded plan of a chaos run (pure): which fault each cycle injects, where in the cycle's stream of
 * batches, against which service, for how long. The same seed, cycle count and fault list give the same
 * plan, so a failing seed replays (`npm run chaos -- --seed N …`).
 */
import { Rng } from '@techcredit/scenario';

export const FAULT_KINDS = ['kill', 'term', 'broker', 'db', 'pause', 'duplicate', 'reorder', 'poison', 'skew'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The eight services, in the order the process faults cycle through them. */
export const CHAOS_SERVICES = ['registry', 'scoring', 'matching', 'pledge', 'relending', 'subsidy', 'stats', 'gateway'] as const;
export type ChaosService = (typeof CHAOS_SERVICES)[number];

/** Kinds that act on one service process. */
const PROCESS_FAULTS: readonly FaultKind[] = ['kill', 'term', 'pause'];

export interface CyclePlan {
  /** 0-based, over the whole run. */
  index: number;
  kind: FaultKind;
  /** The n-th cycle of this kind (0-based). */
  ofKind: number;
  /** The fault fires as batch `atBatch` of the cycle's `batches` is sent (0 ≤ atBatch < batches). */
  atBatch: number;
  /** kill / term / pause: the service, each of the eight in turn per kind. */
  service?: ChaosService;
  /** broker / db: how long it stays down; pause: how long the process is stopped (ms). */
  downMs: number;
  /** broker / db: SIGKILL (a crash) rather than an orderly stop; db: which part goes down. */
  crash: boolean;
  dbPart: 'ferretdb' | 'postgresql' | 'both';
  /** duplicate: how many batches already acknowledged are produced again; reorder: loans whose later events go first. */
  count: number;
  /** skew: the producer clock's offset applied to occurredAt (ms, ±). */
  skewMs: number;
}

export interface PlanOptions {
  seed: number;
  /** Cycles per fault kind. */
  cycles: number;
  faults: readonly FaultKind[];
  /** Batches each cycle sends. */
  batches: number;
  /** SIGSTOP must outlast the consumer session timeout (default 30 s). */
  sessionTimeoutMs?: number;
}

export function parseFaults(list: string | undefined): FaultKind[] {
  if (!list) return [...FAULT_KINDS];
  const out = list.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = out.filter((f) => !(FAULT_KINDS as readonly string[]).includes(f));
  if (bad.length) throw new RangeError(`unknown fault kind(s): ${bad.join(', ')} (known: ${FAULT_KINDS.join(', ')})`);
  if (out.length === 0) throw new RangeError('--faults lists no fault kind');
  return [...new Set(out)] as FaultKind[];
}

/** Kinds interleaved (kill, term, …, kill, term, …): every kind has had n cycles before any has n + 2. */
export function planCycles(o: PlanOptions): CyclePlan[] {
  if (!Number.isSafeInteger(o.seed)) throw new RangeError(`seed must be an integer, got ${o.seed}`);
  if (!(Number.isInteger(o.cycles) && o.cycles >= 1)) throw new RangeError(`cycles must be a positive integer, got ${o.cycles}`);
  if (!(Number.isInteger(o.batches) && o.batches >= 2)) throw new RangeError(`a cycle needs at least 2 batches, got ${o.batches}`);
  const session = o.sessionTimeoutMs ?? 30_000;
  const out: CyclePlan[] = [];
  const first = Rng.stream(o.seed, 'chaos:first-service').int(0, CHAOS_SERVICES.length - 1);
  for (let round = 0; round < o.cycles; round++) {
    for (const kind of o.faults) {
      const rng = Rng.stream(o.seed, `chaos:${kind}:${round}`);
      const index = out.length;
      const plan: CyclePlan = {
        index,
        kind,
        ofKind: round,
        // Never the last batch: something is still sent after the fault.
        atBatch: rng.int(0, o.batches - 2),
        downMs: kind === 'pause' ? session + rng.int(3_000, 8_000) : rng.int(1_000, 6_000),
        crash: rng.chance(50),
        dbPart: rng.pick(['ferretdb', 'postgresql', 'both'] as const),
        count: rng.int(1, 3),
        skewMs: (rng.chance(50) ? 1 : -1) * rng.int(60_000, 6 * 3_600_000),
      };
      // Each of the eight in turn, from a seeded first one (short runs of different seeds hit different services).
      if (PROCESS_FAULTS.includes(kind)) plan.service = CHAOS_SERVICES[(round + first) % CHAOS_SERVICES.length];
      out.push(plan);
    }
  }
  return out;
}

/** The command that replays a run (the same plan, the same stream). */
export function replayCommand(o: { seed: number; cycles: number; faults: readonly FaultKind[]; scale: number; batch: number; portBase: number }): string {
  return `npm run chaos -- --seed ${o.seed} --cycles ${o.cycles} --faults ${o.faults.join(',')} --scale ${o.scale} --batch ${o.batch} --port-base ${o.portBase}`;
}

/** A human line for one cycle's fault. */
export function describeFault(c: CyclePlan): string {
  switch (c.kind) {
    case 'kill':
      return `SIGKILL ${c.service}`;
    case 'term':
      return `SIGTERM ${c.service} during a batch`;
    case 'pause':
      return `SIGSTOP ${c.service} for ${(c.downMs / 1000).toFixed(1)} s, then SIGCONT`;
    case 'broker':
      return `broker ${c.crash ? 'SIGKILL' : 'SIGTERM'}, down ${(c.downMs / 1000).toFixed(1)} s`;
    case 'db':
      return `database (${c.dbPart}) ${c.crash && c.dbPart !== 'postgresql' ? 'SIGKILL' : 'stop'}, down ${(c.downMs / 1000).toFixed(1)} s`;
    case 'duplicate':
      return `${c.count} acknowledged batch(es) produced again`;
    case 'reorder':
      return `later events of ${c.count} loan(s) sent before their disbursement`;
    case 'poison':
      return 'poison messages: non-JSON, unknown type, unknown version, schema-invalid, oversize';
    case 'skew':
      return `producer clock skewed ${c.skewMs > 0 ? '+' : ''}${Math.round(c.skewMs / 60_000)} min`;
  }
}
