import { z } from 'zod';
import { allow } from '@techcredit/auth';
import {
  InsuranceEventBatchSchema,
  InsurerRegistration,
  InvestmentRecordedSchema,
  QueryYear,
  UsccSchema,
  insuranceEventBatchRule,
  insuranceEventDef,
  insurerRegistered,
  investmentRecorded,
} from '@techcredit/contracts';
import { Forbidden } from '@techcredit/service';
import { checkItems } from '../domain/batch';
import { eventSource } from '../domain/scope';
import { correlationIdOf, type UpstreamClient } from '../upstream/client';
import { invalidBatchProblem } from './batch';
import type { Publisher } from './publisher';
import { adminPublishRoute, enterpriseOrRegulatorRead, principalOf } from './route-helpers';
import type { RouteSpec } from './spec';

/**
 * Tech-insurance and outside-investment routes (DOMAIN.md §10, §11, issue 11): admins register insurers and
 * record investments; an insurer posts batches of its own policies' events (all or nothing, Idempotency-Key as
 * every write); the enterprise and regulators of its region read its insurance subsidies from the subsidy service.
 */
const insurer = allow({ role: 'insurer' });
const EnterpriseParams = z.strictObject({ id: UsccSchema });
const YearQuery = z.strictObject({ year: QueryYear.optional() });

export function insuranceRoutes({ client, publisher }: { client: UpstreamClient; publisher: Publisher }): RouteSpec[] {
  const adminRoute = adminPublishRoute(publisher);
  return [
    adminRoute('/insurers', 'Register an insurer (event insurer.registered)', insurerRegistered, InsurerRegistration),
    {
      method: 'post',
      path: '/insurance-events',
      summary: 'Post a batch of 1..1000 tech-insurance policy events (insurance.policy_bound, insurance.policy_cancelled), all or nothing',
      roles: ['insurer'],
      access: "an insurer; every insurance.policy_bound must carry its own insurerId (a cancellation of another insurer's policy is dead-lettered NOT_POLICY_OWNER by the subsidy service)",
      rule: insurer,
      regionScope: 'none',
      body: InsuranceEventBatchSchema,
      customBodyCheck: true,
      status: 202,
      problems: [409, 413, 415, 422, 503],
      command: async (req, res) => {
        const p = principalOf(req);
        if (p.role !== 'insurer') throw new Forbidden('only insurers post insurance events');
        const check = checkItems(req.body ?? {}, insuranceEventBatchRule);
        if (!check.ok) throw invalidBatchProblem(check.errors, check.invalidItems, 'events', 'event');
        const foreign = check.items.flatMap((item, index) => (item.type === 'insurance.policy_bound' && item.data.insurerId !== p.insurerId ? [index] : []));
        if (foreign.length > 0) throw new Forbidden(`insurance.policy_bound for another insurer at index ${foreign.join(', ')}; nothing was published`, { items: foreign });
        const correlationId = correlationIdOf(res);
        const source = eventSource(p);
        await publisher.publish(check.items.map((item) => ({ def: insuranceEventDef(item), data: item.data, meta: { id: item.id, occurredAt: item.occurredAt, source, correlationId } })));
        return { status: 202, body: { accepted: check.items.length, correlationId } };
      },
    },
    adminRoute('/investments', 'Record an outside equity investment in an enterprise (event investment.recorded)', investmentRecorded, InvestmentRecordedSchema),
    enterpriseOrRegulatorRead(client, {
      path: '/enterprises/:id/insurance-subsidies',
      summary: "An enterprise's tech-insurance premium subsidies per policy and year (?year=)",
      service: 'subsidy',
      params: EnterpriseParams,
      query: YearQuery,
    }),
  ];
}
