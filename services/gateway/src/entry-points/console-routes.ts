import type { Request, Response } from 'express';
import { z } from 'zod';
import { anyOf, ownEnterprise } from '@techcredit/auth';
import { ScoreWhatIfSchema, UsccSchema } from '@techcredit/contracts';
import { validBody, validParams } from '@techcredit/service';
import { correlationIdOf, samePath, sendAnswer, type UpstreamClient } from '../upstream/client';
import { assertMayReadEnterpriseWith, regulator } from './route-helpers';
import type { RouteSpec } from './spec';

/**
 * The routes the web console needs beyond the phase-2 API (issue 9): reads whose question is a JSON body
 * (`kind: 'read'`: no Idempotency-Key, no audit record, nothing published), each with the same rules and
 * ownership helpers as every other route.
 */
const EnterpriseParams = z.strictObject({ id: UsccSchema });

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
  ];
}
