import { benchmark, PUBLISHED_2024, unpublishedFigures } from './benchmark';
import { compareFigures } from './report';
import { zeroFigures } from './figures';

// Figures that reproduce §8: balance 66,169,300,000,000 fen = 6616.93亿元; prior 57,799,616,000,000 fen
// → growth 14.4805…% (14.48); all loans 298,000,000,000,000 → 321,542,000,000,000 fen = +7.90% exactly,
// so the spread is 6.5805… → 6.58; credit 21,268,000,000,000 / 13,612,391,000,000 → +56.2400…%;
// IP times 517/350 → +47.71% (47.7 at 1 decimal); IP balance 742,800,000,000 / 400,000,000,000 → +85.70%.
const current = { ...zeroFigures('2024-12-31'), date: '2024-12-31', supportedEnterprises: 7880, balanceFen: 66_169_300_000_000, creditLoansIssuedFen: 21_268_000_000_000, ipPledgeEnterpriseTimes: 517, ipPledgeBalanceFen: 742_800_000_000 };
const prior = { ...zeroFigures('2023-12-31'), date: '2023-12-31', supportedEnterprises: 6799, balanceFen: 57_799_616_000_000, creditLoansIssuedFen: 13_612_391_000_000, ipPledgeEnterpriseTimes: 350, ipPledgeBalanceFen: 400_000_000_000 };
const totals = { current: 321_542_000_000_000, prior: 298_000_000_000_000 };
const registry = { HTE: 2529, TSME: 2618, ISME: 1764, SRDI: 899, OTHER_TECH: 5000 };

describe('benchmark against the published figures (§8)', () => {
  it('agrees on every row when the figures reproduce them', () => {
    const rows = benchmark({ ...compareFigures(current, prior, totals), registry });
    expect(rows).toHaveLength(PUBLISHED_2024.figures.length);
    expect(rows.filter((r) => !r.agrees)).toEqual([]);
    expect(rows.find((r) => r.metric === 'ipPledgeEnterpriseTimesGrowthPct')).toMatchObject({ computed: '47.7', difference: '0.0' });
    expect(rows.find((r) => r.metric === 'creditLoansIssuedYi')).toMatchObject({ computed: '2126.8', published: '2126.8' });
    expect(rows.find((r) => r.metric === 'supportedEnterprisesChange')).toMatchObject({ computed: '1081' });
  });

  it('reports a difference at the published precision', () => {
    // +50,000,000 fen = +0.005亿元 → 6616.935 rounds half-up to 6616.94: one hundredth off
    const rows = benchmark({ ...compareFigures({ ...current, balanceFen: current.balanceFen + 50_000_000 }, prior, totals), registry: { ...registry, SRDI: 900 } });
    expect(rows.find((r) => r.metric === 'balanceYi')).toMatchObject({ computed: '6616.94', difference: '0.01', agrees: false });
    expect(rows.find((r) => r.metric === 'registry.SRDI')).toMatchObject({ computed: '900', difference: '1', agrees: false });
    // growth 66,169,350,000,000 / 57,799,616,000,000 − 1 = 14.4806…% still rounds to 14.48
    expect(rows.find((r) => r.metric === 'balanceGrowthPct')?.agrees).toBe(true);
  });

  it('cannot agree on figures it cannot compute', () => {
    const rows = benchmark(compareFigures(current, prior, { current: null, prior: null }));
    expect(rows.find((r) => r.metric === 'spreadPoints')).toMatchObject({ computed: null, agrees: false });
    expect(rows.find((r) => r.metric === 'registry.HTE')).toMatchObject({ computed: null, agrees: false });
    const negative = benchmark(compareFigures({ ...current, supportedEnterprises: 6000 }, prior, totals));
    expect(negative.find((r) => r.metric === 'supportedEnterprisesChange')).toMatchObject({ computed: '-799', difference: '-1880' });
  });
});

describe('§11 additions beside the benchmark', () => {
  it('are listed with D, D − 1 year and growth, each labelled "not published"', () => {
    const rows = unpublishedFigures(
      compareFigures(
        { ...current, innovationPointsLoans: 3, innovationPointsBalanceFen: 150_000_000_000, firstLoanEnterprises: 12 },
        { ...prior, innovationPointsLoans: 2, innovationPointsBalanceFen: 100_000_000_000, firstLoanEnterprises: 0 },
        totals,
      ),
    );
    expect(rows.map((r) => r.metric)).toEqual(['investmentLinkedLoans', 'investmentLinkedPrincipalYi', 'linkedInvestmentYi', 'innovationPointsLoans', 'innovationPointsPrincipalYi', 'innovationPointsBalanceYi', 'firstLoanEnterprises']);
    expect(rows.every((r) => r.published === 'not published')).toBe(true);
    expect(rows.find((r) => r.metric === 'innovationPointsLoans')).toMatchObject({ computed: '3', previous: '2', growthPct: '50.00' });
    expect(rows.find((r) => r.metric === 'innovationPointsBalanceYi')).toMatchObject({ computed: '15.00', previous: '10.00', growthPct: '50.00' });
    expect(rows.find((r) => r.metric === 'firstLoanEnterprises')).toMatchObject({ computed: '12', previous: '0', growthPct: null });
  });
});
