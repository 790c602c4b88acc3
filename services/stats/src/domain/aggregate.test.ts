import fc from 'fast-check';
import { LendingAggregate } from './aggregate';
import { diffContributions, enterpriseContribution, fromRows, toRows, type Contribution } from './contribution';
import { computeLendingStats, groupBy, restrictToRegion, SLICE_DIMENSIONS } from './index';
import type { StatsEnterprise, StatsInput, StatsLoan } from './types';

/**
 * The incremental aggregate must give exactly what folding every loan gives (the §7 reference
 * implementation in figures.ts / report.ts / slices.ts), for any registry, loans, date, region and slice.
 */
const PREFECTURES = ['6501', '6502', '6523'];
const day = fc.integer({ min: 0, max: 1000 }).map((n) => {
  const d = new Date(Date.UTC(2022, 6, 1) + n * 86_400_000);
  return d.toISOString().slice(0, 10);
});
const designation = fc
  .record({ code: fc.constantFrom('HTE', 'TSME', 'SRDI'), validFrom: day, span: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }) })
  .map(({ code, validFrom, span }) => ({
    code,
    validFrom,
    validTo: span === null ? null : new Date(Date.parse(validFrom) + span * 86_400_000).toISOString().slice(0, 10),
  }));
const enterprise = (i: number) =>
  fc.record({
    prefecture: fc.constantFrom(...PREFECTURES),
    zone: fc.option(fc.constantFrom('Z1', 'Z2'), { nil: null }),
    cluster: fc.option(fc.constantFrom('C1', 'C2'), { nil: null }),
    designations: fc.array(designation, { maxLength: 3 }),
  }).map((e): StatsEnterprise => ({ enterpriseId: `E${i}`, ...e }));
const loanOf = (enterprises: number) =>
  fc
    .record({
      e: fc.integer({ min: 0, max: enterprises - 1 }),
      bank: fc.constantFrom('B1', 'B2', 'B3'),
      principal: fc.integer({ min: 1, max: 1_000_000_000 }),
      type: fc.constantFrom('credit', 'ip_pledge', 'guarantee', 'collateral'),
      disbursedOn: day,
      repay: fc.array(fc.record({ share: fc.integer({ min: 1, max: 40 }), after: fc.integer({ min: 0, max: 400 }), kind: fc.constantFrom('repaid', 'written_off') }), { maxLength: 3 }),
    })
    .map(({ e, bank, principal, type, disbursedOn, repay }): Omit<StatsLoan, 'loanId'> => ({
      bankId: bank,
      enterpriseId: `E${e}`,
      principalFen: principal,
      guaranteeType: type as StatsLoan['guaranteeType'],
      disbursedOn,
      movements: repay.map((r) => ({
        kind: r.kind as 'repaid' | 'written_off',
        amountFen: Math.floor((principal * r.share) / 100),
        on: new Date(Date.parse(disbursedOn) + r.after * 86_400_000).toISOString().slice(0, 10),
      })),
    }));
const scenario = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    enterprises: fc.tuple(...Array.from({ length: n }, (_, i) => enterprise(i))),
    loans: fc.array(loanOf(n), { maxLength: 14 }),
    asOf: day,
  }),
);

function aggregateOf(input: StatsInput): LendingAggregate {
  const agg = new LendingAggregate();
  for (const e of input.enterprises) {
    const c = enterpriseContribution(e, input.loans.filter((l) => l.enterpriseId === e.enterpriseId));
    agg.apply(fromRows(toRows(c))); // through the stored form, as the service does
  }
  return agg;
}

describe('LendingAggregate equals folding every loan', () => {
  it('for the whole region, every prefecture scope and every slice', () => {
    fc.assert(
      fc.property(scenario, ({ enterprises, loans, asOf }) => {
        const input: StatsInput = {
          enterprises,
          loans: loans.map((l, i) => ({ ...l, loanId: `L${String(i).padStart(3, '0')}` })),
          totalLoans: [{ date: asOf, balanceFen: 1_000 }],
        };
        const agg = aggregateOf(input);
        for (const region of ['65', ...PREFECTURES]) {
          const scoped = restrictToRegion(input, region);
          expect(agg.lendingStats(region, asOf, input.totalLoans)).toEqual(computeLendingStats(scoped, asOf));
          for (const dim of SLICE_DIMENSIONS) {
            expect(agg.groupBy(region, asOf, dim, input.totalLoans)).toEqual(groupBy(scoped, asOf, dim));
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('answers a series: on each date the balance and supported enterprises of the as-of statistics, per slice too', () => {
    fc.assert(
      fc.property(scenario, fc.array(day, { minLength: 1, maxLength: 4 }), fc.constantFrom(...SLICE_DIMENSIONS), ({ enterprises, loans }, dates, dim) => {
        const input: StatsInput = { enterprises, loans: loans.map((l, i) => ({ ...l, loanId: `L${i}` })), totalLoans: [] };
        const agg = aggregateOf(input);
        for (const region of ['65', '6502']) {
          const scoped = restrictToRegion(input, region);
          const series = agg.seriesOn(region, dates, dim);
          const point = (s: ReturnType<typeof computeLendingStats>, date: string) => ({ date, balanceFen: s.balance.fen, supportedEnterprises: s.supportedEnterprises.value });
          expect(series.total).toEqual(dates.map((d) => point(computeLendingStats(scoped, d), d)));
          for (const [i, d] of dates.entries()) {
            const slices = groupBy(scoped, d, dim);
            expect(Object.fromEntries(Object.entries(series.slices!).map(([k, ps]) => [k, ps[i]]))).toEqual(Object.fromEntries(Object.entries(slices).map(([k, s]) => [k, point(s, d)])));
          }
        }
        expect(agg.seriesOn('65', dates).slices).toBeUndefined();
      }),
      { numRuns: 80 },
    );
  });

  it('applying the diff of a changed enterprise equals building from the new state', () => {
    fc.assert(
      fc.property(scenario, enterprise(0), ({ enterprises, loans, asOf }, changed) => {
        const withIds = loans.map((l, i) => ({ ...l, loanId: `L${i}` }));
        const before: StatsInput = { enterprises, loans: withIds, totalLoans: [] };
        const after: StatsInput = { enterprises: [changed, ...enterprises.slice(1)], loans: withIds, totalLoans: [] };
        const agg = aggregateOf(before);
        const own = withIds.filter((l) => l.enterpriseId === 'E0');
        const delta: Contribution = diffContributions(enterpriseContribution(enterprises[0]!, own), enterpriseContribution(changed, own));
        agg.apply(delta);
        expect(agg.lendingStats('65', asOf, [])).toEqual(computeLendingStats(after, asOf));
        expect(agg.groupBy('65', asOf, 'zone', [])).toEqual(groupBy(after, asOf, 'zone'));
      }),
      { numRuns: 100 },
    );
  });

  it('an enterprise removed by its exact negative leaves nothing behind', () => {
    fc.assert(
      fc.property(scenario, ({ enterprises, loans }) => {
        const input: StatsInput = { enterprises, loans: loans.map((l, i) => ({ ...l, loanId: `L${i}` })), totalLoans: [] };
        const agg = aggregateOf(input);
        for (const e of enterprises) {
          const c = enterpriseContribution(e, input.loans.filter((l) => l.enterpriseId === e.enterpriseId));
          agg.apply(diffContributions(c, new Map()));
        }
        expect(agg.size()).toEqual({ series: 0, cells: 0 });
      }),
      { numRuns: 50 },
    );
  });
});
