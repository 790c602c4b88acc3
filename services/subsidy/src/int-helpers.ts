/** Helpers of the subsidy integration tests: the shared ones from @techcredit/testkit, with this suite's client id. */
import { testBus as sharedTestBus } from '@techcredit/testkit';
import type { Bus } from '@techcredit/bus';

export { item, publishAll, getJson, eventCount, type Item, type Json } from '@techcredit/testkit';

export const testBus = (namespace: string): Bus => sharedTestBus(namespace, 'subsidy-int-test');
