import { allow } from '@techcredit/auth';
import {
  BankBatchSchema,
  BankRegisteredEvent,
  DesignationBatchSchema,
  DesignationGrantedEvent,
  EnterpriseBatchSchema,
  EnterpriseRegisteredEvent,
  bankBatchRule,
  designationBatchRule,
  enterpriseBatchRule,
} from '@techcredit/contracts';
import { publishBatch } from './batch';
import type { Publisher } from './publisher';
import type { RouteSpec } from './spec';

/**
 * Bulk registry writes (admin): 1..1000 items per request, the whole batch validated first (422 naming every
 * invalid item by index, nothing published), one publish of all the events, Idempotency-Key as every write.
 * Each item is the body of the one-at-a-time route (a designation carries its enterpriseId).
 */
export function registryBatchRoutes({ publisher }: { publisher: Publisher }): RouteSpec[] {
  const admin = allow({ role: 'admin' });
  const common = { method: 'post', roles: ['admin'], access: 'admin', regionScope: 'none', rule: admin, customBodyCheck: true, status: 202, problems: [409, 413, 415, 422, 503] } as const;
  return [
    {
      ...common,
      path: '/enterprises/batch',
      summary: 'Register 1..1000 enterprises (events enterprise.registered), all or nothing',
      body: EnterpriseBatchSchema,
      command: publishBatch(publisher, enterpriseBatchRule, 'enterprise', EnterpriseRegisteredEvent),
    },
    {
      ...common,
      path: '/designations/batch',
      summary: 'Grant 1..1000 designations (events enterprise.designation_granted), all or nothing',
      body: DesignationBatchSchema,
      command: publishBatch(publisher, designationBatchRule, 'designation', DesignationGrantedEvent),
    },
    {
      ...common,
      path: '/banks/batch',
      summary: 'Register 1..1000 banks (events bank.registered), all or nothing',
      body: BankBatchSchema,
      command: publishBatch(publisher, bankBatchRule, 'bank', BankRegisteredEvent),
    },
  ];
}
