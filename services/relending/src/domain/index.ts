/** Pure rules of the re-lending service (DOMAIN.md §5). */
export * from './eligibility';
export * from './application';
export * from './bank';
export * from './summary';
export * from './simulation';
