export * from './bus';
export * from './bank-producer';
