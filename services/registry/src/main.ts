/**
 * registry: enterprises (credit code, prefecture, zone, cluster, designation history) and banks, as a
 * read model of the registry topic (the gateway publishes the registry events, DOMAIN.md §1).
 */
import { Topics } from '@techcredit/contracts';
import { registryProjection } from '@techcredit/projections';
import { defineService, runMain } from '@techcredit/service';
import { registryRoutes } from './entry-points/routes';

export const service = defineService({
  name: 'registry',
  topics: [Topics.registry],
  async setup(ctx) {
    return { routes: registryRoutes(registryProjection(ctx)) };
  },
});

if (require.main === module) runMain(service);
