/**
 * The pledge service's internal read API (same paths as the gateway's):
 *  - `GET /v1/pledges?loanId=&bankId=&status=&region=&limit=&offset=` → every pledge decision (DOMAIN.md §4):
 *    accepted / released with the pledge-rate check (breach flag, allowed amount), refused with reason,
 *    message and the assets at fault; ordered by registeredOn, then pledgeId;
 *  - `GET /v1/pledges/summary[?region=]` → counts by status and refusal reason, breaches, compensation totals;
 *  - `GET /v1/pledges/compensations?loanId=&bankId=` → the risk compensation of each written-off pledged loan;
 *  - `POST /internal/simulate` (DOMAIN.md §13) → pledge-cap breaches per registration year and prefecture under
 *    the live policy book and under the draft (`PolicyBook.withDraft`), by the same rules; nothing is stored.
 * `region` is '65' (whole region, default) or a prefecture code, judged on the borrower's prefecture.
 */
import type { Router } from 'express';
import { z } from 'zod';
import {
  BankIdSchema,
  InternalSimulationRequestSchema,
  LoanIdSchema,
  RegionScopeSchema,
  SIMULATE_PATH,
  TOTAL_LOANS_REGION,
  periodYears,
  type PledgeRefusalReason,
} from '@techcredit/contracts';
import type { RegistryView } from '@techcredit/projections';
import { Pagination, computeOverDraft, validBody, validateBody, validateQuery, validQuery } from '@techcredit/service';
import { pledgeBreachRows, type PledgeRecord } from '../domain';
import type { PledgeDecider } from '../decider';
import type { StoredCompensation } from '../data-access/store';
import { fenToYuan } from './format';

const PledgesQuery = Pagination.extend({
  loanId: LoanIdSchema.optional(),
  bankId: BankIdSchema.optional(),
  status: z.enum(['accepted', 'refused', 'released']).optional(),
  region: RegionScopeSchema.default(TOTAL_LOANS_REGION),
});
const CompensationsQuery = Pagination.extend({ loanId: LoanIdSchema.optional(), bankId: BankIdSchema.optional() });
const SummaryQuery = z.strictObject({ region: RegionScopeSchema.default(TOTAL_LOANS_REGION) });

const REASONS: readonly PledgeRefusalReason[] = ['LOAN_NOT_IP_PLEDGE', 'ASSET_ALREADY_PLEDGED', 'ASSET_EXPIRES_BEFORE_MATURITY'];

const pledgeView = (r: PledgeRecord) => ({
  ...r,
  assets: r.assets.map((a) => ({ ...a, appraisedValue: fenToYuan(a.appraisedValueFen) })),
  principal: fenToYuan(r.principalFen),
  allowed: r.allowedFen === null ? null : fenToYuan(r.allowedFen),
  appraisalFee: fenToYuan(r.appraisalFeeFen),
  insurancePremium: fenToYuan(r.insurancePremiumFen),
});
const compensationView = (c: StoredCompensation) => ({
  ...c,
  writtenOff: fenToYuan(c.writtenOffFen),
  covered: fenToYuan(c.coveredFen),
  compensation: fenToYuan(c.compensationFen),
});

export function pledgeRoutes(decider: PledgeDecider, registry: RegistryView) {
  const inRegion = async (region: string): Promise<(enterpriseId: string) => boolean> => {
    if (region === TOTAL_LOANS_REGION) return () => true;
    const prefectures = new Map((await registry.allEnterprises()).map((e) => [e.enterpriseId, e.prefecture as string]));
    return (id) => prefectures.get(id) === region;
  };
  return (router: Router): void => {
    router.get('/v1/pledges', validateQuery(PledgesQuery), async (_req, res) => {
      const q = validQuery(res, PledgesQuery);
      const keep = await inRegion(q.region);
      const all = decider
        .allRecords()
        .filter(
          (r) =>
            (q.loanId === undefined || r.loanId === q.loanId) &&
            (q.bankId === undefined || r.bankId === q.bankId) &&
            (q.status === undefined || r.status === q.status) &&
            keep(r.enterpriseId),
        );
      res.json({ region: q.region, items: all.slice(q.offset, q.offset + q.limit).map(pledgeView), total: all.length, limit: q.limit, offset: q.offset });
    });

    router.get('/v1/pledges/compensations', validateQuery(CompensationsQuery), (_req, res) => {
      const q = validQuery(res, CompensationsQuery);
      const all = decider.allCompensations().filter((c) => (q.loanId === undefined || c.loanId === q.loanId) && (q.bankId === undefined || c.bankId === q.bankId));
      res.json({ items: all.slice(q.offset, q.offset + q.limit).map(compensationView), total: all.length, limit: q.limit, offset: q.offset });
    });

    router.get('/v1/pledges/summary', validateQuery(SummaryQuery), async (_req, res) => {
      const { region } = validQuery(res, SummaryQuery);
      const keep = await inRegion(region);
      const records = decider.allRecords().filter((r) => keep(r.enterpriseId));
      const comps = decider.allCompensations().filter((c) => keep(c.enterpriseId));
      const count = (pred: (r: PledgeRecord) => boolean) => records.filter(pred).length;
      const sum = (f: (c: StoredCompensation) => number) => comps.reduce((s, c) => s + f(c), 0);
      const compensationFen = sum((c) => c.compensationFen);
      res.json({
        region,
        pledges: { total: records.length, accepted: count((r) => r.status === 'accepted'), released: count((r) => r.status === 'released'), refused: count((r) => r.status === 'refused') },
        refusedByReason: Object.fromEntries(REASONS.map((reason) => [reason, count((r) => r.reason === reason)])),
        breaches: count((r) => r.breach === true),
        compensation: {
          loans: comps.length,
          compensatedLoans: comps.filter((c) => c.compensationFen > 0).length,
          writtenOffFen: sum((c) => c.writtenOffFen),
          coveredFen: sum((c) => c.coveredFen),
          compensationFen,
          compensation: fenToYuan(compensationFen),
        },
      });
    });

    router.post(SIMULATE_PATH, validateBody(InternalSimulationRequestSchema), async (_req, res) => {
      const { draft, effectiveTo, period } = validBody(res, InternalSimulationRequestSchema);
      const years = periodYears(period);
      const answer = await computeOverDraft(async () => {
        const [r, enterprises] = await Promise.all([decider.simulate((live) => live.withDraft(draft, effectiveTo)), registry.allEnterprises()]);
        const prefectures = new Map(enterprises.map((e) => [e.enterpriseId, e.prefecture as string]));
        const prefectureOf = (id: string) => prefectures.get(id) ?? 'unknown';
        return { asOf: null, current: pledgeBreachRows(r.current, years, prefectureOf), draft: pledgeBreachRows(r.draft, years, prefectureOf) };
      });
      res.json(answer);
    });
  };
}
