export * from './fen';
export * from './dates';
export * from './interest';
