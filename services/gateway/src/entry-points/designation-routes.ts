import type { Request, Response } from 'express';
import { z } from 'zod';
import { anyOf, ownEnterprise } from '@techcredit/auth';
import {
  ApplicableDesignation,
  ApplicationId,
  ApplicationStatus,
  AsOfDate,
  AssessmentBody,
  DecisionBody,
  DesignationAppliedEvent,
  DesignationDecidedEvent,
  QueryYear,
  TargetId,
  TargetSetEvent,
  TargetSpec,
  UsccSchema,
  queryInt,
  type AssessmentResult,
  type DesignationDecided,
} from '@techcredit/contracts';
import { targetProgress } from '@techcredit/designation';
import { Conflict, MAX_OFFSET, MAX_PAGE_LIMIT, ValidationProblem, validBody, validParams, validQuery } from '@techcredit/service';
import { metricCall, metricValue } from '../domain/targets';
import { eventSource } from '../domain/scope';
import { bodyOf, correlationIdOf, forward, sendAnswer, type UpstreamClient } from '../upstream/client';
import type { Command } from './command';
import type { Publisher } from './publisher';
import { admin, assertMayReadEnterpriseWith, callerRegion, principalOf, publishOneWith, regulator, wholeRegionRegulator } from './route-helpers';
import type { RouteSpec } from './spec';

/**
 * The enterprise service platform (DOMAIN.md §9, §12; docs/decisions/0017): self-assessment (a POST that only
 * computes), applications (`designation.applied`, 202), the programme office's decision (`designation.decided`,
 * an approval granted by the registry like any grant), listings with status counts, programme targets with
 * their progress, and the quality figure (share of HTE whose filed rdIntensity is below 5%).
 * Assessments and decision checks are computed by the registry (it holds the enterprise's designations and
 * the policy versions in force), the progress here from the registry's counts and the lending statistics.
 */
const EnterpriseParams = z.strictObject({ id: UsccSchema });
const AppParams = z.strictObject({ appId: ApplicationId });
const TargetParams = z.strictObject({ targetId: TargetId });
const listShape = {
  status: ApplicationStatus.optional(),
  designation: ApplicableDesignation.optional(),
  limit: queryInt(1, MAX_PAGE_LIMIT).optional(),
  offset: queryInt(0, MAX_OFFSET).optional(),
};
export const ApplicationListQuery = z.strictObject(listShape);
export const TargetsQuery = z.strictObject({ asOf: AsOfDate });
export const QualityQuery = z.strictObject({ year: QueryYear });

export interface DesignationRouteDeps {
  client: UpstreamClient;
  publisher: Publisher;
  now: () => Date;
}

/** The registry's answer to a decision check: the event data, or why the decision cannot be made (409). */
type DecisionCheck = { ok: true; data: DesignationDecided } | { ok: false; detail: string; [k: string]: unknown };

const today = (now: () => Date): string => now().toISOString().slice(0, 10);

/** `on`/`decidedOn` default to today and may not be in the future (422 naming the field). */
function dateNotAfterToday(now: () => Date, value: string | undefined, field: string): string {
  const t = today(now);
  if (value === undefined) return t;
  if (value > t) throw new ValidationProblem([{ in: 'body', path: [field], message: `${field} must not be after today (${t})`, code: 'custom' }]);
  return value;
}

export function designationRoutes({ client, publisher, now }: DesignationRouteDeps): RouteSpec[] {
  const publishOne = publishOneWith(publisher);
  const assessOnRegistry = async (req: Request, res: Response) => {
    const { id } = validParams(res, EnterpriseParams);
    const { on, ...request } = validBody(res, AssessmentBody);
    const date = dateNotAfterToday(now, on, 'on');
    const answer = await client.post('registry', `/v1/enterprises/${encodeURIComponent(id)}/assessments`, { request, on: date }, correlationIdOf(res));
    const body = bodyOf(answer) as { enterpriseId: string; prefecture: string; result: AssessmentResult };
    return { id, date, request, ...body };
  };
  const apply: Command = async (req, res, eventId) => {
    const a = await assessOnRegistry(req, res);
    const correlationId = correlationIdOf(res);
    const applicationId = eventId(0);
    await publisher.publish([
      {
        def: DesignationAppliedEvent,
        data: { applicationId, enterpriseId: a.id, prefecture: a.prefecture, appliedOn: a.date, request: a.request, result: a.result },
        meta: { id: applicationId, correlationId, source: eventSource(principalOf(req)) },
      },
    ]);
    return { status: 202, body: { eventId: applicationId, applicationId, correlationId, status: 'pending', result: a.result } };
  };
  const decide: Command = async (req, res, eventId) => {
    const { appId } = validParams(res, AppParams);
    const body = validBody(res, DecisionBody);
    const decidedOn = dateNotAfterToday(now, body.decidedOn, 'decidedOn');
    const correlationId = correlationIdOf(res);
    const path = `/v1/designation-applications/${encodeURIComponent(appId)}/decision-check`;
    const check = bodyOf(await client.post('registry', path, { ...body, decidedOn }, correlationId)) as DecisionCheck;
    if (!check.ok) {
      const { ok: _ok, detail, ...extra } = check;
      throw new Conflict(detail, extra);
    }
    const data = check.data;
    const [envelope] = await publisher.publish([{ def: DesignationDecidedEvent, data, meta: { id: eventId(0), correlationId, source: eventSource(principalOf(req)) } }]);
    return { status: 202, body: { eventId: envelope!.id, correlationId, applicationId: appId, decision: data.decision, grant: data.grant } };
  };

  /** A target's progress on asOf: its metric in its region on the baseline date and on asOf. */
  const progressOf = async (t: TargetSpec, asOf: string, cid: string) => {
    const valueOn = async (date: string) => {
      const c = metricCall(t.metric, t.region, date);
      return metricValue(t.metric, bodyOf(await client.get(c.service, c.path, c.query, cid)));
    };
    const [baseline, value] = await Promise.all([valueOn(t.baselineDate), valueOn(asOf)]);
    return { ...targetProgress(t, asOf, baseline, value), ...(t.title === undefined ? {} : { title: t.title }) };
  };
  const targetReaders = anyOf(admin, regulator);

  return [
    {
      method: 'post',
      kind: 'read',
      path: '/enterprises/:id/assessments',
      summary: 'Self-assess for TSME (§9.1) or the HTE pre-check (§9.2): every condition and indicator with its figures; stores nothing',
      roles: ['enterprise'],
      access: 'the enterprise itself',
      rule: ownEnterprise('id'),
      regionScope: 'none',
      params: EnterpriseParams,
      body: AssessmentBody,
      status: 200,
      problems: [404, 413, 415, 422, 502, 503, 504],
      handler: async (req, res) => {
        const a = await assessOnRegistry(req, res);
        res.status(200).json({ enterpriseId: a.id, result: a.result });
      },
    },
    {
      method: 'post',
      path: '/enterprises/:id/designation-applications',
      summary: 'Apply for TSME or HTE (入库申报): assessed at once, recorded with its result (event designation.applied)',
      roles: ['enterprise'],
      access: 'the enterprise itself',
      rule: ownEnterprise('id'),
      regionScope: 'none',
      params: EnterpriseParams,
      body: AssessmentBody,
      status: 202,
      problems: [404, 409, 413, 415, 422, 502, 503, 504],
      command: apply,
    },
    {
      method: 'get',
      path: '/enterprises/:id/designation-applications',
      summary: "An enterprise's designation applications with status counts (?status=&designation=&limit=&offset=)",
      roles: ['enterprise', 'admin', 'regulator'],
      access: "the enterprise itself; admin; a regulator whose region covers the enterprise's prefecture",
      rule: anyOf(ownEnterprise('id'), admin, regulator),
      regionScope: 'checked',
      params: EnterpriseParams,
      query: ApplicationListQuery,
      status: 200,
      problems: [404, 422, 502, 503, 504],
      handler: async (req, res) => {
        const { id } = validParams(res, EnterpriseParams);
        if (principalOf(req).role !== 'admin') await assertMayReadEnterpriseWith(client, req, res, id, false);
        sendAnswer(res, await client.get('registry', `/v1/enterprises/${encodeURIComponent(id)}/designation-applications`, validQuery(res, ApplicationListQuery), correlationIdOf(res)));
      },
    },
    {
      method: 'get',
      path: '/designation-applications',
      summary: 'Designation applications with status counts (?status=&designation=&limit=&offset=), the review queue',
      roles: ['admin', 'regulator'],
      access: "admin; a regulator (only its region's applications are listed)",
      rule: anyOf(admin, regulator),
      regionScope: 'filtered',
      query: ApplicationListQuery,
      status: 200,
      problems: [422, 502, 503, 504],
      handler: forward(client, 'registry', (req, res) => ({ ...validQuery(res, ApplicationListQuery), ...callerRegion(req) })),
    },
    {
      method: 'post',
      path: '/designation-applications/:appId/decision',
      summary: 'Approve or reject an application with a reason (event designation.decided); an approval grants the designation (§9.3 validity)',
      roles: ['admin'],
      access: 'admin (the programme office)',
      rule: admin,
      regionScope: 'none',
      params: AppParams,
      body: DecisionBody,
      status: 202,
      problems: [404, 409, 413, 415, 422, 502, 503, 504],
      command: decide,
    },
    {
      method: 'post',
      path: '/targets',
      summary: 'Set a programme target (event target.set); the same targetId replaces it',
      roles: ['admin', 'regulator'],
      access: "admin, or a regulator of the whole region ('65')",
      rule: anyOf(admin, wholeRegionRegulator),
      regionScope: 'whole-region',
      body: TargetSpec,
      status: 202,
      problems: [409, 413, 415, 422, 503],
      command: publishOne(TargetSetEvent, (_req, res) => validBody(res, TargetSpec)),
    },
    {
      method: 'get',
      path: '/targets',
      summary: 'Programme targets with their progress on a date (?asOf=)',
      roles: ['admin', 'regulator'],
      access: "admin; a regulator (targets of its region: '65' sees every target)",
      rule: targetReaders,
      regionScope: 'filtered',
      query: TargetsQuery,
      status: 200,
      problems: [422, 502, 503, 504],
      handler: async (req, res) => {
        const { asOf } = validQuery(res, TargetsQuery);
        const cid = correlationIdOf(res);
        const { items } = bodyOf(await client.get('registry', '/v1/targets', callerRegion(req), cid)) as { items: TargetSpec[] };
        res.status(200).json({ asOf, items: await Promise.all(items.map((t) => progressOf(t, asOf, cid))) });
      },
    },
    {
      method: 'get',
      path: '/targets/:targetId/progress',
      summary: "A target's progress on a date (?asOf=): value, change since baseline, share of the way, linear projection, on track, monthly pace needed",
      roles: ['admin', 'regulator'],
      access: "admin; a regulator whose region covers the target's region",
      rule: targetReaders,
      regionScope: 'checked',
      params: TargetParams,
      query: TargetsQuery,
      status: 200,
      problems: [404, 422, 502, 503, 504],
      handler: async (req, res) => {
        const { targetId } = validParams(res, TargetParams);
        const { asOf } = validQuery(res, TargetsQuery);
        const cid = correlationIdOf(res);
        const t = bodyOf(await client.get('registry', `/v1/targets/${encodeURIComponent(targetId)}`, callerRegion(req), cid)) as TargetSpec;
        res.status(200).json(await progressOf(t, asOf, cid));
      },
    },
    {
      method: 'get',
      path: '/stats/hte-rd-quality',
      summary: 'Share of HTE (valid on Dec 31 of ?year=) whose filed rdIntensity for the year is below 5% (§12 quality figure), in the caller’s region',
      roles: ['admin', 'regulator'],
      access: "admin; a regulator (its region is applied)",
      rule: targetReaders,
      regionScope: 'filtered',
      query: QualityQuery,
      status: 200,
      problems: [422, 502, 503, 504],
      handler: forward(client, 'scoring', (req, res) => ({ ...validQuery(res, QualityQuery), ...callerRegion(req) })),
    },
  ];
}
