/**
 * Subsidy figures of a policy simulation (DOMAIN.md §13) per calendar year and prefecture, from the
 * per-enterprise results of the live rules (`enterpriseInterestSubsidy`, `enterpriseFeeSubsidy`) through
 * the same year view the live summary sums (`enterpriseSubsidyView`), so the figures under the book in
 * force are exactly the summary's: total = interest + fees, loans subsidised (interest > 0 in the year),
 * enterprises subsidised (any subsidy in the year), and enterprises at the cap (their interest subsidy of the
 * year reached the yearly cap); with the tech-insurance premium subsidies of §10 (policies bound in the year,
 * enterprises at that cap) in their own columns and in the total, as the live summary adds them.
 */
import type { SubsidyFigures } from '@techcredit/contracts';
import { insuranceSubsidyOfYear, type EnterpriseInsuranceSubsidy } from './insurance';
import { enterpriseSubsidyView, type EnterpriseSubsidies } from './summary';

export interface SubsidyFigureRow extends SubsidyFigures {
  year: number;
  prefecture: string;
}

export const ZERO_SUBSIDY_FIGURES: SubsidyFigures = { totalFen: 0, interestFen: 0, feesFen: 0, insuranceFen: 0, loansSubsidised: 0, enterprisesSubsidised: 0, enterprisesAtCap: 0, enterprisesAtInsuranceCap: 0 };

/** Rows with any figure ≠ 0, by year then prefecture; `prefectureOf` names an enterprise's prefecture. */
export function subsidyFigureRows(all: readonly (EnterpriseSubsidies & { insurance?: EnterpriseInsuranceSubsidy })[], years: readonly number[], prefectureOf: (enterpriseId: string) => string): SubsidyFigureRow[] {
  const rows = new Map<string, SubsidyFigureRow>();
  for (const e of all) {
    const prefecture = prefectureOf(e.interest.enterpriseId);
    for (const year of years) {
      const v = enterpriseSubsidyView(e, year);
      const loansSubsidised = v.loans.filter((l) => l.eligible && l.yearFen > 0).length;
      const atCap = v.years.some((y) => y.capFen > 0 && y.subsidyFen >= y.capFen);
      const insurance = e.insurance ? insuranceSubsidyOfYear(e.insurance, year) : undefined;
      const insuranceFen = insurance?.totalFen ?? 0;
      const atInsuranceCap = insurance?.years.some((y) => y.atCap) ?? false;
      const totalFen = v.totalFen + insuranceFen;
      if (totalFen === 0 && loansSubsidised === 0 && !atCap && !atInsuranceCap) continue;
      const key = `${year}|${prefecture}`;
      const row = rows.get(key) ?? { year, prefecture, ...ZERO_SUBSIDY_FIGURES };
      row.totalFen += totalFen;
      row.interestFen += v.interestTotals.subsidyFen;
      row.feesFen += v.feeTotals.totalFen;
      row.insuranceFen += insuranceFen;
      row.loansSubsidised += loansSubsidised;
      row.enterprisesSubsidised += totalFen > 0 ? 1 : 0;
      row.enterprisesAtCap += atCap ? 1 : 0;
      row.enterprisesAtInsuranceCap += atInsuranceCap ? 1 : 0;
      rows.set(key, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.year - b.year || (a.prefecture < b.prefecture ? -1 : a.prefecture > b.prefecture ? 1 : 0));
}
