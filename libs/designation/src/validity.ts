/**
 * Validity of a designation granted on an approved application (DOMAIN.md §9.3): TSME from the decision date
 * to Dec 31 of the evaluation year; HTE three years from the decision date (to the day before the third
 * anniversary). The rule per designation is the `designationValidity` policy version passed in. Pure.
 */
import type { ApplicableDesignation } from '@techcredit/contracts';
import { addDays, addYears, endOfYear } from '@techcredit/money';
import type { DesignationValidityPolicyValue } from '@techcredit/policy';

export type Validity = { ok: true; validFrom: string; validTo: string } | { ok: false; reason: string };

export function grantValidity(code: ApplicableDesignation, year: number, decidedOn: string, p: DesignationValidityPolicyValue): Validity {
  const rule = p[code];
  const validTo = rule.kind === 'evaluationYearEnd' ? endOfYear(year) : addDays(addYears(decidedOn, rule.years), -1);
  if (validTo < decidedOn) return { ok: false, reason: `the evaluation year ${year} ended on ${validTo}, before the decision date ${decidedOn}` };
  return { ok: true, validFrom: decidedOn, validTo };
}
