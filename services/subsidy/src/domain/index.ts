/** Pure rules of the subsidy service (DOMAIN.md §6). */
export * from './terms';
export * from './eligibility';
export * from './basis';
export * from './interest';
export * from './fees';
export * from './summary';
export * from './simulation';
export * from './insurance';
