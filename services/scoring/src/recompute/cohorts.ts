/**
 * The computing half of a recompute (no database, no bus): which members each dirty (year, stage) cohort
 * has now, their scores (pure domain `scoreCohort`) and which of them changed against the last published
 * score (`scoreChanged`), each changed one with its new event id.
 */
import type { Stage } from '@techcredit/contracts';
import { endOfYear } from '@techcredit/money';
import type { PolicyBook } from '@techcredit/policy';
import type { RegistryView } from '@techcredit/projections';
import { designationsValidOn } from '@techcredit/reference';
import { memberFromFiling, scoreChanged, scoreCohort, type CohortMember } from '../domain';
import { scoreEventId } from './event-id';
import type { FilingBook, ScoreBook, StoredScore } from './state';

export interface CohortOutcome {
  year: number;
  stage: Stage;
  members: number;
  /** Every member's score after the recompute: the new one if it changed, else the stored one. */
  all: StoredScore[];
  changed: StoredScore[];
}

export interface CohortInputs {
  filings: FilingBook;
  scores: ScoreBook;
  registry: Pick<RegistryView, 'enterprise'>;
  book: PolicyBook;
  /** Stamped on every changed score (`computedAt`). */
  computedAt: string;
  /** Years without a scoring policy in force on Dec 31 (their filings stay unscored). */
  onNoPolicy: (year: number) => void;
}

export async function recomputeCohorts(dirty: ReadonlyMap<number, ReadonlySet<Stage>>, inp: CohortInputs): Promise<CohortOutcome[]> {
  const out: CohortOutcome[] = [];
  for (const [year, dirtyStages] of dirty) {
    const eoy = endOfYear(year);
    const weights = inp.book.at('scoringWeights', eoy);
    const rules = inp.book.at('scoringRules', eoy);
    if (!weights || !rules) {
      inp.onNoPolicy(year);
      continue;
    }
    // The year's members now: stage from establishedOn and revenue, LITTLE_GIANT valid on Dec 31 (DOMAIN.md §2).
    const all: CohortMember[] = [];
    for (const f of inp.filings.ofYear(year)) {
      const e = await inp.registry.enterprise(f.enterpriseId);
      if (!e) continue; // filings are parked until the enterprise is known, so this does not happen
      const littleGiantOnDec31 = designationsValidOn(e.designations, eoy).has('LITTLE_GIANT');
      all.push(memberFromFiling({ enterpriseId: f.enterpriseId, establishedOn: e.establishedOn, filing: f.filing, littleGiantOnDec31 }, rules));
    }
    // A member whose stored score is in another stage moved: both cohorts are recomputed.
    const stages = new Set(dirtyStages);
    for (const m of all) {
      const s = inp.scores.get(m.enterpriseId, year)?.data.stage;
      if (s && s !== m.stage && (stages.has(s) || stages.has(m.stage))) stages.add(s).add(m.stage);
    }
    for (const stage of stages) {
      const cohort = all.filter((m) => m.stage === stage);
      const o: CohortOutcome = { year, stage, members: cohort.length, all: [], changed: [] };
      for (const r of scoreCohort(cohort, weights, rules)) {
        const prev = inp.scores.get(r.enterpriseId, year);
        if (prev && !scoreChanged(prev.data, r)) {
          o.all.push(prev);
          continue;
        }
        const s: StoredScore = { eventId: scoreEventId(prev?.eventId ?? null, r), data: { ...r, computedAt: inp.computedAt } };
        o.all.push(s);
        o.changed.push(s);
      }
      out.push(o);
    }
  }
  return out;
}
