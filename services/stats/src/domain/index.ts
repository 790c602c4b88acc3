/** Lending statistics domain (DOMAIN.md §7) and the §8 benchmark: pure functions, no I/O. */
export * from './types';
export { oneYearBefore, yearStart } from './dates';
export { pct, growthPct, spreadPoints, roundHalfUp, fenToYi, FEN_PER_YI, type Pct } from './ratio';
export {
  isTechOn,
  holdsOn,
  techTest,
  outstandingOn,
  positionsOn,
  figuresAt,
  designationCounts,
  type PeriodFigures,
} from './figures';
export { compareFigures, statsFromPositions, computeLendingStats, totalOn, type LendingStats, type AmountYoY, type CountYoY } from './report';
export { groupBy, SLICE_DIMENSIONS, NONE_KEY, type SliceDimension } from './slices';
export { benchmark, PUBLISHED_2024, type BenchmarkRow, type PublishedFigure, type FigureUnit } from './benchmark';
export { buildStatsInput, restrictToRegion, toStatsEnterprise, toStatsLoan, type FoldedLoan, type RegistryEnterprise } from './input';
export { LendingAggregate, type SeriesPoint } from './aggregate';
export {
  enterpriseContribution,
  diffContributions,
  mergeInto,
  toRows,
  fromRows,
  seriesKey,
  type Contribution,
  type ContributionRows,
  type DayDeltas,
} from './contribution';
