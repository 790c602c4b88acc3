export * from './registry';
export * from './loans';
export * from './policy';
export * from './insurance';
