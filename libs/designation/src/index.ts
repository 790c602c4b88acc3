export { evaluateTsme, tsmeIndicators, TSME_CLEAN_FLAGS, type TsmeFacts } from './tsme';
export { evaluateHte, hteConditions, hteRdThresholdBp } from './hte';
export { assess } from './assess';
export { grantValidity, type Validity } from './validity';
export { targetProgress, type TargetProgress } from './targets';
export { rdQuality, type RdQuality } from './quality';
export { reachesBp, floorBp, bandPoints } from './ratio';
