import { anyOf } from '@techcredit/auth';
import { SIMULATE_PATH, SimulationRequestSchema } from '@techcredit/contracts';
import { validBody } from '@techcredit/service';
import { composeSimulation, simulationCalls } from '../domain/simulation';
import { correlationIdOf, type UpstreamClient } from '../upstream/client';
import { admin, incompleteProblem, partOutcome, wholeRegionRegulator } from './route-helpers';
import type { RouteSpec } from './spec';

/**
 * Policy simulation (DOMAIN.md §13, docs/decisions/0016): a POST read — the draft travels in the body, nothing
 * is published, stored or audited. The affected services recompute their figures over the stored history
 * under the live book and under the draft, in parallel (`POST /internal/simulate`); the gateway puts them side
 * by side with the differences. Admins (who publish policies) and the regulator of the whole region ('65'):
 * the figures cover every prefecture and bank.
 */
export function simulationRoutes({ client }: { client: UpstreamClient }): RouteSpec[] {
  return [
    {
      method: 'post',
      kind: 'read',
      path: '/simulations',
      summary: 'Simulate a draft policy version over a period: current and draft figures side by side with differences (subsidies, re-lending, pledge-cap breaches)',
      roles: ['admin', 'regulator'],
      access: "admin, or a regulator of the whole region ('65'): the figures cover every prefecture and bank",
      rule: anyOf(admin, wholeRegionRegulator),
      regionScope: 'whole-region',
      body: SimulationRequestSchema,
      status: 200,
      problems: [413, 415, 422, 502, 503, 504],
      handler: async (_req, res) => {
        const body = validBody(res, SimulationRequestSchema);
        const cid = correlationIdOf(res);
        const calls = simulationCalls(body);
        const answers = await Promise.all(calls.map((c) => client.post(c.service, SIMULATE_PATH, body, cid)));
        // A draft whose figures a service cannot compute exactly is the draft's fault: its 422 passes through.
        for (const a of answers) if (!a.ok && a.problem.status === 422) throw a.problem;
        const result = composeSimulation(body, calls, answers.map(partOutcome));
        if (!result.ok) throw incompleteProblem('simulation', result.failed);
        res.status(200).json(result.simulation);
      },
    },
  ];
}
