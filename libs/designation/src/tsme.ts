/**
 * TSME evaluation (科技型中小企业评价办法, 国科发政〔2022〕67号; DOMAIN.md §9.1), for evaluation year Y on data of
 * Y−1. Pure: thresholds come from the `tsmeEvaluation` policy version passed in.
 */
import type { AssessedItem, AssessmentResult, TsmeInput } from '@techcredit/contracts';
import type { TsmeEvaluationPolicyValue } from '@techcredit/policy';
import { bandPoints, floorBp, pct } from './ratio';

/** The flags of a resident enterprise with no restriction, incident or listing, and no direct-qualification fact. */
export const TSME_CLEAN_FLAGS = {
  resident: true,
  restrictedIndustry: false,
  majorIncident: false,
  onDishonestList: false,
  nationalAwardTop3In5y: false,
  provincialRdInstitution: false,
  ledStandardIn5y: false,
} as const satisfies Partial<TsmeInput>;

export interface TsmeFacts {
  /** HTE held (valid) on the assessment date, from the registry: a direct-qualification fact. */
  hteHeld: boolean;
}

const condition = (key: string, rule: string, pass: boolean, figures: AssessedItem['figures']): AssessedItem => ({ key, rule, pass, figures });

/** The conditions of §9.1, each with its figures; any failure means not qualified. */
function conditions(x: TsmeInput, p: TsmeEvaluationPolicyValue): AssessedItem[] {
  return [
    condition('resident', '境内居民企业', x.resident, { resident: x.resident }),
    condition('employees', `employees ≤ ${p.maxEmployees}`, x.employees <= p.maxEmployees, { employees: x.employees, max: p.maxEmployees }),
    condition('revenue', `revenue ≤ ${p.maxRevenueFen} fen`, x.revenueFen <= p.maxRevenueFen, { revenueFen: x.revenueFen, maxFen: p.maxRevenueFen }),
    condition('totalAssets', `total assets ≤ ${p.maxTotalAssetsFen} fen`, x.totalAssetsFen <= p.maxTotalAssetsFen, { totalAssetsFen: x.totalAssetsFen, maxFen: p.maxTotalAssetsFen }),
    condition('notRestricted', 'not in a prohibited, restricted or eliminated industry', !x.restrictedIndustry, { restrictedIndustry: x.restrictedIndustry }),
    condition('noMajorIncident', 'no major safety/quality incident, serious environmental violation or research misconduct in Y−1 or Y', !x.majorIncident, { majorIncident: x.majorIncident }),
    condition('notListed', 'not on the abnormal-operations or serious-dishonesty list', !x.onDishonestList, { onDishonestList: x.onDishonestList }),
  ];
}

const bandRule = (what: string, bands: readonly { minBp: number; points: number }[]) =>
  `${what}: ${bands.map((b) => `≥ ${pct(b.minBp)} ${b.points}`).join('; ')}; else 0`;

/** The scored indicators (staff, R&D as the better of its two ratios, IP) with their points. */
export function tsmeIndicators(x: TsmeInput, p: TsmeEvaluationPolicyValue): { staff: AssessedItem; rd: AssessedItem; ip: AssessedItem } {
  const staffPoints = bandPoints(x.sciStaff, x.employees, p.staffBands);
  const byRevenue = bandPoints(x.rdExpenseFen, x.revenueFen, p.rdRevenueBands);
  const byCosts = bandPoints(x.rdExpenseFen, x.costsFen, p.rdCostsBands);
  const class2 = p.ipClass2Bands.find((b) => x.ipClass2 >= b.minCount)?.points ?? 0;
  const ipPoints = x.ipClass1 >= p.ipClass1MinCount ? p.ipClass1Points : class2;
  return {
    staff: {
      key: 'staff',
      rule: bandRule('sciStaff / employees', p.staffBands),
      points: staffPoints,
      figures: { sciStaff: x.sciStaff, employees: x.employees, ratioBp: floorBp(x.sciStaff, x.employees) },
    },
    rd: {
      key: 'rd',
      rule: `the better of ${bandRule('rd / revenue', p.rdRevenueBands)} and ${bandRule('rd / costs', p.rdCostsBands)}`,
      points: Math.max(byRevenue, byCosts),
      figures: {
        rdExpenseFen: x.rdExpenseFen,
        revenueFen: x.revenueFen,
        costsFen: x.costsFen,
        rdRevenueBp: floorBp(x.rdExpenseFen, x.revenueFen),
        rdCostsBp: floorBp(x.rdExpenseFen, x.costsFen),
        byRevenuePoints: byRevenue,
        byCostsPoints: byCosts,
      },
    },
    ip: {
      key: 'ip',
      rule: `ipClass1 ≥ ${p.ipClass1MinCount} → ${p.ipClass1Points}; else ipClass2: ${p.ipClass2Bands.map((b) => `≥ ${b.minCount} ${b.points}`).join('; ')}; else 0`,
      points: ipPoints,
      figures: { ipClass1: x.ipClass1, ipClass2: x.ipClass2 },
    },
  };
}

/** The full TSME result: conditions, direct-qualification facts, indicators and the decision. */
export function evaluateTsme(
  x: TsmeInput,
  facts: TsmeFacts,
  p: TsmeEvaluationPolicyValue,
  meta: { year: number; assessedOn: string; policyFrom: string },
): AssessmentResult {
  const conds = conditions(x, p);
  const failedConditions = conds.filter((c) => !c.pass).map((c) => c.key);
  const direct = {
    nationalAwardTop3In5y: x.nationalAwardTop3In5y,
    provincialRdInstitution: x.provincialRdInstitution,
    ledStandardIn5y: x.ledStandardIn5y,
    hteHeld: facts.hteHeld,
  };
  const directHolds = Object.values(direct).some(Boolean);
  const { staff, rd, ip } = tsmeIndicators(x, p);
  const totalPoints = (staff.points ?? 0) + (rd.points ?? 0) + (ip.points ?? 0);
  const scoreItems: AssessedItem[] = [
    condition('totalPoints', `total points ≥ ${p.passPoints}`, totalPoints >= p.passPoints, { totalPoints, passPoints: p.passPoints }),
    condition('staffPoints', `staff points ≥ ${p.minStaffPoints} (must not be 0)`, (staff.points ?? 0) >= p.minStaffPoints, { staffPoints: staff.points ?? 0 }),
  ];
  const directItem = condition('directQualification', 'a national award (top 3, 5 years), a provincial R&D institution, a led standard (5 years), or HTE held', directHolds, direct);
  let route: AssessmentResult['route'] = null;
  let failed = failedConditions;
  if (failedConditions.length === 0) {
    if (directHolds) route = 'direct';
    else {
      failed = scoreItems.filter((c) => !c.pass).map((c) => c.key);
      if (failed.length === 0) route = 'scored';
    }
  }
  return {
    designation: 'TSME',
    year: meta.year,
    assessedOn: meta.assessedOn,
    policyFrom: meta.policyFrom,
    qualified: route !== null,
    route,
    conditions: [...conds, directItem, ...scoreItems],
    failed,
    indicators: [staff, rd, ip],
    totalPoints,
  };
}
