import type { MountOptions } from './mount';
import { gatewayRoutes } from './routes';

/**
 * Test support: `mountGateway` options whose route table, idempotency store and audit trail are never called (tests
 * of the public documents and of the dev sign-in serve the table without reaching a route's handler).
 */
export const unused = (): never => {
  throw new Error('not called in this test');
};

export function unusedMountOptions(over: Pick<MountOptions, 'verifier'> & Partial<MountOptions>): MountOptions {
  return {
    specs: gatewayRoutes({ client: { get: unused, post: unused }, publisher: { publish: unused }, now: unused }),
    commands: {
      store: { claim: unused, takeOver: unused, complete: unused, release: unused },
      audit: { store: unused as never, metrics: unused as never, logger: { error: () => undefined }, now: unused },
      logger: { warn: () => undefined },
      waitMs: 10,
    },
    ...over,
  };
}
