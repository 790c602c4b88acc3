/**
 * Gathers what the pure what-if (domain/what-if.ts, DOMAIN.md §14) needs for one enterprise and year, from the
 * engine's in-memory filings and scores, the registry projection and the policy book — and reads nothing else:
 * the enterprise's current filing, its establishedOn and LITTLE_GIANT on Dec 31, the policy in force on Dec 31, and
 * every other current filing of the year placed in its stage (the stored score's stage when that score was computed
 * from the same revenue, else from the registry's establishedOn, as the live recompute places it).
 */
import pMap from 'p-map';
import { endOfYear } from '@techcredit/money';
import type { PolicyBook } from '@techcredit/policy';
import type { RegistryView } from '@techcredit/projections';
import { designationsValidOn } from '@techcredit/reference';
import { NotFound } from '@techcredit/service';
import { memberFromFiling, type CohortMember, type WhatIfInput } from '../domain';
import type { FilingBook, ScoreBook } from './state';

export interface WhatIfSources {
  filings: FilingBook;
  scores: ScoreBook;
  registry: Pick<RegistryView, 'enterprise'>;
  book: PolicyBook;
}

export async function whatIfInputs(src: WhatIfSources, enterpriseId: string, requestedYear: number | undefined): Promise<Omit<WhatIfInput, 'changes'>> {
  const years = src.filings.yearsOf(enterpriseId);
  const year = requestedYear ?? (years.length ? Math.max(...years) : undefined);
  const own = year === undefined ? undefined : src.filings.get(enterpriseId, year);
  if (year === undefined || !own) throw new NotFound(`enterprise ${enterpriseId} has filed no indicators${requestedYear === undefined ? '' : ` for ${requestedYear}`}`);
  const eoy = endOfYear(year);
  const weights = src.book.at('scoringWeights', eoy);
  const rules = src.book.at('scoringRules', eoy);
  if (!weights || !rules) throw new NotFound(`no scoring policy in force on ${eoy}`);
  const enterprise = await src.registry.enterprise(enterpriseId);
  if (!enterprise) throw new NotFound(`enterprise ${enterpriseId} is not registered`);

  const filings = src.filings.ofYear(year).filter((f) => f.enterpriseId !== enterpriseId);
  const others = await pMap(
    filings,
    async (f): Promise<CohortMember | null> => {
      const stored = src.scores.get(f.enterpriseId, year)?.data;
      if (stored && stored.revenueFen === f.filing.indicators.revenue) {
        return { enterpriseId: f.enterpriseId, year, stage: stored.stage, indicators: f.filing.indicators, flags: f.filing.flags, littleGiantOnDec31: false };
      }
      const e = await src.registry.enterprise(f.enterpriseId);
      if (!e) return null; // a filing is parked until its enterprise is known: not in any cohort yet
      return memberFromFiling({ enterpriseId: f.enterpriseId, establishedOn: e.establishedOn, filing: f.filing, littleGiantOnDec31: false }, rules);
    },
    { concurrency: 16 },
  );
  return {
    enterpriseId,
    establishedOn: enterprise.establishedOn,
    littleGiantOnDec31: designationsValidOn(enterprise.designations, eoy).has('LITTLE_GIANT'),
    filing: own.filing,
    others: others.filter((m): m is CohortMember => m !== null),
    weights,
    rules,
  };
}
