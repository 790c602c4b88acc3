/**
 * One entry for both assessments (DOMAIN.md §9.1, §9.2): the policy versions in force on the assessment date
 * from a policy book, then the pure rule. Stores nothing.
 */
import type { AssessmentRequest, AssessmentResult } from '@techcredit/contracts';
import type { PolicyBook } from '@techcredit/policy';
import { evaluateHte } from './hte';
import { evaluateTsme, type TsmeFacts } from './tsme';

export function assess(req: AssessmentRequest, assessedOn: string, facts: TsmeFacts, book: PolicyBook): AssessmentResult {
  if (req.designation === 'TSME') {
    const v = book.versionAt('tsmeEvaluation', assessedOn);
    if (!v) throw new RangeError(`no tsmeEvaluation policy in force on ${assessedOn}`);
    return evaluateTsme(req.input, facts, v.value, { year: req.year, assessedOn, policyFrom: v.effectiveFrom });
  }
  const v = book.versionAt('hteEligibility', assessedOn);
  if (!v) throw new RangeError(`no hteEligibility policy in force on ${assessedOn}`);
  return evaluateHte(req.input, v.value, { year: req.year, assessedOn, policyFrom: v.effectiveFrom });
}
