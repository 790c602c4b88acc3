/**
 * Indicator filings for 2024 (DOMAIN.md §2) for about a quarter of the tech enterprises: values are
 * internally consistent (R&D intensity = R&D expense / revenue, high-tech revenue ≤ revenue, the super
 * deduction follows the R&D expense) and scale with the enterprise's borrowing. A few enterprises refile
 * later in the year's window; the later filing replaces the earlier.
 */
import { UNIT_FEN } from './calibration';
import type { LoanPlan } from './loans';
import type { Rng } from './prng';
import { dateBetween, type GeneratedEnterprise } from './registry';
import type { FilingRecord } from './types';

const REVENUE_CLASSES: readonly (readonly [readonly [number, number], number])[] = [
  [[200, 2_000], 45],
  [[2_000, 20_000], 40],
  [[20_000, 200_000], 15],
];

function filedAt(rng: Rng, from: string, to: string): string {
  const t = `${String(rng.int(9, 17)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`;
  return `${dateBetween(rng, from, to)}T${t}+08:00`;
}

function filing(rng: Rng, e: GeneratedEnterprise, borrowedUnits: number, at: string): FilingRecord {
  const hte = e.grants.some((g) => g.code === 'HTE' && g.validFrom <= '2024-12-31' && (g.validTo === null || g.validTo >= '2024-12-31'));
  const [lo, hi] = rng.weighted(REVENUE_CLASSES);
  const revenueUnits = Math.max(rng.int(lo, hi), Math.floor((borrowedUnits * rng.int(8, 40)) / 10));
  const revenue = revenueUnits * UNIT_FEN;
  const young = e.establishedOn >= '2022-01-01';
  const rdExpense = Math.floor((revenue * rng.int(250, young ? 3000 : 1500)) / 10_000);
  const standards = rng.weighted([[0, 70], [1, 18], [2, 8], [4, 4]] as const);
  const platforms = rng.weighted([[0, 60], [1, 25], [2, 10], [3, 5]] as const);
  return {
    enterpriseId: e.enterpriseId,
    filedAt: at,
    year: 2024,
    indicators: {
      rdExpense,
      rdExpenseGrowth: rng.int(-2_000, 6_000),
      rdIntensity: Math.floor((rdExpense * 10_000) / revenue),
      sciStaffRatio: rng.int(800, 6_000),
      inventionPatentApps: rng.weighted([[0, 35], [rng.int(1, 5), 45], [rng.int(6, 25), 20]] as const),
      pctApps: rng.chance(10) ? rng.int(1, 3) : 0,
      techContractTurnover: rng.chance(50) ? rng.int(10, 2_000) * UNIT_FEN : 0,
      highTechRevenue: Math.floor((revenue * (hte ? rng.int(60, 95) : rng.int(0, 50))) / 100),
      revenue,
      revenueGrowth: rng.int(-3_000, 8_000),
      postgradRatio: rng.int(0, 2_500),
      // 100% super deduction (2023 rule) at the 15% (high-tech) or 25% income-tax rate
      rdSuperDeduction: Math.floor((rdExpense * (hte ? 15 : 25)) / 100),
      roe: rng.int(-1_500, 2_500),
      graduatesHired: rng.int(0, revenueUnits > 20_000 ? 40 : 8),
      platforms,
      awards: rng.weighted([[0, 80], [1, 15], [2, 5]] as const),
      vcRaised: rng.chance(15) ? rng.int(500, 20_000) * UNIT_FEN : 0,
      standards,
    },
    flags: {
      seriousDishonesty: rng.chance(0.5),
      majorViolation: rng.chance(1),
      ipInfringement: rng.chance(1),
      nationalAward: rng.chance(1),
      nationalPlatform: platforms > 0 && rng.chance(5),
      standardsLed: standards > 0 && rng.chance(40) ? rng.int(1, Math.min(2, standards)) : 0,
    },
  };
}

/** 2024 filings (filed Jan–Apr 2025) for ~25% of the tech enterprises at end 2024, plus a few refilings. */
export function generateFilings(rng: Rng, ents: readonly GeneratedEnterprise[], loans: readonly LoanPlan[], scale: number): FilingRecord[] {
  const borrowed = new Map<string, number>();
  for (const l of loans) borrowed.set(l.enterpriseId, (borrowed.get(l.enterpriseId) ?? 0) + l.principal);
  const tech = ents.filter((e) => e.cohort !== 'B' && e.cohort !== 'F');
  const chosen = rng.shuffle(tech).slice(0, Math.round(tech.length / 4));
  const out = chosen.map((e) => filing(rng, e, borrowed.get(e.enterpriseId) ?? 0, filedAt(rng, '2025-01-10', '2025-03-31')));
  const refile = chosen.slice(0, Math.round(10 * scale));
  for (const e of refile) out.push(filing(rng, e, borrowed.get(e.enterpriseId) ?? 0, filedAt(rng, '2025-04-01', '2025-04-30')));
  return out.sort((a, b) => (a.filedAt < b.filedAt ? -1 : a.filedAt > b.filedAt ? 1 : 0));
}
