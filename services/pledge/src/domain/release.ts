/**
 * Release of a pledge (DOMAIN.md §4): when the loan is fully repaid (repayments bring the balance to 0)
 * or on a `pledge.released` event, whichever comes first. The rule is shared with the subsidy service
 * through `@techcredit/contracts` (pledge-decision); re-exported here for the pledge domain.
 */
export { isPledgeActiveOn, pledgeRelease, type PledgeRelease } from '@techcredit/contracts';
