/**
 * The subsidy internal read API (same paths as the gateway's), computed on read (DOMAIN.md §6):
 *  - `GET /v1/enterprises/:id/subsidies?year=` → the enterprise's interest subsidies per loan and year
 *    (state accruing / payable / forfeited, ineligibility reasons, refused loan events) and its IP-pledge
 *    fee subsidies, with totals; 404 if the enterprise is not registered;
 *  - `GET /v1/subsidies/summary?year=` → totals over all enterprises.
 * Interest accrues on days before `asOf` (today in UTC+8, or SUBSIDY_AS_OF; `asOf=` is also accepted on
 * this internal API); repayments and write-offs on or before it set the state.
 */
import type { Router } from 'express';
import { z } from 'zod';
import { IsoDate, UsccSchema } from '@techcredit/contracts';
import { NotFound, validateParams, validateQuery, validParams, validQuery } from '@techcredit/service';
import { enterpriseSubsidyView, subsidySummary } from '../domain';
import type { SubsidySource } from '../data-access/source';
import { bpToPercent, fenToYuan } from './format';

const EnterpriseParams = z.strictObject({ id: UsccSchema });
const YearQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional(), asOf: IsoDate.optional() });

const withYuan = <T extends Record<string, unknown>>(o: T): T & Record<string, string> => {
  const out: Record<string, unknown> = { ...o };
  for (const [k, v] of Object.entries(o)) if (k.endsWith('Fen') && typeof v === 'number') out[k.slice(0, -3)] = fenToYuan(v);
  return out as T & Record<string, string>;
};

export function subsidyRoutes(source: SubsidySource, today: () => string) {
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

    router.get('/v1/subsidies/summary', validateQuery(YearQuery), async (_req, res) => {
      const { year, asOf = today() } = validQuery(res, YearQuery);
      const s = subsidySummary(await source.all(asOf), year ?? null);
      res.json({ ...s, asOf, interest: withYuan({ ...s.interest }), fees: withYuan({ ...s.fees }), total: fenToYuan(s.totalFen) });
    });
  };
}
