/**
 * The subsidy internal read API (same paths as the gateway's), computed on read (DOMAIN.md §6):
 *  - `GET /v1/enterprises/:id/subsidies?year=` → the enterprise's interest subsidies per loan and year
 *    (state accruing / payable / forfeited, ineligibility reasons, refused loan events) and its IP-pledge
 *    fee subsidies, with totals; 404 if the enterprise is not registered;
 *  - `GET /v1/enterprises/:id/insurance-subsidies?year=` → its tech-insurance premium subsidies (§10) per policy
 *    (rate, net premium, gross, subsidy, state granted / reduced / ineligible) and per calendar year (cap, total);
 *  - `GET /v1/subsidies/summary?year=&region=` → totals over the enterprises whose prefecture `region` covers
 *    ('65', the default: all), with the insurance lines;
 *  - `POST /internal/simulate` (DOMAIN.md §13) → the subsidy figures per year and prefecture under the live
 *    policy book and under the draft (`PolicyBook.withDraft`), by the same rules; nothing is stored.
 * Interest accrues on days before `asOf` (today in UTC+8, or SUBSIDY_AS_OF; `asOf=` is also accepted on
 * this internal API); repayments and write-offs on or before it set the state.
 */
import type { Router } from 'express';
import { z } from 'zod';
import { AsOfDate, InternalSimulationRequestSchema, QueryYear, RegionScopeSchema, SIMULATE_PATH, TOTAL_LOANS_REGION, UsccSchema, periodYears } from '@techcredit/contracts';
import type { RegistryView } from '@techcredit/projections';
import { NotFound, computeOverDraft, validBody, validateBody, validateParams, validateQuery, validParams, validQuery } from '@techcredit/service';
import { enterpriseSubsidyView, insuranceSubsidyOfYear, insuranceSummary, subsidyFigureRows, subsidySummary } from '../domain';
import type { SubsidySource } from '../data-access/source';
import { bpToPercent, fenToYuan } from './format';

const EnterpriseParams = z.strictObject({ id: UsccSchema });
const YearQuery = z.strictObject({ year: QueryYear.optional(), asOf: AsOfDate.optional() });
const SummaryQuery = YearQuery.extend({ region: RegionScopeSchema.default(TOTAL_LOANS_REGION) });

const withYuan = <T extends Record<string, unknown>>(o: T): T & Record<string, string> => {
  const out: Record<string, unknown> = { ...o };
  for (const [k, v] of Object.entries(o)) if (k.endsWith('Fen') && typeof v === 'number') out[k.slice(0, -3)] = fenToYuan(v);
  return out as T & Record<string, string>;
};

export function subsidyRoutes(source: SubsidySource, today: () => string, registry: Pick<RegistryView, 'allEnterprises'>) {
  return (router: Router): void => {
    router.get('/v1/enterprises/:id/subsidies', validateParams(EnterpriseParams), validateQuery(YearQuery), async (_req, res) => {
      const { id } = validParams(res, EnterpriseParams);
      const { year, asOf = today() } = validQuery(res, YearQuery);
      const data = await source.enterprise(id, asOf);
      if (!data) throw new NotFound(`enterprise ${id} is not registered`);
      const v = enterpriseSubsidyView(data, year ?? null);
      res.json({
        ...v,
        loans: v.loans.map((l) => ({
          ...l,
          ...(l.eligible ? { effectiveRate: bpToPercent(l.effectiveRateBp), lpr: bpToPercent(l.lprBp) } : {}),
          subsidy: fenToYuan(l.yearFen),
          refusals: (data.refusals.get(l.loanId) ?? []).map((r) => ({ eventId: r.eventId, type: r.type, reason: r.reason, message: r.message })),
        })),
        interestTotals: withYuan({ ...v.interestTotals }),
        feeTotals: withYuan({ ...v.feeTotals }),
        total: fenToYuan(v.totalFen),
      });
    });

    router.get('/v1/enterprises/:id/insurance-subsidies', validateParams(EnterpriseParams), validateQuery(YearQuery), async (_req, res) => {
      const { id } = validParams(res, EnterpriseParams);
      const { year, asOf = today() } = validQuery(res, YearQuery);
      const data = await source.enterprise(id, asOf);
      if (!data) throw new NotFound(`enterprise ${id} is not registered`);
      const v = insuranceSubsidyOfYear(data.insurance, year ?? null);
      res.json({
        enterpriseId: id,
        asOf,
        year: year ?? null,
        policies: v.policies.map((p) => withYuan({ ...p, rate: bpToPercent(p.rateBp) })),
        years: v.years.map((y) => withYuan({ ...y })),
        totalFen: v.totalFen,
        total: fenToYuan(v.totalFen),
      });
    });

    router.get('/v1/subsidies/summary', validateQuery(SummaryQuery), async (_req, res) => {
      const { year, region, asOf = today() } = validQuery(res, SummaryQuery);
      let all = await source.all(asOf);
      if (region !== TOTAL_LOANS_REGION) {
        const covered = new Set((await registry.allEnterprises()).filter((e) => e.prefecture.startsWith(region)).map((e) => e.enterpriseId));
        all = all.filter((d) => covered.has(d.interest.enterpriseId));
      }
      const s = subsidySummary(all, year ?? null);
      const insurance = insuranceSummary(all.map((d) => d.insurance), year ?? null);
      const totalFen = s.totalFen + insurance.subsidyFen;
      res.json({ ...s, region, asOf, interest: withYuan({ ...s.interest }), fees: withYuan({ ...s.fees }), insurance: withYuan({ ...insurance }), totalFen, total: fenToYuan(totalFen) });
    });

    router.post(SIMULATE_PATH, validateBody(InternalSimulationRequestSchema), async (_req, res) => {
      const { draft, effectiveTo, period, asOf = today() } = validBody(res, InternalSimulationRequestSchema);
      const years = periodYears(period);
      const answer = await computeOverDraft(async () => {
        const r = await source.simulate(asOf, period, (live) => live.withDraft(draft, effectiveTo));
        const prefectureOf = (id: string) => r.prefectures.get(id) ?? 'unknown';
        return { asOf, current: subsidyFigureRows(r.current, years, prefectureOf), draft: subsidyFigureRows(r.draft, years, prefectureOf) };
      });
      res.json(answer);
    });
  };
}
