export * from './types';
export { offersFor, compareIds } from './offers';
export { recommendationsFor } from './recommendations';
export { isEligible, suggestedLineFen, usableScore, lineRatioFor, minScoreHundredths, type UsableScore } from './eligibility';
export { compareInstants } from '@techcredit/money';
export { isNewerProduct, isNewerScore, type ProductVersion, type ScoreVersion } from './versions';
