/**
 * IP-pledge fee subsidies (DOMAIN.md §6): appraisalFeeShareBp (50%) of the appraisal fee, capped at
 * appraisalFeeCapFen (10万元) per enterprise per year of registration, and insuranceShareBp (50%) of the
 * pledge insurance premium, capped at insuranceCapFen (2万元) per enterprise per year. Shares are the
 * version in force on each registration date; a year's caps the version in force on its first
 * registration date. Caps are filled by registration date, then pledge id. Pass accepted pledges only.
 */
import { applyBp, yearOf } from '@techcredit/money';
import type { PolicyAt, SubsidyTerms } from './terms';

export interface PledgeFees {
  pledgeId: string;
  loanId: string;
  registeredOn: string;
  appraisalFeeFen: number;
  insurancePremiumFen: number;
}

export interface FeePart {
  grossFen: number;
  subsidyFen: number;
}

export interface PledgeFeeSubsidy {
  pledgeId: string;
  loanId: string;
  year: number;
  /** false when no subsidy scheme is in force on the registration date (both parts are then 0). */
  covered: boolean;
  appraisal: FeePart;
  insurance: FeePart;
}

export interface EnterpriseYearFees {
  year: number;
  appraisalCapFen: number;
  insuranceCapFen: number;
  appraisalFen: number;
  insuranceFen: number;
}

export interface EnterpriseFeeSubsidy {
  enterpriseId: string;
  pledges: PledgeFeeSubsidy[];
  years: EnterpriseYearFees[];
  totalFen: number;
}

const order = (a: PledgeFees, b: PledgeFees): number =>
  a.registeredOn < b.registeredOn ? -1 : a.registeredOn > b.registeredOn ? 1 : a.pledgeId < b.pledgeId ? -1 : a.pledgeId > b.pledgeId ? 1 : 0;

/** Duplicate pledge ids are counted once. */
export function enterpriseFeeSubsidy(enterpriseId: string, pledges: readonly PledgeFees[], subsidyAt: PolicyAt<SubsidyTerms>): EnterpriseFeeSubsidy {
  const unique = [...new Map(pledges.map((p) => [p.pledgeId, p])).values()].sort(order);
  const out: PledgeFeeSubsidy[] = [];
  const years: EnterpriseYearFees[] = [];
  let current: (EnterpriseYearFees & { appraisalLeft: number; insuranceLeft: number }) | undefined;
  for (const p of unique) {
    const year = yearOf(p.registeredOn);
    if (current === undefined || current.year !== year) {
      if (current !== undefined) years.push(summary(current));
      const caps = subsidyAt(p.registeredOn);
      const appraisalCapFen = caps?.appraisalFeeCapFen ?? 0;
      const insuranceCapFen = caps?.insuranceCapFen ?? 0;
      current = { year, appraisalCapFen, insuranceCapFen, appraisalFen: 0, insuranceFen: 0, appraisalLeft: appraisalCapFen, insuranceLeft: insuranceCapFen };
    }
    const terms = subsidyAt(p.registeredOn);
    const appraisalGross = terms ? applyBp(p.appraisalFeeFen, terms.appraisalFeeShareBp) : 0;
    const insuranceGross = terms ? applyBp(p.insurancePremiumFen, terms.insuranceShareBp) : 0;
    const appraisal = Math.min(appraisalGross, current.appraisalLeft);
    const insurance = Math.min(insuranceGross, current.insuranceLeft);
    current.appraisalLeft -= appraisal;
    current.insuranceLeft -= insurance;
    current.appraisalFen += appraisal;
    current.insuranceFen += insurance;
    out.push({
      pledgeId: p.pledgeId,
      loanId: p.loanId,
      year,
      covered: terms !== undefined,
      appraisal: { grossFen: appraisalGross, subsidyFen: appraisal },
      insurance: { grossFen: insuranceGross, subsidyFen: insurance },
    });
  }
  if (current !== undefined) years.push(summary(current));
  return { enterpriseId, pledges: out, years, totalFen: years.reduce((s, y) => s + y.appraisalFen + y.insuranceFen, 0) };
}

function summary(y: EnterpriseYearFees): EnterpriseYearFees {
  return { year: y.year, appraisalCapFen: y.appraisalCapFen, insuranceCapFen: y.insuranceCapFen, appraisalFen: y.appraisalFen, insuranceFen: y.insuranceFen };
}
