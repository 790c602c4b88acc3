/** Pure rules of the IP-pledge service (DOMAIN.md §4). */
export * from './register';
export * from './pledge-rate';
export * from './release';
export * from './compensation';
export * from './decisions';
export * from './simulation';
