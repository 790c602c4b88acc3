/**
 * Property tests of the subsidy rules (DOMAIN.md §6): caps are never exceeded, the basis equals a
 * day-by-day sum, and results do not depend on the order or repetition of loan events.
 */
import fc from 'fast-check';
import { foldLoans, outstandingOn, type LoanEventLike, type LoanState } from '@techcredit/contracts';
import { addDays, divHalfUp, yearOf } from '@techcredit/money';
import { interestBasisByYear } from './basis';
import { enterpriseInterestSubsidy } from './interest';
import { ENTERPRISE, always, defaultScheme, lprAt, subsidyAt } from './test-fixtures';

const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** A valid event stream of one loan of ENTERPRISE, disbursed 2023-01-01 + start days. */
const loanStream = (index: number): fc.Arbitrary<LoanEventLike[]> =>
  fc
    .record({
      start: fc.integer({ min: 0, max: 900 }),
      principal: fc.integer({ min: 150_000_000, max: 3_100_000_000 }),
      rateBp: fc.integer({ min: 250, max: 450 }),
      moves: fc.array(fc.record({ gap: fc.integer({ min: 0, max: 300 }), share: fc.integer({ min: 1, max: 100 }), wo: fc.integer({ min: 0, max: 9 }) }), { maxLength: 3 }),
    })
    .map(({ start, principal, rateBp, moves }) => {
      const loanId = `L${index}`;
      const disbursedOn = addDays('2023-01-01', start);
      const events: LoanEventLike[] = [
        {
          id: uuid(index * 10),
          type: 'loan.disbursed',
          data: { loanId, bankId: 'B1', enterpriseId: ENTERPRISE, principalFen: principal, rateBp, disbursedOn, maturityOn: addDays(disbursedOn, 365), guaranteeType: 'credit' },
        },
      ];
      let balance = principal;
      let at = disbursedOn;
      moves.forEach((m, i) => {
        at = addDays(at, m.gap);
        const amountFen = Math.ceil((balance * m.share) / 100);
        if (amountFen <= 0) return;
        balance -= amountFen;
        const id = uuid(index * 10 + i + 1);
        events.push(
          m.wo === 0
            ? { id, type: 'loan.written_off', data: { loanId, amountFen, writtenOffOn: at } }
            : { id, type: 'loan.repaid', data: { loanId, amountFen, repaidOn: at } },
        );
      });
      return events;
    });

const portfolio = fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => loanStream(i + 1))).map((s) => s.flat()));
const asOfArb = fc.integer({ min: 0, max: 1500 }).map((n) => addDays('2023-01-01', n));

function loansOf(events: readonly LoanEventLike[]): LoanState[] {
  return [...foldLoans(events).values()].flatMap((f) => (f.loan ? [f.loan] : []));
}
const subsidies = (loans: LoanState[], asOf: string) =>
  enterpriseInterestSubsidy({ enterpriseId: ENTERPRISE, loans, designationsOn: always('TSME'), subsidyAt, lprAt, asOf });

describe('subsidy properties', () => {
  it('no subsidy exceeds its caps: per enterprise-year total, 3 loans, and 50% of the loan-year basis', () => {
    fc.assert(
      fc.property(portfolio, asOfArb, (events, asOf) => {
        const r = subsidies(loansOf(events), asOf);
        for (const y of r.years) {
          expect(y.subsidyFen).toBeLessThanOrEqual(defaultScheme.capPerEnterpriseYearFen);
          const paid = r.loans.filter((s) => s.eligible && s.years.some((x) => x.year === y.year && x.subsidyFen > 0));
          expect(paid.length).toBeLessThanOrEqual(defaultScheme.maxLoansPerEnterpriseYear);
        }
        let remainingByYear = new Map<number, number>();
        for (const s of r.loans) {
          if (!s.eligible) continue;
          for (const x of s.years) {
            // gross = 50% × basis half-up: 2 × gross − basis ∈ {0, 1}; paid ≤ gross
            expect(2 * x.grossFen - x.basisFen === 0 || 2 * x.grossFen - x.basisFen === 1).toBe(true);
            expect(x.subsidyFen).toBeGreaterThanOrEqual(0);
            expect(x.subsidyFen).toBeLessThanOrEqual(x.grossFen);
            // filled in order: a ranked loan gets min(gross, what is left of the cap)
            const left = remainingByYear.get(x.year) ?? defaultScheme.capPerEnterpriseYearFen;
            if (x.rank <= 3) expect(x.subsidyFen).toBe(Math.min(x.grossFen, left));
            remainingByYear = remainingByYear.set(x.year, left - x.subsidyFen);
          }
        }
      }),
    );
  });

  it('the basis equals the day-by-day sum of balance × rate, rounded once per year', () => {
    fc.assert(
      fc.property(loanStream(1), asOfArb, (events, asOf) => {
        const [loan] = loansOf(events);
        if (loan === undefined) throw new Error('no loan');
        const rate = 300;
        const byYear = new Map<number, { days: number; num: bigint }>();
        for (let d = loan.disbursedOn; d < asOf; d = addDays(d, 1)) {
          const balance = outstandingOn(loan, d);
          if (balance <= 0) continue;
          const acc = byYear.get(yearOf(d)) ?? { days: 0, num: 0n };
          byYear.set(yearOf(d), { days: acc.days + 1, num: acc.num + BigInt(balance) * BigInt(rate) });
        }
        const expected = [...byYear.entries()].map(([year, { days, num }]) => ({ year, days, numerator: num, basisFen: Number(divHalfUp(num, 3_600_000n)) }));
        expect(interestBasisByYear(loan, rate, asOf)).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });

  it('totals do not depend on the order or repetition of events (dedupe by event id)', () => {
    const arrivals = portfolio.chain((events) =>
      fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), fc.subarray(events)),
    );
    fc.assert(
      fc.property(arrivals, asOfArb, ([events, shuffled, repeats], asOf) => {
        expect(subsidies(loansOf([...shuffled, ...repeats]), asOf)).toEqual(subsidies(loansOf(events), asOf));
      }),
    );
  });
});
