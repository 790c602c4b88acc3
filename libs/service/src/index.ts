export * from './runtime';
export * from './http';
