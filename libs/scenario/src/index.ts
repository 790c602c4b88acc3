/**
 * Deterministic, calibrated 2024 scenario (DOMAIN.md §8): registry, banks, products, filings and 2023–2024
 * loan events whose statistics reproduce the published figures at scale 1. Pure data: no I/O.
 */
import { generateApplications, programmeTargets } from './applications';
import { targetsAt, UNIT_FEN } from './calibration';
import { cohortSizes } from './cohorts';
import { generateBanks, generateProducts } from './banks';
import { loanEvents } from './events';
import { AS_OF, computeExpected } from './expected';
import { generateFilings } from './filings';
import { INSURERS, generateInvestments, generatePolicies, withProducts } from './insurance';
import { planLoans } from './loans';
import { PledgeFactory } from './pledges';
import { Rng } from './prng';
import { generateEnterprises } from './registry';
import type { Scenario } from './types';

export * from './types';
export { generateApplications, programmeTargets, type ApplicationRecord } from './applications';
export { targetsAt, CHOICES, UNIT_FEN, type Targets } from './calibration';
export { computeExpected, toStatsInput, AS_OF } from './expected';
export { BANK_SPECS } from './banks';
export { Rng, hash32 } from './prng';
export { PREFECTURE_WEIGHTS, dateBetween } from './registry';
export { PledgeFactory } from './pledges';
export type { LoanPlan } from './loans';
export { splitByWeights, splitWithMin, fitToSum } from './split';
export { INSURERS, type InsurerRecord, type PolicyRecord, type InvestmentRecord } from './insurance';

export interface ScenarioOptions {
  /** Any integer; the same seed gives the same scenario. */
  seed: number;
  /** 1 = the published figures; smaller scales shrink counts and amounts proportionally (≥ 0.002). */
  scale: number;
}

/** Generate the scenario. Throws RangeError for a scale outside [0.002, 4] or a non-integer seed. */
export function generateScenario({ seed, scale }: ScenarioOptions): Scenario {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!(scale >= 0.002 && scale <= 4)) throw new RangeError(`scale must be within [0.002, 4], got ${scale}`);
  const stream = (label: string): Rng => Rng.stream(seed, label);
  const targets = targetsAt(scale);
  const sizes = cohortSizes(targets);
  const ents = generateEnterprises(stream('registry'), sizes, targets);
  const plans = planLoans(stream('loans'), ents, sizes, targets);
  const products = generateProducts(stream('products'));
  // Streams of their own (issue 11): the calibrated loans and figures do not move.
  const events = withProducts(stream('loan-products'), loanEvents(stream('events'), plans, new PledgeFactory(stream('pledges'), Math.round(3 * scale))), products);
  const investments = generateInvestments(stream('investments'), events, scale);
  const totalLoans = [
    { date: '2023-12-31', balanceFen: targets.allLoans2023 * UNIT_FEN },
    { date: AS_OF, balanceFen: targets.allLoans2024 * UNIT_FEN },
  ];
  const enterprises = ents.map(({ cohort: _c, grants: _g, ...e }) => e);
  const designationGrants = ents.flatMap((e) => e.grants);
  return {
    seed,
    scale,
    enterprises,
    designationGrants,
    banks: generateBanks(scale),
    products,
    filings: generateFilings(stream('filings'), ents, plans, scale),
    loanEvents: events,
    totalLoans,
    insurers: [...INSURERS],
    policies: generatePolicies(stream('policies'), enterprises, scale),
    investments,
    calibration: targets,
    expected: computeExpected({ enterprises, designationGrants, loanEvents: events, totalLoans, investments, products }),
    applications: generateApplications(stream('applications'), enterprises, designationGrants, scale),
    programmeTargets: programmeTargets(scale),
  };
}

/** Counts per kind of record and per loan-event type. */
export function SCENARIO_SUMMARY(s: Scenario): {
  enterprises: number;
  designationGrants: number;
  banks: number;
  products: number;
  filings: number;
  loanEvents: Record<string, number>;
  totalEvents: number;
  insurers: number;
  policies: number;
  cancellations: number;
  investments: number;
} {
  const loanEvents: Record<string, number> = {};
  for (const e of s.loanEvents) loanEvents[e.type] = (loanEvents[e.type] ?? 0) + 1;
  return {
    enterprises: s.enterprises.length,
    designationGrants: s.designationGrants.length,
    banks: s.banks.length,
    products: s.products.length,
    filings: s.filings.length,
    loanEvents,
    totalEvents: s.loanEvents.length,
    insurers: s.insurers.length,
    policies: s.policies.length,
    cancellations: s.policies.filter((p) => p.cancelled).length,
    investments: s.investments.length,
  };
}


