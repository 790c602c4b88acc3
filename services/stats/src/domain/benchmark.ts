import { FEN_PER_YI, fenToYi, formatScaled, roundScaled } from './ratio';
import type { LendingStats } from './report';
import type { Pct } from './ratio';

export type FigureUnit = 'count' | 'yi' | 'percent' | 'points';

/** One published figure (§8) with the precision it was published at. */
export interface PublishedFigure {
  metric: string;
  label: string;
  unit: FigureUnit;
  /** As published, at `decimals` places (counts: integers). */
  value: string;
  decimals: number;
}

/** §8: the seed's published end-2024 figures, as data. */
export const PUBLISHED_2024: { asOf: string; figures: readonly PublishedFigure[] } = {
  asOf: '2024-12-31',
  figures: [
    { metric: 'supportedEnterprises', label: '科技企业获贷户数', unit: 'count', value: '7880', decimals: 0 },
    { metric: 'supportedEnterprisesChange', label: '获贷户数同比增加', unit: 'count', value: '1081', decimals: 0 },
    { metric: 'balanceYi', label: '科技企业贷款余额(亿元)', unit: 'yi', value: '6616.93', decimals: 2 },
    { metric: 'balanceGrowthPct', label: '科技企业贷款余额同比增速(%)', unit: 'percent', value: '14.48', decimals: 2 },
    { metric: 'allLoansGrowthPct', label: '各项贷款同比增速(%)', unit: 'percent', value: '7.90', decimals: 2 },
    { metric: 'spreadPoints', label: '高于各项贷款增速(百分点)', unit: 'points', value: '6.58', decimals: 2 },
    { metric: 'creditLoansIssuedYi', label: '科技企业信用贷款发放额(亿元)', unit: 'yi', value: '2126.8', decimals: 1 },
    { metric: 'creditLoansIssuedGrowthPct', label: '信用贷款发放额同比增速(%)', unit: 'percent', value: '56.24', decimals: 2 },
    { metric: 'ipPledgeEnterpriseTimesGrowthPct', label: '知识产权质押贷款户次同比增速(%)', unit: 'percent', value: '47.7', decimals: 1 },
    { metric: 'ipPledgeBalanceGrowthPct', label: '知识产权质押贷款余额同比增速(%)', unit: 'percent', value: '85.7', decimals: 1 },
    { metric: 'registry.HTE', label: '高新技术企业', unit: 'count', value: '2529', decimals: 0 },
    { metric: 'registry.TSME', label: '科技型中小企业', unit: 'count', value: '2618', decimals: 0 },
    { metric: 'registry.ISME', label: '创新型中小企业', unit: 'count', value: '1764', decimals: 0 },
    { metric: 'registry.SRDI', label: '专精特新中小企业', unit: 'count', value: '899', decimals: 0 },
  ],
};

export interface BenchmarkRow {
  metric: string;
  label: string;
  unit: FigureUnit;
  published: string;
  /** The computed figure rounded half-up at the published precision; null if it cannot be computed. */
  computed: string | null;
  /** computed − published at that precision. */
  difference: string | null;
  agrees: boolean;
}

/** An exact value as a fraction num/den. */
type Exact = { num: bigint; den: bigint };
const int = (n: number): Exact => ({ num: BigInt(n), den: 1n });
const ofPct = (p: Pct | null): Exact | null => (p ? { num: BigInt(p.num), den: BigInt(p.den) } : null);
const yi = (fen: number): Exact => ({ num: BigInt(fen), den: FEN_PER_YI });

/** The exact computed value of a metric, or null when unknown. */
function exactOf(metric: string, s: LendingStats): Exact | null {
  if (metric.startsWith('registry.')) {
    const n = s.registry?.[metric.slice('registry.'.length)];
    return s.registry ? int(n ?? 0) : null;
  }
  switch (metric) {
    case 'supportedEnterprises': return int(s.supportedEnterprises.value);
    case 'supportedEnterprisesChange': return int(s.supportedEnterprises.change);
    case 'balanceYi': return yi(s.balance.fen);
    case 'balanceGrowthPct': return ofPct(s.balance.growth);
    case 'allLoansGrowthPct': return ofPct(s.allLoans?.growth ?? null);
    case 'spreadPoints': return ofPct(s.spread);
    case 'creditLoansIssuedYi': return yi(s.creditLoansIssued.fen);
    case 'creditLoansIssuedGrowthPct': return ofPct(s.creditLoansIssued.growth);
    case 'ipPledgeEnterpriseTimesGrowthPct': return ofPct(s.ipPledge.enterpriseTimes.growth);
    case 'ipPledgeBalanceGrowthPct': return ofPct(s.ipPledge.balance.growth);
    default: return null;
  }
}

/** Parse a fixed-point decimal string into its scaled integer at `decimals` places. */
function parseScaled(value: string, decimals: number): bigint {
  const [i = '0', f = ''] = value.split('.');
  const neg = i.startsWith('-');
  const digits = BigInt((neg ? i.slice(1) : i) + f.padEnd(decimals, '0').slice(0, decimals));
  return neg ? -digits : digits;
}

/**
 * Compare computed statistics with published figures (§8): each computed value is rounded half-up at the
 * published precision and agrees when equal to the published value.
 */
export function benchmark(computed: LendingStats, published: readonly PublishedFigure[] = PUBLISHED_2024.figures): BenchmarkRow[] {
  return published.map((p) => {
    const exact = exactOf(p.metric, computed);
    const base = { metric: p.metric, label: p.label, unit: p.unit, published: p.value };
    if (!exact) return { ...base, computed: null, difference: null, agrees: false };
    const c = roundScaled(exact.num, exact.den, p.decimals);
    const diff = c - parseScaled(p.value, p.decimals);
    return { ...base, computed: formatScaled(c, p.decimals), difference: formatScaled(diff, p.decimals), agrees: diff === 0n };
  });
}

/** A §11 figure no published figure exists for: shown beside the benchmark, labelled "not published". */
export interface UnpublishedRow {
  metric: string;
  label: string;
  unit: 'count' | 'yi';
  computed: string;
  previous: string;
  /** YoY growth in percent (2 decimals, half-up), null when the earlier value is 0. */
  growthPct: string | null;
  published: 'not published';
}

/** The §11 additions (DOMAIN.md §11) of computed statistics, every row labelled "not published". */
export function unpublishedFigures(s: LendingStats): UnpublishedRow[] {
  const i = s.instruments;
  const count = (metric: string, label: string, c: { value: number; previous: number; growth: Pct | null }): UnpublishedRow => ({
    metric, label, unit: 'count', computed: String(c.value), previous: String(c.previous), growthPct: c.growth?.value ?? null, published: 'not published',
  });
  const amount = (metric: string, label: string, a: { fen: number; yi: string; previousFen: number; growth: Pct | null }): UnpublishedRow => ({
    metric, label, unit: 'yi', computed: a.yi, previous: fenToYi(a.previousFen), growthPct: a.growth?.value ?? null, published: 'not published',
  });
  return [
    count('investmentLinkedLoans', '贷款+外部直投 贷款笔数', i.investmentLinked.loans),
    amount('investmentLinkedPrincipalYi', '贷款+外部直投 贷款发放额(亿元)', i.investmentLinked.principal),
    amount('linkedInvestmentYi', '贷款+外部直投 关联直投金额(亿元)', i.investmentLinked.linkedInvestment),
    count('innovationPointsLoans', '创新积分贷 笔数', i.innovationPoints.loans),
    amount('innovationPointsPrincipalYi', '创新积分贷 发放额(亿元)', i.innovationPoints.principal),
    amount('innovationPointsBalanceYi', '创新积分贷 余额(亿元)', i.innovationPoints.balance),
    count('firstLoanEnterprises', '首贷户数', i.firstLoanEnterprises),
  ];
}
