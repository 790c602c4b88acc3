/**
 * HTE pre-check (高新技术企业认定管理办法, 国科发火〔2016〕32号, art. 11; DOMAIN.md §9.2): an eligibility check,
 * not a recognition. Pure: thresholds come from the `hteEligibility` policy version passed in.
 */
import type { AssessedItem, AssessmentResult, HteInput } from '@techcredit/contracts';
import type { HteEligibilityPolicyValue } from '@techcredit/policy';
import { wholeYearsBetween } from '@techcredit/money';
import { floorBp, pct, reachesBp } from './ratio';

/** The R&D-intensity threshold (bp) for last year's revenue: the first tier whose ceiling it is within. */
export function hteRdThresholdBp(totalRevenueFen: number, p: HteEligibilityPolicyValue): number {
  return p.rdTiers.find((t) => totalRevenueFen <= t.maxLastYearRevenueFen)?.minBp ?? p.rdAboveTiersBp;
}

export function hteConditions(x: HteInput, assessedOn: string, p: HteEligibilityPolicyValue): AssessedItem[] {
  const years = wholeYearsBetween(x.establishedOn, assessedOn);
  const rdBp = hteRdThresholdBp(x.totalRevenueFen, p);
  const c = (key: string, rule: string, pass: boolean, figures: AssessedItem['figures']): AssessedItem => ({ key, rule, pass, figures });
  return [
    c('registeredYears', `registered ≥ ${p.minRegisteredYears} year(s) on the application date`, years >= p.minRegisteredYears, {
      establishedOn: x.establishedOn,
      assessedOn,
      wholeYears: years,
      min: p.minRegisteredYears,
    }),
    c('ipCount', `IP owned for the main products ≥ ${p.minIpCount}`, x.ipCount >= p.minIpCount, { ipCount: x.ipCount, min: p.minIpCount }),
    c('supportedField', 'in a field of 国家重点支持的高新技术领域', x.inSupportedField, { inSupportedField: x.inSupportedField }),
    c('sciStaff', `sciStaff ≥ ${pct(p.minSciStaffBp)} of employees`, reachesBp(x.sciStaff, x.employees, p.minSciStaffBp), {
      sciStaff: x.sciStaff,
      employees: x.employees,
      ratioBp: floorBp(x.sciStaff, x.employees),
      minBp: p.minSciStaffBp,
    }),
    c('rdIntensity', `rd3y / revenue3y ≥ ${pct(rdBp)} (last year's revenue ${x.totalRevenueFen} fen)`, reachesBp(x.rd3yFen, x.revenue3yFen, rdBp), {
      rd3yFen: x.rd3yFen,
      revenue3yFen: x.revenue3yFen,
      ratioBp: floorBp(x.rd3yFen, x.revenue3yFen),
      totalRevenueFen: x.totalRevenueFen,
      minBp: rdBp,
    }),
    c('domesticRd', `domestic R&D ≥ ${pct(p.minDomesticRdBp)} of rd3y`, reachesBp(x.domesticRd3yFen, x.rd3yFen, p.minDomesticRdBp), {
      domesticRd3yFen: x.domesticRd3yFen,
      rd3yFen: x.rd3yFen,
      ratioBp: floorBp(x.domesticRd3yFen, x.rd3yFen),
      minBp: p.minDomesticRdBp,
    }),
    c('highTechRevenue', `high-tech revenue ≥ ${pct(p.minHighTechRevenueBp)} of total revenue`, reachesBp(x.highTechRevenueFen, x.totalRevenueFen, p.minHighTechRevenueBp), {
      highTechRevenueFen: x.highTechRevenueFen,
      totalRevenueFen: x.totalRevenueFen,
      ratioBp: floorBp(x.highTechRevenueFen, x.totalRevenueFen),
      minBp: p.minHighTechRevenueBp,
    }),
    c('innovationPoints', `innovation points ≥ ${p.minInnovationPoints}`, x.innovationPoints >= p.minInnovationPoints, {
      innovationPoints: x.innovationPoints,
      min: p.minInnovationPoints,
    }),
    c('noIncident', 'no major safety/quality incident or serious environmental violation in the last year', !x.incidentLastYear, { incidentLastYear: x.incidentLastYear }),
  ];
}

export function evaluateHte(x: HteInput, p: HteEligibilityPolicyValue, meta: { year: number; assessedOn: string; policyFrom: string }): AssessmentResult {
  const conditions = hteConditions(x, meta.assessedOn, p);
  const failed = conditions.filter((c) => !c.pass).map((c) => c.key);
  return {
    designation: 'HTE',
    year: meta.year,
    assessedOn: meta.assessedOn,
    policyFrom: meta.policyFrom,
    qualified: failed.length === 0,
    route: null,
    conditions,
    failed,
    indicators: [],
    totalPoints: null,
  };
}
