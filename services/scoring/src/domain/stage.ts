import { endOfYear, wholeYearsBetween } from '@techcredit/money';
import type { Stage } from './types';

/** The stage parameters of `scoringRules`. */
export interface StageRules {
  startupAgeYears: number;
  stableRevenueFen: number;
}

/**
 * Stage of an enterprise for a filing year (DOMAIN.md §2): age = whole years from `establishedOn` to
 * Dec 31 of `year`; `startup` if age < startupAgeYears (also when established after that day), else
 * `growth` if revenue < stableRevenueFen (2亿元), else `stable`.
 */
export function stageOf(establishedOn: string, year: number, revenueFen: number, rules: StageRules): Stage {
  const age = wholeYearsBetween(establishedOn, endOfYear(year));
  if (age < rules.startupAgeYears) return 'startup';
  return revenueFen < rules.stableRevenueFen ? 'growth' : 'stable';
}
