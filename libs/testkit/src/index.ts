export * from './infra';
export * from './helpers';
export * from './platform';
export * from './events';
export * from './figures';
export * from './hostile';
export * from './matrix';
