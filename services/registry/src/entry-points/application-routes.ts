/**
 * The registry's internal read API of the service platform (same paths as the gateway's): designation
 * applications with status counts (DOMAIN.md §9.3) and programme targets (§12), optionally limited to a
 * region scope (`region` = '65' or a prefecture code, passed by the gateway for a regulator).
 */
import type { Router } from 'express';
import { z } from 'zod';
import {
  ApplicableDesignation,
  ApplicationId,
  ApplicationStatus,
  AssessmentRequest,
  DecisionBody,
  DesignationDecided,
  IsoDate,
  RegionScopeSchema,
  TargetId,
  UsccSchema,
} from '@techcredit/contracts';
import { assess, grantValidity } from '@techcredit/designation';
import type { PolicyBook } from '@techcredit/policy';
import type { RegistryView } from '@techcredit/projections';
import { designationsValidOn } from '@techcredit/reference';
import { NotFound, paginationShape, validateBody, validateParams, validateQuery, validBody, validParams, validQuery } from '@techcredit/service';
import type { ApplicationStore } from '../data-access/applications';
import { applicationListing, prefectureFilter, WHOLE_REGION } from '../domain';

const Scope = z.strictObject({ region: RegionScopeSchema.optional() });
const ListQuery = z.strictObject({ ...paginationShape, region: RegionScopeSchema.optional(), status: ApplicationStatus.optional(), designation: ApplicableDesignation.optional() });
const OwnListQuery = z.strictObject({ ...paginationShape, status: ApplicationStatus.optional(), designation: ApplicableDesignation.optional() });
const AppParams = z.strictObject({ appId: ApplicationId });
const EnterpriseParams = z.strictObject({ id: UsccSchema });
const TargetParams = z.strictObject({ targetId: TargetId });
/** Internal computations the gateway asks for (they store nothing): an assessment, and a decision's event data. */
const AssessBody = z.strictObject({ request: AssessmentRequest, on: IsoDate });
const DecisionCheck = DecisionBody.required({ decidedOn: true });

/** A target is visible to a regional scope covering its region: '65' sees all, a prefecture its own. */
const targetVisible = (targetRegion: string, scope: string | undefined) => scope === undefined || scope === WHOLE_REGION || targetRegion === scope;

export interface ApplicationRouteDeps {
  store: ApplicationStore;
  registry: Pick<RegistryView, 'enterprise'>;
  policy: () => PolicyBook;
}

export function applicationRoutes({ store, registry, policy }: ApplicationRouteDeps) {
  return (router: Router): void => {
    /** §9.1/§9.2 on the enterprise's data and the registry's facts (HTE held on the date); 404 if not registered. */
    router.post('/v1/enterprises/:id/assessments', validateParams(EnterpriseParams), validateBody(AssessBody), async (_req, res) => {
      const { id } = validParams(res, EnterpriseParams);
      const { request, on } = validBody(res, AssessBody);
      const e = await registry.enterprise(id);
      if (!e) throw new NotFound(`enterprise ${id} is not registered`);
      const hteHeld = designationsValidOn(e.designations, on).has('HTE');
      res.json({ enterpriseId: id, prefecture: e.prefecture, result: assess(request, on, { hteHeld }, policy()) });
    });

    /**
     * The `designation.decided` data of a decision (§9.3) as `{ ok: true, data }`, or why it cannot be made as
     * `{ ok: false, detail, failed?, conditions? }` (the gateway answers 409): already decided, an approval of an
     * application assessed ineligible (naming its failed conditions), or one whose validity has already ended (a
     * TSME decided after its evaluation year). 404 for an unknown application.
     */
    router.post('/v1/designation-applications/:appId/decision-check', validateParams(AppParams), validateBody(DecisionCheck), async (_req, res) => {
      const { appId } = validParams(res, AppParams);
      const body = validBody(res, DecisionCheck);
      const app = await store.get(appId);
      if (!app) throw new NotFound(`no designation application ${appId}`);
      const refuse = (detail: string, extra: Record<string, unknown> = {}) => res.json({ ok: false, detail, ...extra });
      if (app.status !== 'pending') return refuse(`application ${appId} is already ${app.status}`, { applicationStatus: app.status });
      if (body.decidedOn < app.appliedOn) return refuse(`decidedOn ${body.decidedOn} is before the application date ${app.appliedOn}`);
      let grant: DesignationDecided['grant'] = null;
      if (body.decision === 'approved') {
        if (!app.result.qualified) {
          return refuse(`application ${appId} was assessed ineligible: ${app.result.failed.join(', ')}`, {
            failed: app.result.failed,
            conditions: app.result.conditions.filter((c) => app.result.failed.includes(c.key)),
          });
        }
        const v = grantValidity(app.designation, app.year, body.decidedOn, policy().require('designationValidity', body.decidedOn));
        if (!v.ok) return refuse(`application ${appId} cannot be approved: ${v.reason}`, { failed: ['validity'] });
        grant = { code: app.designation, validFrom: v.validFrom, validTo: v.validTo };
      }
      const data: DesignationDecided = { applicationId: appId, enterpriseId: app.enterpriseId, ...body, grant };
      return res.json({ ok: true, data });
    });

    router.get('/v1/designation-applications/:appId', validateParams(AppParams), validateQuery(Scope), async (_req, res) => {
      const { appId } = validParams(res, AppParams);
      const { region } = validQuery(res, Scope);
      const doc = await store.get(appId);
      if (!doc || prefectureFilter(doc.prefecture, region) === false) throw new NotFound(`no designation application ${appId}`);
      res.json(doc);
    });

    router.get('/v1/designation-applications', validateQuery(ListQuery), async (_req, res) => {
      const { region, status, designation, limit, offset } = validQuery(res, ListQuery);
      const prefecture = prefectureFilter(undefined, region);
      const all = prefecture === false ? [] : await store.list({ prefecture });
      res.json({ region: region ?? WHOLE_REGION, ...applicationListing(all, { status, designation }, limit, offset) });
    });

    router.get('/v1/enterprises/:id/designation-applications', validateParams(EnterpriseParams), validateQuery(OwnListQuery), async (_req, res) => {
      const { id } = validParams(res, EnterpriseParams);
      const { status, designation, limit, offset } = validQuery(res, OwnListQuery);
      res.json({ enterpriseId: id, ...applicationListing(await store.list({ enterpriseId: id }), { status, designation }, limit, offset) });
    });

    router.get('/v1/targets/:targetId', validateParams(TargetParams), validateQuery(Scope), async (_req, res) => {
      const { targetId } = validParams(res, TargetParams);
      const { region } = validQuery(res, Scope);
      const t = await store.target(targetId);
      if (!t || !targetVisible(t.region, region)) throw new NotFound(`no target ${targetId}`);
      res.json(t);
    });

    router.get('/v1/targets', validateQuery(Scope), async (_req, res) => {
      const { region } = validQuery(res, Scope);
      res.json({ items: (await store.allTargets()).filter((t) => targetVisible(t.region, region)) });
    });
  };
}
