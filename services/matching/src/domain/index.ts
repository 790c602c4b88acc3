export * from './types';
export { offersFor, compareIds } from './offers';
export { recommendationsFor } from './recommendations';
export { isEligible, suggestedLineFen, usableScore, lineRatioFor, minScoreHundredths, type UsableScore } from './eligibility';
