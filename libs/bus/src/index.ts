export * from './bus';
export * from './bank-producer';
export { derivedUuid } from './ids';
export * from './supervisor';
