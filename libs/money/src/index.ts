export * from './fen';
export * from './dates';
export * from './interest';
export * from './instants';
