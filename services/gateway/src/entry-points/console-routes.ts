import type { Request, Response } from 'express';
import { z } from 'zod';
import { anyOf, ownEnterprise } from '@techcredit/auth';
import { LoanEventBatchSchema, ScoreWhatIfSchema, UsccSchema, checkSeriesRange, seriesRangeShape } from '@techcredit/contracts';
import { Forbidden, validBody, validParams } from '@techcredit/service';
import { dryRunLoanBatch } from '../domain/loan-batch';
import { invalidBatchProblem } from './batch';
import { correlationIdOf, samePath, sendAnswer, type UpstreamClient } from '../upstream/client';
import { GROUP_BY, assertMayReadEnterpriseWith, bank, principalOf, regionFilteredRead, regulator } from './route-helpers';
import type { RouteSpec } from './spec';

/**
 * The routes the web console needs beyond the phase-2 API (issue 9): reads whose question is a JSON body
 * (`kind: 'read'`: no Idempotency-Key, no audit record, nothing published), each with the same rules and
 * ownership helpers as every other route.
 */
const EnterpriseParams = z.strictObject({ id: UsccSchema });
/** `?from=&to=&every=month&groupBy=`: at most MAX_SERIES_POINTS month ends (else 422), sliced like the as-of statistics. */
export const LendingSeriesQuery = z.strictObject({ ...seriesRangeShape, groupBy: z.enum(GROUP_BY).optional() }).superRefine(checkSeriesRange);

export function consoleRoutes({ client }: { client: UpstreamClient }): RouteSpec[] {
  const assertMayReadEnterprise = (req: Request, res: Response, id: string) => assertMayReadEnterpriseWith(client, req, res, id, false);
  return [
    {
      method: 'post',
      kind: 'read',
      path: '/enterprises/:id/innovation-score/what-if',
      summary: "Score what-if (DOMAIN.md §14): the enterprise's total if some indicators took other values, and the three best next steps; nothing is filed",
      roles: ['enterprise', 'regulator'],
      access: "the enterprise itself; a regulator whose region covers the enterprise's prefecture",
      rule: anyOf(ownEnterprise('id'), regulator),
      regionScope: 'checked',
      params: EnterpriseParams,
      body: ScoreWhatIfSchema,
      status: 200,
      problems: [404, 413, 415, 422, 502, 503, 504],
      handler: async (req, res) => {
        await assertMayReadEnterprise(req, res, validParams(res, EnterpriseParams).id);
        sendAnswer(res, await client.post('scoring', samePath(req), validBody(res, ScoreWhatIfSchema), correlationIdOf(res)));
      },
    },
    regionFilteredRead(client, 'stats', {
      path: '/stats/lending/series',
      summary: 'Month-end balance and supported enterprises from `from` to `to` (?every=month&groupBy=), scoped to the regulator’s region',
      query: LendingSeriesQuery,
    }),
    {
      method: 'post',
      kind: 'read',
      path: '/loan-events/check',
      summary: 'Dry run of POST /v1/loan-events: which rows it would refuse and why (invalid, or another bank’s disbursement); nothing is published',
      roles: ['bank'],
      access: 'a bank (checked as its own batch would be)',
      rule: bank,
      regionScope: 'none',
      body: LoanEventBatchSchema,
      customBodyCheck: true,
      status: 200,
      problems: [413, 415, 422],
      handler: (req, res) => {
        const p = principalOf(req);
        if (p.role !== 'bank') throw new Forbidden('only banks check loan events');
        const run = dryRunLoanBatch(req.body ?? {}, p.bankId);
        if (!run.ok) throw invalidBatchProblem(run.errors, [], 'events', 'event');
        res.status(200).json(run.report);
      },
    },
  ];
}
