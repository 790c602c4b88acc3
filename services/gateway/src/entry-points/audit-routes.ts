import { z } from 'zod';
import { WHOLE_REGION, allow, anyOf } from '@techcredit/auth';
import { IsoDate, queryInt } from '@techcredit/contracts';
import { MAX_OFFSET, MAX_PAGE_LIMIT, validQuery } from '@techcredit/service';
import { verifyChain } from '../domain/audit';
import type { AuditStore } from '../data-access/audit-store';
import type { RouteSpec } from './spec';

/**
 * Reading the audit trail (DOMAIN.md §15, docs/decisions/0015): a day's records, filtered by subject and route
 * pattern, in chain order; and the verification of a day's chain, naming the first record that does not fit.
 * Admins and the regulator of the whole region ('65') only: the trail covers every tenant.
 */
export const AuditQuery = z.strictObject({
  date: IsoDate,
  subject: z
    .string()
    .min(1)
    .max(200)
    .regex(/^\P{Cc}+$/u, 'expected a token subject (no control characters)')
    .optional(),
  route: z.string().regex(/^\/v1\/[A-Za-z0-9/:_-]{1,200}$/, 'expected a route pattern like /v1/enterprises/:id/designations').optional(),
  limit: queryInt(1, MAX_PAGE_LIMIT).default(100),
  offset: queryInt(0, MAX_OFFSET).default(0),
});
export const AuditVerifyQuery = z.strictObject({ date: IsoDate });

export function auditRoutes({ audit }: { audit: AuditStore | undefined }): RouteSpec[] {
  const rule = anyOf(allow({ role: 'admin' }), allow({ role: 'regulator', match: (p) => p.region === WHOLE_REGION }));
  const store = (): AuditStore => {
    if (!audit) throw new Error('audit routes: no audit store wired');
    return audit;
  };
  const common = {
    method: 'get',
    roles: ['admin', 'regulator'],
    access: "admin, or a regulator of the whole region ('65'): the trail covers every bank, enterprise and prefecture",
    rule,
    regionScope: 'whole-region',
    status: 200,
    problems: [422],
  } as const;
  return [
    {
      ...common,
      path: '/audit',
      summary: 'Audit records of accepted writes on a UTC day (?date=&subject=&route=&limit=&offset=), in chain order',
      query: AuditQuery,
      handler: async (_req, res) => {
        const q = validQuery(res, AuditQuery);
        const page = await store().list(q);
        res.status(200).json({ date: q.date, items: page.items, limit: q.limit, offset: q.offset, hasMore: page.hasMore });
      },
    },
    {
      ...common,
      path: '/audit/verify',
      summary: "Recompute a UTC day's audit chain (?date=): ok, or the first record (seq, id) that was changed, removed or reordered",
      query: AuditVerifyQuery,
      handler: async (_req, res) => {
        const { date } = validQuery(res, AuditVerifyQuery);
        res.status(200).json(verifyChain(date, await store().day(date)));
      },
    },
  ];
}
