export * from './types';
export { stageOf, type StageRules } from './stage';
export { bonusOf, penaltyOf, gradeOf, assertScoringPolicy } from './rules';
export { twiceRankWithTies, MAX_COHORT } from './percentile';
export { scoreCohort, groupIntoCohorts, type Cohort } from './score-cohort';
export { scoreChanged } from './changed';
export { memberFromFiling } from './member';
export { compareInstants } from '@techcredit/money';
export { isLaterFiling, cohortKey, type FilingVersion } from './filing-order';
