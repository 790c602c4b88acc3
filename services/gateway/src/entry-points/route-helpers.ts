import type { Request, Response } from 'express';
import type { z } from 'zod';
import { WHOLE_REGION, allow, type Principal, type RegulatorRegion } from '@techcredit/auth';
import type { EventDef } from '@techcredit/contracts';
import { Forbidden } from '@techcredit/service';
import { isListed, regionQuery, regulatorCoversEnterprise } from '../domain/access';
import { eventSource, scopedBankId } from '../domain/scope';
import type { ForwardQuery } from '../domain/upstreams';
import { bodyOf, correlationIdOf, forward, type UpstreamClient } from '../upstream/client';
import { validQuery } from '@techcredit/service';
import type { UpstreamName } from '../domain/upstreams';
import type { GetSpec } from './spec';
import type { Command } from './command';
import type { Publisher } from './publisher';

/**
 * The rules and ownership helpers every route file shares (one ownership rule, one place): who the caller
 * is, which region and bank its reads are confined to, whether it may read an enterprise, and the
 * one-event command.
 */

export const admin = allow({ role: 'admin' });

/** The slices of the lending statistics (DOMAIN.md §7): `groupBy=` of the as-of figures and of the series. */
export const GROUP_BY = ['prefecture', 'zone', 'cluster', 'designation', 'bank'] as const;
export const bank = allow({ role: 'bank' });
export const regulator = allow({ role: 'regulator' });
export const wholeRegionRegulator = allow({ role: 'regulator', match: (p) => p.region === WHOLE_REGION });

export const principalOf = (req: Request): Principal => {
  if (!req.principal) throw new Error('no principal: route mounted outside the guard');
  return req.principal;
};

export const regionOf = (req: Request): RegulatorRegion => {
  const p = principalOf(req);
  if (p.role !== 'regulator') throw new Error('regionOf: not a regulator');
  return p.region;
};

/**
 * The region a regulator's read is confined to, forwarded to the internal service as `region=` (its
 * token's scope, never the caller's query); other callers forward none (the service's default is '65',
 * and a bank is confined by its bankId instead).
 */
export function callerRegion(req: Request): ForwardQuery {
  const p = principalOf(req);
  return p.role === 'regulator' ? regionQuery(p.region) : {};
}

/** `bankId` for a bank's own reads: forced to its own; another bank's is 403. */
export function ownBankId(req: Request, requested: string | undefined): string | undefined {
  const scope = scopedBankId(principalOf(req), requested);
  if (!scope.ok) throw new Forbidden(scope.message);
  return scope.bankId;
}

/** A command that publishes one event built from the validated request; 202 { eventId, correlationId }. */
export const publishOneWith =
  (publisher: Publisher) =>
  (def: EventDef, data: (req: Request, res: Response) => unknown): Command =>
  async (req, res, eventId) => {
    const correlationId = correlationIdOf(res);
    const [envelope] = await publisher.publish([
      { def, data: data(req, res), meta: { id: eventId(0), correlationId, source: eventSource(principalOf(req)) } },
    ]);
    return { status: 202, body: { eventId: envelope!.id, correlationId } };
  };

/**
 * May the caller read enterprise `id`? The enterprise itself (checked by the rule); a regulator whose
 * region covers its prefecture (asks the registry); a bank only while the enterprise is on its
 * recommendation list (asks matching), if `banks` is set.
 */
export async function assertMayReadEnterpriseWith(client: UpstreamClient, req: Request, res: Response, id: string, banks: boolean): Promise<void> {
  const p = principalOf(req);
  const cid = correlationIdOf(res);
  if (p.role === 'enterprise' && p.enterpriseId === id) return;
  if (p.role === 'regulator') {
    if (p.region === WHOLE_REGION) return;
    const enterprise = bodyOf(await client.get('registry', `/v1/enterprises/${encodeURIComponent(id)}`, {}, cid));
    if (!regulatorCoversEnterprise(p.region, enterprise)) throw new Forbidden(`enterprise ${id} is outside region ${p.region}`);
    return;
  }
  if (p.role === 'bank' && banks) {
    const path = `/v1/banks/${encodeURIComponent(p.bankId)}/recommendations/${encodeURIComponent(id)}`;
    const answer = await client.get('matching', path, {}, cid);
    if (!answer.ok && answer.problem.status === 404) throw new Forbidden(`enterprise ${id} is not on your recommendation list`);
    if (!isListed(bodyOf(answer))) throw new Forbidden(`enterprise ${id} is not on your recommendation list`);
    return;
  }
  throw new Forbidden(`role ${p.role} may not read enterprise ${id}`);
}

/**
 * A regulator's read of figures over its region (`regionScope: 'filtered'`): the validated query and the token's
 * region forwarded to `service` at the same path.
 */
export function regionFilteredRead(client: UpstreamClient, service: UpstreamName, spec: { path: string; summary: string; query: z.ZodType }): GetSpec {
  return {
    method: 'get',
    ...spec,
    roles: ['regulator'],
    access: 'a regulator (its region is applied)',
    rule: regulator,
    regionScope: 'filtered',
    status: 200,
    problems: [422, 502, 503, 504],
    handler: forward(client, service, (req, res) => ({ ...(validQuery(res, spec.query) as Record<string, string | number | undefined>), ...callerRegion(req) })),
  };
}
