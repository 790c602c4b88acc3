export * from './bus';
export * from './bank-producer';
export * from './supervisor';
