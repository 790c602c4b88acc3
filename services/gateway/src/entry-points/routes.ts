import type { Request, Response } from 'express';
import { z } from 'zod';
import { WHOLE_REGION, anyOf, ownBank, ownEnterprise } from '@techcredit/auth';
import {
  BankIdSchema,
  BankRegisteredEvent,
  BankRegistration,
  CreditProductSchema,
  DesignationGrant,
  DesignationGrantedEvent,
  EnterpriseRegisteredEvent,
  EnterpriseRegistration,
  Fen,
  AsOfDate,
  BENCHMARK_DATES,
  BenchmarkDateSchema,
  IndicatorFilingSchema,
  IsoDate,
  QueryYear,
  queryInt,
  LoanEventBatchSchema,
  LoanIdSchema,
  TOTAL_LOANS_REGION,
  UsccSchema,
  indicatorsFiled,
  loanEvents,
  policyPublished,
  productPublished,
  totalLoansPosted,
  type EventDef,
} from '@techcredit/contracts';
import { PolicyVersionSchema } from '@techcredit/policy';
import { Forbidden, HttpProblem, MAX_OFFSET, MAX_PAGE_LIMIT, NotFound, validBody, validParams, validQuery } from '@techcredit/service';
import { loanBankId, loanEnterpriseId, regulatorCoversEnterprise } from '../domain/access';
import { checkLoanBatch } from '../domain/loan-batch';
import { composeReport, reportCalls, type PartOutcome } from '../domain/report';
import { eventSource } from '../domain/scope';
import { invalidBatchProblem } from './batch';
import { registryBatchRoutes } from './registry-batch-routes';
import { auditRoutes } from './audit-routes';
import { consoleRoutes } from './console-routes';
import type { AuditStore } from '../data-access/audit-store';
import { GROUP_BY, admin, assertMayReadEnterpriseWith, regionFilteredRead, bank, callerRegion, ownBankId, principalOf, publishOneWith, regionOf, regulator, wholeRegionRegulator } from './route-helpers';
import { bodyOf, correlationIdOf, forward, samePath, sendAnswer, type UpstreamClient } from '../upstream/client';
import type { Publisher } from './publisher';
import type { RouteSpec } from './spec';

/**
 * The public API (ARCHITECTURE.md "HTTP"; phase-2 route list). Writes publish events and answer 202;
 * reads are authorised here, then proxied to the owning service at the same path.
 */
export interface RouteDeps {
  client: UpstreamClient;
  publisher: Publisher;
  now: () => Date;
  /** The audit trail the audit routes read (tests that only list the table leave it out). */
  audit?: AuditStore;
}

// ---- request schemas (strict: unknown fields and parameters are 422) ----
const EnterpriseParams = z.strictObject({ id: UsccSchema });
const BankParams = z.strictObject({ bankId: BankIdSchema });
const LoanParams = z.strictObject({ loanId: LoanIdSchema });
const Year = QueryYear;
const page = {
  limit: queryInt(1, MAX_PAGE_LIMIT).optional(),
  offset: queryInt(0, MAX_OFFSET).optional(),
};
const Quarter = z.string().regex(/^\d{4}Q[1-4]$/, 'expected a quarter like 2024Q3');
export const YearQuery = z.strictObject({ year: Year.optional() });
/** A reporting date: 2000-01-01 .. 2100-12-31 (contracts `AsOfDate`); other years are a 422 here, never a 502 from a part. */
export const AsOfQuery = z.strictObject({ asOf: AsOfDate });
/** The benchmark compares with published figures, which exist for `BENCHMARK_DATES` only. */
export const BenchmarkQuery = z.strictObject({ asOf: BenchmarkDateSchema });
export { GROUP_BY };
export const LendingQuery = z.strictObject({ asOf: AsOfDate, groupBy: z.enum(GROUP_BY).optional() });
export const ProductsQuery = z.strictObject({ bankId: BankIdSchema.optional(), ...page });
export const PledgesQuery = z.strictObject({
  loanId: LoanIdSchema.optional(),
  bankId: BankIdSchema.optional(),
  status: z.enum(['accepted', 'refused', 'released']).optional(),
  ...page,
});
export const RelendingQuery = z.strictObject({ bankId: BankIdSchema.optional(), quarter: Quarter.optional(), ...page });
export const PageQuery = z.strictObject(page);
/** `POST /v1/reference/total-loans`: the region's all-loans balance on a date (DOMAIN.md §7 spread). */
export const TotalLoansBody = z.strictObject({ date: IsoDate, balanceFen: Fen });

export function gatewayRoutes({ client, publisher, now, audit }: RouteDeps): RouteSpec[] {
  const publishOne = publishOneWith(publisher);
  const assertMayReadEnterprise = (req: Request, res: Response, id: string, banks: boolean) => assertMayReadEnterpriseWith(client, req, res, id, banks);

  return [
    // ---------------- registry (admin) ----------------
    {
      method: 'post',
      path: '/enterprises',
      summary: 'Register an enterprise (event enterprise.registered)',
      roles: ['admin'],
      access: 'admin',
      rule: admin,
      regionScope: 'none',
      body: EnterpriseRegistration,
      status: 202,
      problems: [409, 413, 415, 422, 503],
      command: publishOne(EnterpriseRegisteredEvent, (_req, res) => validBody(res, EnterpriseRegistration)),
    },
    {
      method: 'post',
      path: '/enterprises/:id/designations',
      summary: 'Grant a designation to an enterprise (event enterprise.designation_granted)',
      roles: ['admin'],
      access: 'admin',
      rule: admin,
      regionScope: 'none',
      params: EnterpriseParams,
      body: DesignationGrant,
      status: 202,
      problems: [409, 413, 415, 422, 503],
      command: publishOne(DesignationGrantedEvent, (_req, res) => ({
        enterpriseId: validParams(res, EnterpriseParams).id,
        ...validBody(res, DesignationGrant),
      })),
    },
    {
      method: 'post',
      path: '/banks',
      summary: 'Register a bank (event bank.registered)',
      roles: ['admin'],
      access: 'admin',
      rule: admin,
      regionScope: 'none',
      body: BankRegistration,
      status: 202,
      problems: [409, 413, 415, 422, 503],
      command: publishOne(BankRegisteredEvent, (_req, res) => validBody(res, BankRegistration)),
    },
    ...registryBatchRoutes({ publisher }),
    {
      method: 'post',
      path: '/policies',
      summary: 'Publish a policy version (event policy.published)',
      roles: ['admin'],
      access: 'admin',
      rule: admin,
      regionScope: 'none',
      body: PolicyVersionSchema,
      status: 202,
      problems: [409, 413, 415, 422, 503],
      command: publishOne(policyPublished, (_req, res) => validBody(res, PolicyVersionSchema)),
    },

    // ---------------- enterprises ----------------
    {
      method: 'post',
      path: '/enterprises/:id/indicators',
      summary: "File an enterprise's innovation indicators for a year (event enterprise.indicators_filed, filedAt = server time)",
      roles: ['enterprise', 'admin'],
      access: 'the enterprise itself, or admin',
      rule: anyOf(ownEnterprise('id'), admin),
      regionScope: 'none',
      params: EnterpriseParams,
      body: IndicatorFilingSchema,
      status: 202,
      problems: [409, 413, 415, 422, 503],
      command: publishOne(indicatorsFiled, (_req, res) => ({
        enterpriseId: validParams(res, EnterpriseParams).id,
        filedAt: now().toISOString(),
        ...validBody(res, IndicatorFilingSchema),
      })),
    },
    {
      method: 'get',
      path: '/enterprises/:id/innovation-score',
      summary: "An enterprise's innovation-points score with its breakdown (latest year, or ?year=)",
      roles: ['enterprise', 'regulator', 'bank'],
      access: "the enterprise itself; a regulator whose region covers the enterprise's prefecture; a bank while the enterprise is on its recommendation list",
      rule: anyOf(ownEnterprise('id'), regulator, bank),
      regionScope: 'checked',
      params: EnterpriseParams,
      query: YearQuery,
      status: 200,
      problems: [404, 422, 502, 503, 504],
      handler: async (req, res) => {
        await assertMayReadEnterprise(req, res, validParams(res, EnterpriseParams).id, true);
        sendAnswer(res, await client.get('scoring', samePath(req), validQuery(res, YearQuery), correlationIdOf(res)));
      },
    },
    {
      method: 'get',
      path: '/enterprises/:id/offers',
      summary: "An enterprise's credit offers (eligible products with suggested lines)",
      roles: ['enterprise'],
      access: 'the enterprise itself',
      rule: ownEnterprise('id'),
      regionScope: 'none',
      params: EnterpriseParams,
      query: z.strictObject({}),
      status: 200,
      problems: [404, 422, 502, 503, 504],
      handler: forward(client, 'matching'),
    },
    {
      method: 'get',
      path: '/enterprises/:id/subsidies',
      summary: "An enterprise's loan and pledge-fee subsidies (?year=)",
      roles: ['enterprise', 'regulator'],
      access: "the enterprise itself; a regulator whose region covers the enterprise's prefecture",
      rule: anyOf(ownEnterprise('id'), regulator),
      regionScope: 'checked',
      params: EnterpriseParams,
      query: YearQuery,
      status: 200,
      problems: [404, 422, 502, 503, 504],
      handler: async (req, res) => {
        await assertMayReadEnterprise(req, res, validParams(res, EnterpriseParams).id, false);
        sendAnswer(res, await client.get('subsidy', samePath(req), validQuery(res, YearQuery), correlationIdOf(res)));
      },
    },

    // ---------------- banks: products, recommendations, loans ----------------
    {
      method: 'post',
      path: '/credit-products',
      summary: 'Publish or replace a credit product (event product.published)',
      roles: ['bank'],
      access: 'a bank, for its own bankId',
      rule: bank,
      regionScope: 'none',
      body: CreditProductSchema,
      status: 202,
      problems: [409, 413, 415, 422, 503],
      command: async (req, res, eventId) => {
        const product = validBody(res, CreditProductSchema);
        ownBankId(req, product.bankId);
        return publishOne(productPublished, () => product)(req, res, eventId);
      },
    },
    {
      method: 'get',
      path: '/credit-products',
      summary: "A bank's own credit products",
      roles: ['bank'],
      access: 'a bank (bankId is its own)',
      rule: bank,
      regionScope: 'none',
      query: ProductsQuery,
      status: 200,
      problems: [422, 502, 503, 504],
      handler: forward(client, 'matching', (req, res) => {
        const q = validQuery(res, ProductsQuery);
        return { ...q, bankId: ownBankId(req, q.bankId) };
      }),
    },
    {
      method: 'get',
      path: '/banks/:bankId/recommendations',
      summary: "A bank's recommendation list (推荐名单), first-loan candidates flagged",
      roles: ['bank', 'regulator'],
      access: "the bank itself, or a regulator (only enterprises of its region are listed)",
      rule: anyOf(ownBank('bankId'), regulator),
      regionScope: 'filtered',
      params: BankParams,
      query: PageQuery,
      status: 200,
      problems: [404, 422, 502, 503, 504],
      handler: forward(client, 'matching', (req, res) => ({ ...validQuery(res, PageQuery), ...callerRegion(req) })),
    },
    {
      method: 'post',
      path: '/loan-events',
      summary: 'Post a batch of 1..1000 loan and pledge events (all or nothing)',
      roles: ['bank'],
      access: 'a bank; every loan.disbursed must carry its own bankId',
      rule: bank,
      regionScope: 'none',
      body: LoanEventBatchSchema,
      customBodyCheck: true,
      status: 202,
      problems: [409, 413, 415, 422, 503],
      command: async (req, res) => {
        const p = principalOf(req);
        if (p.role !== 'bank') throw new Forbidden('only banks post loan events');
        const check = checkLoanBatch(req.body ?? {}, p.bankId);
        if (!check.ok && check.reason === 'INVALID') throw invalidBatchProblem(check.errors, check.invalidItems, 'events', 'event');
        if (!check.ok) {
          throw new Forbidden(`loan.disbursed for another bank at index ${check.items.join(', ')}; nothing was published`, {
            items: check.items,
          });
        }
        const correlationId = correlationIdOf(res);
        const source = eventSource(p);
        const defs = new Map<string, EventDef>(loanEvents.map((d) => [d.type, d]));
        await publisher.publish(
          check.items.map((item) => ({
            def: defs.get(item.type)!,
            data: item.data,
            meta: { id: item.id, occurredAt: item.occurredAt, source, correlationId },
          })),
        );
        return { status: 202, body: { accepted: check.items.length, correlationId } };
      },
    },
    {
      method: 'get',
      path: '/loans/:loanId',
      summary: 'One loan: balance, movements, refusals with reasons',
      roles: ['bank', 'regulator'],
      access: "the bank that owns it (another bank gets 404); a regulator covering the borrower's prefecture",
      rule: anyOf(bank, regulator),
      regionScope: 'checked',
      params: LoanParams,
      query: z.strictObject({}),
      status: 200,
      problems: [404, 422, 502, 503, 504],
      handler: async (req, res) => {
        const p = principalOf(req);
        const { loanId } = validParams(res, LoanParams);
        const cid = correlationIdOf(res);
        const hidden = new NotFound(`no loan ${loanId}`);
        // One answer for "unknown", "another bank's" and "outside your region": nothing about parked events or owners.
        const answer = await client.get('stats', samePath(req), {}, cid);
        if (!answer.ok && answer.problem.status === 404) throw hidden;
        const loan = bodyOf(answer);
        if (p.role === 'bank' && loanBankId(loan) !== p.bankId) throw hidden;
        if (p.role === 'regulator' && p.region !== WHOLE_REGION) {
          const enterpriseId = loanEnterpriseId(loan);
          if (enterpriseId === undefined) throw hidden;
          const answer = await client.get('registry', `/v1/enterprises/${encodeURIComponent(enterpriseId)}`, {}, cid);
          if (!answer.ok && answer.problem.status === 404) throw hidden;
          if (!regulatorCoversEnterprise(p.region, bodyOf(answer))) throw hidden;
        }
        res.status(200).json(loan);
      },
    },
    {
      method: 'get',
      path: '/pledges',
      summary: 'IP pledges (accepted, refused with reasons, released; breach flags)',
      roles: ['bank', 'regulator'],
      access: "a bank (its own pledges only), or a regulator (pledges of its region's borrowers)",
      rule: anyOf(bank, regulator),
      regionScope: 'filtered',
      query: PledgesQuery,
      status: 200,
      problems: [422, 502, 503, 504],
      handler: forward(client, 'pledge', (req, res) => {
        const q = validQuery(res, PledgesQuery);
        return { ...q, bankId: ownBankId(req, q.bankId), ...callerRegion(req) };
      }),
    },

    // ---------------- re-lending, subsidies ----------------
    {
      method: 'get',
      path: '/relending/claims',
      summary: 'Re-lending claims per loan (?bankId=&quarter=2024Q3)',
      roles: ['bank', 'regulator'],
      access: "a bank (its own bankId), or a regulator (any bank; claims on loans to its region's borrowers)",
      rule: anyOf(bank, regulator),
      regionScope: 'filtered',
      query: RelendingQuery,
      status: 200,
      problems: [404, 422, 502, 503, 504],
      handler: forward(client, 'relending', (req, res) => {
        const q = validQuery(res, RelendingQuery);
        return { ...q, bankId: ownBankId(req, q.bankId), ...callerRegion(req) };
      }),
    },
    {
      method: 'get',
      path: '/relending/applications',
      summary: 'Quarterly re-lending applications (?bankId=&quarter=)',
      roles: ['bank', 'regulator'],
      access: "a bank (its own bankId), or a regulator of the whole region ('65'): an application covers a bank's loans in every prefecture",
      rule: anyOf(bank, wholeRegionRegulator),
      regionScope: 'whole-region',
      query: RelendingQuery,
      status: 200,
      problems: [404, 422, 502, 503, 504],
      handler: forward(client, 'relending', (req, res) => {
        const q = validQuery(res, RelendingQuery);
        return { ...q, bankId: ownBankId(req, q.bankId) };
      }),
    },
    {
      method: 'get',
      path: '/relending/summary',
      summary: 'Re-lending summary (?year=)',
      roles: ['regulator'],
      access: "a regulator of the whole region ('65'): applications and quotas are per bank across all prefectures",
      rule: wholeRegionRegulator,
      regionScope: 'whole-region',
      query: YearQuery,
      status: 200,
      problems: [422, 502, 503, 504],
      handler: forward(client, 'relending', (_req, res) => validQuery(res, YearQuery)),
    },
    regionFilteredRead(client, 'subsidy', { path: '/subsidies/summary', summary: 'Subsidy summary (?year=), over the enterprises of the regulator’s region', query: YearQuery }),

    // ---------------- regulators: statistics ----------------
    regionFilteredRead(client, 'stats', { path: '/stats/lending', summary: 'Lending statistics as of a date (?asOf=&groupBy=), scoped to the regulator’s region', query: LendingQuery }),
    {
      method: 'get',
      path: '/stats/benchmark',
      summary: `Computed figures beside the published ones (?asOf=, one of the published dates: ${BENCHMARK_DATES.join(', ')})`,
      roles: ['regulator'],
      access: "a regulator of the whole region ('65'): the published figures are region-wide",
      rule: wholeRegionRegulator,
      regionScope: 'whole-region',
      query: BenchmarkQuery,
      status: 200,
      problems: [422, 502, 503, 504],
      handler: forward(client, 'stats', (_req, res) => validQuery(res, BenchmarkQuery)),
    },
    {
      method: 'post',
      path: '/reference/total-loans',
      summary: "Post the region's all-loans balance on a date (event reference.total_loans_posted)",
      roles: ['regulator'],
      access: "a regulator of the whole region ('65')",
      rule: wholeRegionRegulator,
      regionScope: 'whole-region',
      body: TotalLoansBody,
      status: 202,
      problems: [409, 413, 415, 422, 503],
      command: publishOne(totalLoansPosted, (_req, res) => ({ ...validBody(res, TotalLoansBody), region: TOTAL_LOANS_REGION })),
    },
    {
      method: 'get',
      path: '/report',
      summary: "The regulator's report as of a date: lending, benchmark, re-lending, subsidies, scores",
      roles: ['regulator'],
      access:
        "a regulator, every part scoped to its region; parts that do not apply are { applicable: false, reason } (the benchmark off its published dates or for a prefecture, the bank-wide re-lending summary for a prefecture)",
      rule: regulator,
      regionScope: 'filtered',
      query: AsOfQuery,
      status: 200,
      problems: [422, 502],
      handler: async (req, res) => {
        const region = regionOf(req);
        const { asOf } = validQuery(res, AsOfQuery);
        const cid = correlationIdOf(res);
        const calls = reportCalls(region, asOf);
        const outcomes = await Promise.all(
          calls.map(async (c): Promise<PartOutcome> => {
            const a = await client.get(c.service, c.path, c.query, cid);
            return a.ok ? { ok: true, body: a.body } : { ok: false, status: a.problem.status, detail: a.problem.detail ?? a.problem.title };
          }),
        );
        const result = composeReport(region, asOf, calls, outcomes);
        if (!result.ok) {
          const named = result.failed.map((f) => `${f.part} from ${f.service} (${f.status}: ${f.detail})`).join('; ');
          throw new HttpProblem({ status: 502, type: 'bad-gateway', title: 'Bad gateway', detail: `report incomplete: ${named}`, extra: { failed: result.failed } });
        }
        res.status(200).json(result.report);
      },
    },
    ...auditRoutes({ audit }),
    ...consoleRoutes({ client }),
  ];
}
