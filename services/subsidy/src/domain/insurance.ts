/**
 * Tech-insurance premium subsidy (DOMAIN.md §10).
 * - Eligible: the enterprise is tech (a designation valid) on `boundOn`.
 * - Subsidy = rate(kind) × (premium − refund), fen half-up; the rate is the `techInsurance` version in force on
 *   `boundOn` (80% first_set_equipment, 50% every other kind by default).
 * - Per enterprise and calendar year of `boundOn`, the total is capped (20万元 by default; the version in force on
 *   the year's first boundOn), filled in order of boundOn, then policyId. A cancellation refund reduces the
 *   policy's subsidy and frees cap room for the policies after it (everything is recomputed in order, so the
 *   result does not depend on the order events arrived in).
 * - States: `granted`; `reduced` once a refund reduced it; `ineligible` (not tech on boundOn, or no scheme).
 */
import { applyBp, yearOf } from '@techcredit/money';
import type { InsuranceKind } from '@techcredit/reference';
import type { PolicyAt } from './terms';

/** Shape of libs/policy `techInsurance`. */
export interface TechInsuranceTerms {
  rateBpByKind: Readonly<Record<InsuranceKind, number>>;
  capPerEnterpriseYearFen: number;
}

export interface InsurancePolicyFacts {
  policyId: string;
  insurerId: string;
  enterpriseId: string;
  kind: InsuranceKind;
  premiumFen: number;
  coverageFen: number;
  boundOn: string;
  expiresOn: string;
  /** Present once the policy was cancelled (on or before the view date). */
  cancellation?: { cancelledOn: string; refundFen: number };
}

export type InsuranceSubsidyState = 'granted' | 'reduced' | 'ineligible';
export type InsuranceIneligibility = 'NOT_TECH' | 'NO_POLICY_VERSION';

export interface PolicySubsidy {
  policyId: string;
  insurerId: string;
  kind: InsuranceKind;
  boundOn: string;
  year: number;
  premiumFen: number;
  refundFen: number;
  /** premium − refund (never below 0). */
  netPremiumFen: number;
  rateBp: number;
  /** rate × net premium, half-up, before the cap. */
  grossFen: number;
  subsidyFen: number;
  /** true when the cap cut it (possibly to 0). */
  capped: boolean;
  state: InsuranceSubsidyState;
  reason?: InsuranceIneligibility;
}

export interface InsuranceYear {
  year: number;
  capFen: number;
  policies: number;
  grossFen: number;
  subsidyFen: number;
  /** The cap was reached in this year. */
  atCap: boolean;
}

export interface EnterpriseInsuranceSubsidy {
  enterpriseId: string;
  /** In fill order (boundOn, then policyId). */
  policies: PolicySubsidy[];
  years: InsuranceYear[];
  totalFen: number;
}

const fillOrder = (a: InsurancePolicyFacts, b: InsurancePolicyFacts): number =>
  a.boundOn < b.boundOn ? -1 : a.boundOn > b.boundOn ? 1 : a.policyId < b.policyId ? -1 : a.policyId > b.policyId ? 1 : 0;

/** Duplicate policy ids count once (the first). `isTechOn(date)`: the enterprise holds a designation valid on date. */
export function enterpriseInsuranceSubsidy(
  enterpriseId: string,
  policies: readonly InsurancePolicyFacts[],
  isTechOn: (date: string) => boolean,
  termsAt: PolicyAt<TechInsuranceTerms>,
): EnterpriseInsuranceSubsidy {
  const unique = [...new Map(policies.filter((p) => p.enterpriseId === enterpriseId).map((p) => [p.policyId, p] as const)).values()].sort(fillOrder);
  const out: PolicySubsidy[] = [];
  const years: InsuranceYear[] = [];
  let current: (InsuranceYear & { left: number }) | undefined;
  for (const p of unique) {
    const year = yearOf(p.boundOn);
    if (current === undefined || current.year !== year) {
      if (current !== undefined) years.push(closeYear(current));
      const capFen = termsAt(p.boundOn)?.capPerEnterpriseYearFen ?? 0;
      current = { year, capFen, policies: 0, grossFen: 0, subsidyFen: 0, atCap: false, left: capFen };
    }
    const refundFen = p.cancellation?.refundFen ?? 0;
    const netPremiumFen = Math.max(0, p.premiumFen - refundFen);
    const terms = termsAt(p.boundOn);
    const base = { policyId: p.policyId, insurerId: p.insurerId, kind: p.kind, boundOn: p.boundOn, year, premiumFen: p.premiumFen, refundFen, netPremiumFen };
    const reason: InsuranceIneligibility | undefined = terms === undefined ? 'NO_POLICY_VERSION' : isTechOn(p.boundOn) ? undefined : 'NOT_TECH';
    if (terms === undefined || reason !== undefined) {
      out.push({ ...base, rateBp: terms?.rateBpByKind[p.kind] ?? 0, grossFen: 0, subsidyFen: 0, capped: false, state: 'ineligible', ...(reason ? { reason } : {}) });
      continue;
    }
    const rateBp = terms.rateBpByKind[p.kind];
    const grossFen = applyBp(netPremiumFen, rateBp);
    const subsidyFen = Math.min(grossFen, current.left);
    current.left -= subsidyFen;
    current.policies += 1;
    current.grossFen += grossFen;
    current.subsidyFen += subsidyFen;
    if (current.left === 0 && current.capFen > 0) current.atCap = true;
    out.push({ ...base, rateBp, grossFen, subsidyFen, capped: subsidyFen < grossFen, state: refundFen > 0 ? 'reduced' : 'granted' });
  }
  if (current !== undefined) years.push(closeYear(current));
  return { enterpriseId, policies: out, years, totalFen: years.reduce((s, y) => s + y.subsidyFen, 0) };
}

function closeYear(y: InsuranceYear & { left: number }): InsuranceYear {
  return { year: y.year, capFen: y.capFen, policies: y.policies, grossFen: y.grossFen, subsidyFen: y.subsidyFen, atCap: y.atCap };
}

/** One enterprise's policies of one calendar year (all years when year is null). */
export function insuranceSubsidyOfYear(s: EnterpriseInsuranceSubsidy, year: number | null): EnterpriseInsuranceSubsidy {
  if (year === null) return s;
  const years = s.years.filter((y) => y.year === year);
  return { enterpriseId: s.enterpriseId, policies: s.policies.filter((p) => p.year === year), years, totalFen: years.reduce((a, y) => a + y.subsidyFen, 0) };
}

export interface InsuranceSummaryLines {
  year: number | null;
  policies: number;
  eligiblePolicies: number;
  reducedPolicies: number;
  enterprises: number;
  enterprisesAtCap: number;
  netPremiumFen: number;
  grossFen: number;
  subsidyFen: number;
  byKind: Partial<Record<InsuranceKind, { policies: number; subsidyFen: number }>>;
}

/** The insurance lines of the regulator's subsidy summary. */
export function insuranceSummary(all: readonly EnterpriseInsuranceSubsidy[], year: number | null): InsuranceSummaryLines {
  const s: InsuranceSummaryLines = { year, policies: 0, eligiblePolicies: 0, reducedPolicies: 0, enterprises: 0, enterprisesAtCap: 0, netPremiumFen: 0, grossFen: 0, subsidyFen: 0, byKind: {} };
  for (const e of all) {
    const v = insuranceSubsidyOfYear(e, year);
    if (v.totalFen > 0) s.enterprises += 1;
    if (v.years.some((y) => y.atCap)) s.enterprisesAtCap += 1;
    for (const p of v.policies) {
      s.policies += 1;
      if (p.state === 'ineligible') continue;
      s.eligiblePolicies += 1;
      if (p.state === 'reduced') s.reducedPolicies += 1;
      s.netPremiumFen += p.netPremiumFen;
      s.grossFen += p.grossFen;
      s.subsidyFen += p.subsidyFen;
      const k = (s.byKind[p.kind] ??= { policies: 0, subsidyFen: 0 });
      k.policies += 1;
      k.subsidyFen += p.subsidyFen;
    }
  }
  return s;
}
