import type { Request, Response } from 'express';
import type { z } from 'zod';
import { WHOLE_REGION, allow, anyOf, ownEnterprise, type Principal, type RegulatorRegion } from '@techcredit/auth';
import type { EventDef } from '@techcredit/contracts';
import { Forbidden, HttpProblem, ValidationProblem, validBody, validParams, validQuery, type FieldError } from '@techcredit/service';
import { isListed, regionQuery, regulatorCoversEnterprise } from '../domain/access';
import type { PartOutcome } from '../domain/report';
import { eventSource, scopedBankId } from '../domain/scope';
import type { ForwardQuery, UpstreamName } from '../domain/upstreams';
import { bodyOf, correlationIdOf, forward, samePath, sendAnswer, type UpstreamAnswer, type UpstreamClient } from '../upstream/client';
import type { GetSpec, RouteSpec } from './spec';
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

/** A composed answer's part (report, simulation): its body, or its failure status and detail. */
export const partOutcome = (a: UpstreamAnswer): PartOutcome =>
  a.ok ? { ok: true, body: a.body } : { ok: false, status: a.problem.status, detail: a.problem.detail ?? a.problem.title };

/** The 502 of a composed answer whose parts failed, naming each. */
export function incompleteProblem(what: string, failed: readonly { part: string; service: UpstreamName; status: number; detail: string }[]): HttpProblem {
  const named = failed.map((f) => `${f.part} from ${f.service} (${f.status}: ${f.detail})`).join('; ');
  return new HttpProblem({ status: 502, type: 'bad-gateway', title: 'Bad gateway', detail: `${what} incomplete: ${named}`, extra: { failed } });
}

/**
 * `loan.disbursed` v2 names the product the loan was made under (DOMAIN.md §11): it must be one of the bank's
 * own published products (asks matching). Another bank's or an unknown product is a 422 naming each item;
 * nothing is published.
 */
export async function assertOwnProducts(client: UpstreamClient, items: readonly { type: string; data: unknown }[], bankId: string, correlationId: string): Promise<void> {
  const byProduct = new Map<string, number[]>();
  items.forEach((item, index) => {
    const productId = item.type === 'loan.disbursed' ? (item.data as { productId?: string }).productId : undefined;
    if (productId !== undefined) byProduct.set(productId, [...(byProduct.get(productId) ?? []), index]);
  });
  const errors: (FieldError & { index: number })[] = [];
  for (const [productId, indexes] of byProduct) {
    const answer = await client.get('matching', `/v1/credit-products/${encodeURIComponent(productId)}`, {}, correlationId);
    const owner = answer.ok ? (bodyOf(answer) as { bankId?: unknown }).bankId : undefined;
    if (!answer.ok && answer.problem.status !== 404) bodyOf(answer); // an upstream failure is the caller's 502/503, not a 422
    if (owner === bankId) continue;
    const message = owner === undefined ? `product ${productId} is not published` : `product ${productId} is not a product of bank ${bankId}`;
    for (const index of indexes) errors.push({ in: 'body', path: ['events', index, 'data', 'productId'], message, code: 'not_own_product', index });
  }
  if (errors.length === 0) return;
  const invalid = [...new Set(errors.map((e) => e.index))].sort((a, b) => a - b);
  const problem = new ValidationProblem(errors, `loan.disbursed under a product that is not the bank's own at index ${invalid.join(', ')}; nothing was published`);
  problem.extra.invalidItems = invalid;
  throw problem;
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

/** An admin write of one event whose data is the validated body (registrations, policies, investments). */
export const adminPublishRoute =
  (publisher: Publisher) =>
  (path: string, summary: string, def: EventDef, body: z.ZodType): RouteSpec => ({
    method: 'post',
    path,
    summary,
    roles: ['admin'],
    access: 'admin',
    rule: admin,
    regionScope: 'none',
    body,
    status: 202,
    problems: [409, 413, 415, 422, 503],
    command: publishOneWith(publisher)(def, (_req, res) => validBody(res, body)),
  });

/**
 * A read of one enterprise's data from `service` at the same path: the enterprise itself, or a regulator whose
 * region covers its prefecture (checked with the registry).
 */
export function enterpriseOrRegulatorRead(
  client: UpstreamClient,
  spec: { path: string; summary: string; service: Parameters<UpstreamClient['get']>[0]; params: z.ZodType<{ id: string }>; query: z.ZodType },
): RouteSpec {
  return {
    method: 'get',
    path: spec.path,
    summary: spec.summary,
    roles: ['enterprise', 'regulator'],
    access: "the enterprise itself; a regulator whose region covers the enterprise's prefecture",
    rule: anyOf(ownEnterprise('id'), regulator),
    regionScope: 'checked',
    params: spec.params,
    query: spec.query,
    status: 200,
    problems: [404, 422, 502, 503, 504],
    handler: async (req, res) => {
      await assertMayReadEnterpriseWith(client, req, res, validParams(res, spec.params).id, false);
      sendAnswer(res, await client.get(spec.service, samePath(req), validQuery(res, spec.query) as never, correlationIdOf(res)));
    },
  };
}
