/** Re-lending results do not depend on the order or repetition of loan events (DOMAIN.md §5). */
import fc from 'fast-check';
import { foldLoans, outstandingOn, type LoanEventLike } from '@techcredit/contracts';
import { addDays, quarterBounds, quarterOf } from '@techcredit/money';
import { relendingEligibility } from './eligibility';
import { quarterlyApplication } from './application';
import { relendingAt } from './test-fixtures';

const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const bank = { bankId: 'B1', relendingEligible: true, quotaFen: 5_000_000_000 };

const loanStream = (index: number): fc.Arbitrary<LoanEventLike[]> =>
  fc
    .record({
      start: fc.integer({ min: 0, max: 540 }),
      term: fc.integer({ min: 90, max: 400 }),
      principal: fc.integer({ min: 1, max: 2_000_000_000 }),
      repayAfter: fc.integer({ min: 0, max: 200 }),
      repayAll: fc.boolean(),
    })
    .map(({ start, term, principal, repayAfter, repayAll }) => {
      const loanId = `L${index}`;
      const disbursedOn = addDays('2024-04-01', start);
      const amountFen = repayAll ? principal : Math.ceil(principal / 2);
      return [
        {
          id: uuid(index * 10),
          type: 'loan.disbursed',
          data: { loanId, bankId: 'B1', enterpriseId: '91650100MA77XYW12K', principalFen: principal, rateBp: 350, disbursedOn, maturityOn: addDays(disbursedOn, term), guaranteeType: 'credit' },
        },
        { id: uuid(index * 10 + 1), type: 'loan.repaid', data: { loanId, amountFen, repaidOn: addDays(disbursedOn, repayAfter) } },
      ] satisfies LoanEventLike[];
    });

/** Every quarter's application from the loans folded out of `events`. */
function applications(events: readonly LoanEventLike[]) {
  const loans = [...foldLoans(events).values()].flatMap((f) => (f.loan ? [f.loan] : []));
  const out = [];
  let used = 0;
  for (const quarter of ['2024Q2', '2024Q3', '2024Q4', '2025Q1', '2025Q2', '2025Q3', '2025Q4']) {
    const { end } = quarterBounds(quarter);
    const eligible = loans.flatMap((l) => {
      const e = relendingEligibility(l, bank, () => ['TSME'], relendingAt);
      return e.eligible && quarterOf(l.disbursedOn) === quarter
        ? [{ loanId: l.loanId, disbursedOn: l.disbursedOn, claimFen: e.claimFen, balanceAtQuarterEndFen: outstandingOn(l, end) }]
        : [];
    });
    const r = quarterlyApplication(bank, quarter, eligible, used, relendingAt);
    if (!r.ok) throw new Error(r.message);
    used += r.application.amountFen;
    out.push(r.application);
  }
  return out;
}

describe('re-lending properties', () => {
  it('applications do not depend on the order or repetition of events (dedupe by event id)', () => {
    const portfolio = fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => loanStream(i + 1))).map((s) => s.flat()));
    const arrivals = portfolio.chain((events) =>
      fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), fc.subarray(events)),
    );
    fc.assert(
      fc.property(arrivals, ([events, shuffled, repeats]) => {
        const expected = applications(events);
        expect(applications([...shuffled, ...repeats])).toEqual(expected);
        for (const a of expected) expect(a.amountFen).toBeLessThanOrEqual(a.claimsFen);
      }),
    );
  });
});
