/**
 * Calibration targets (DOMAIN.md §8). The published figures come from the stats domain's PUBLISHED_2024
 * table; the scenario's free choices (the IP-pledge base, the all-loans base, …) are named constants here.
 * Amounts are in units of 1万元 (1,000,000 fen): every loan amount is a whole number of 万元.
 */
import { PUBLISHED_2024, type PublishedFigure } from '@techcredit/stats/src/domain';

/** 1万元 in fen. */
export const UNIT_FEN = 1_000_000;
const WAN_PER_YI = 10_000n;

/** Free choices of the scenario at scale 1 (not published). */
export const CHOICES = {
  /** IP-pledge loans disbursed in 2023 to tech enterprises (户次). */
  ipPledgeTimes2023: 350,
  /** IP-pledge balance at end 2023: 40亿元. */
  ipPledgeBalance2023Units: 400_000,
  /** The region's all-loans balance at end 2023: 2.98万亿元. */
  allLoans2023Units: 298_000_000,
  /** Enterprises supported at end 2023 that lost every designation during 2024. */
  droppedByDesignation: 150,
  /** Enterprises supported at end 2023 whose loans were all repaid or written off in 2024. */
  fullyRepaid: 400,
  /** Tech enterprises (both years) whose only loan was repaid within 2023. */
  repaidWithin2023: 100,
  /** Tech enterprises without any loan. */
  neverBorrowed: 1_000,
  /** Non-tech borrowers (never counted). */
  nonTech: 60,
  /** Written-off loans among the fully-repaid and the dropped groups. */
  writeOffsRepaid: 20,
  writeOffsDropped: 5,
} as const;

function figure(metric: string): PublishedFigure {
  const f = PUBLISHED_2024.figures.find((x) => x.metric === metric);
  if (!f) throw new RangeError(`published figure ${metric} missing`);
  return f;
}

/** A published value as an integer scaled by 10^decimals, with the scale. */
function scaled(metric: string): { n: bigint; scale: bigint } {
  const f = figure(metric);
  const [i = '0', d = ''] = f.value.split('.');
  return { n: BigInt(i + d.padEnd(f.decimals, '0')), scale: 10n ** BigInt(f.decimals) };
}

/** A published 亿元 figure in 万元 units. */
function yiUnits(metric: string): number {
  const { n, scale } = scaled(metric);
  return Number((n * WAN_PER_YI) / scale);
}

/** x / (1 + g%) rounded half-up, g a published percentage: the base a year earlier. */
function before(x: number, growthMetric: string): number {
  const { n, scale } = scaled(growthMetric);
  const den = 100n * scale + n;
  return Number((2n * BigInt(x) * 100n * scale + den) / (2n * den));
}

/** x × (1 + g%) rounded half-up. */
function after(x: number, growthMetric: string): number {
  const { n, scale } = scaled(growthMetric);
  const den = 100n * scale;
  return Number((2n * BigInt(x) * (den + n) + den) / (2n * den));
}

const count = (metric: string): number => Number(scaled(metric).n);

/** Everything the construction must hit exactly, at a scale (counts and 万元 units). */
export interface Targets {
  scale: number;
  supported2023: number;
  supported2024: number;
  balance2023: number;
  balance2024: number;
  credit2023: number;
  credit2024: number;
  ipTimes2023: number;
  ipTimes2024: number;
  ipBalance2023: number;
  ipBalance2024: number;
  allLoans2023: number;
  allLoans2024: number;
  /** Enterprises holding each designation at end 2024. */
  registry: { HTE: number; TSME: number; ISME: number; SRDI: number };
}

/**
 * Targets at `scale`: the bases of 2024 (and the free 2023 IP bases) are scaled and rounded; the other
 * year follows from the published growth, so every growth stays at its published value at any scale.
 */
export function targetsAt(scale: number): Targets {
  const s = (x: number): number => Math.round(x * scale);
  const balance2024 = s(yiUnits('balanceYi'));
  const credit2024 = s(yiUnits('creditLoansIssuedYi'));
  const ipTimes2023 = Math.max(1, s(CHOICES.ipPledgeTimes2023));
  const ipBalance2023 = s(CHOICES.ipPledgeBalance2023Units);
  // all-loans 2023 a multiple of 1000 units (1000万元), so the published growth is exact
  const allLoans2023 = Math.max(1, Math.round((CHOICES.allLoans2023Units * scale) / 1000)) * 1000;
  const supported2024 = s(count('supportedEnterprises'));
  return {
    scale,
    supported2024,
    supported2023: supported2024 - s(count('supportedEnterprisesChange')),
    balance2024,
    balance2023: before(balance2024, 'balanceGrowthPct'),
    credit2024,
    credit2023: before(credit2024, 'creditLoansIssuedGrowthPct'),
    ipTimes2023,
    ipTimes2024: after(ipTimes2023, 'ipPledgeEnterpriseTimesGrowthPct'),
    ipBalance2023,
    ipBalance2024: after(ipBalance2023, 'ipPledgeBalanceGrowthPct'),
    allLoans2023,
    allLoans2024: after(allLoans2023, 'allLoansGrowthPct'),
    registry: {
      HTE: s(count('registry.HTE')),
      TSME: s(count('registry.TSME')),
      ISME: s(count('registry.ISME')),
      SRDI: s(count('registry.SRDI')),
    },
  };
}
