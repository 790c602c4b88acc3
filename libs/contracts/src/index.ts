export * from './envelope';
export * from './common';
export * from './registry';
export * from './scoring';
export * from './products';
export * from './loans';
export * from './loan-state';
export * from './policy';
