import { Topics } from '@techcredit/contracts';
import { defineService, runMain } from '@techcredit/service';
import { gatewayEnv } from './config';
import { setupGateway } from './entry-points/gateway';

/**
 * The gateway: the only public HTTP surface (ARCHITECTURE.md "HTTP"). Authenticates, authorises (deny by
 * default), validates, publishes writes to Kafka and proxies reads to the internal services.
 * Loan batches of 1,000 events fit well within the 2 MB body limit.
 */
export const service = defineService({
  name: 'gateway',
  env: gatewayEnv,
  topics: [Topics.registry, Topics.enterprise, Topics.product, Topics.loan, Topics.policy],
  bodyLimit: '2mb',
  etag: true, // the public API keeps revalidation (weak ETags, 304 on If-None-Match)
  setup: setupGateway,
});

if (require.main === module) runMain(service);
