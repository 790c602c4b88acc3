/**
 * registry: enterprises (credit code, prefecture, zone, cluster, designation history) and banks, as a
 * read model of the registry topic (the gateway publishes the registry events, DOMAIN.md §1); and the
 * service platform's designation applications and programme targets (§9.3, §12) from the designation
 * topic, where an approval is granted back onto the registry topic.
 */
import { Topics } from '@techcredit/contracts';
import { policyProjection, registryProjection } from '@techcredit/projections';
import { defineService, runMain } from '@techcredit/service';
import { ApplicationStore } from './data-access/applications';
import { applicationRoutes } from './entry-points/application-routes';
import { consumeDesignationTopic } from './entry-points/designation-consumer';
import { registryRoutes } from './entry-points/routes';

export const service = defineService({
  name: 'registry',
  topics: [Topics.registry, Topics.designation, Topics.policy],
  async setup(ctx) {
    const view = registryProjection(ctx);
    const policy = await policyProjection(ctx);
    const store = await ApplicationStore.open(ctx);
    consumeDesignationTopic(ctx, store);
    const applications = applicationRoutes({ store, registry: view, policy: () => policy.book() });
    return {
      routes: (router) => {
        registryRoutes(view)(router);
        applications(router);
      },
    };
  },
});

if (require.main === module) runMain(service);
