export * from './schemas';
export * from './book';
export { DEFAULT_POLICIES } from './defaults';
import { PolicyBook } from './book';
import { DEFAULT_POLICIES } from './defaults';

/** The book of default policy versions (DOMAIN.md). Services add versions from policy events with `with`. */
export const policyBook = new PolicyBook(DEFAULT_POLICIES);
