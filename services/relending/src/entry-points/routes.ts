/**
 * The re-lending internal read API (same paths as the gateway's), computed on read (DOMAIN.md §5):
 *  - `GET /v1/relending/claims?bankId=&quarter=&region=&limit=&offset=` → the claim of every eligible loan
 *    (60% of principal, the version in force on the disbursement date), by disbursement quarter; with
 *    `region` (a prefecture), only loans to borrowers of that prefecture (claims and ineligible counts);
 *  - `GET /v1/relending/applications?bankId=&quarter=&limit=&offset=` → quarterly applications per bank
 *    (amount = min(Σ claims with a balance at the quarter end, remaining quota); interest at the rate in
 *    force on the application date over the 1-year term);
 *  - `GET /v1/relending/summary?year=` → per bank and in total, by version, ineligible loans by reason;
 *  - `POST /internal/simulate` (DOMAIN.md §13) → claims and applications per quarter and bank under the live
 *    policy book and under the draft (`PolicyBook.withDraft`), by the same rules; nothing is stored.
 * Applications exist for quarters whose application date is on or before `asOf` (today in UTC+8, or
 * RELENDING_AS_OF; `asOf=` is also accepted on this internal API). An unknown bankId is a 404.
 */
import type { Router } from 'express';
import { z } from 'zod';
import { AsOfDate, BankIdSchema, InternalSimulationRequestSchema, QueryYear, RegionScopeSchema, SIMULATE_PATH, TOTAL_LOANS_REGION, periodYears } from '@techcredit/contracts';
import type { RegistryView } from '@techcredit/projections';
import { quarterOf } from '@techcredit/money';
import { NotFound, Pagination, computeOverDraft, validBody, validateBody, validateQuery, validQuery } from '@techcredit/service';
import { relendingFigureRows, relendingSummary, type BankRelending, type LoanClaim, type RelendingApplication, type RelendingFigures } from '../domain';
import type { RelendingSource } from '../data-access/source';
import { bpToPercent, fenToYuan } from './format';

const Quarter = z.string().regex(/^\d{4}Q[1-4]$/, 'expected a quarter like 2024Q3');
const ListQuery = Pagination.extend({ bankId: BankIdSchema.optional(), quarter: Quarter.optional(), asOf: AsOfDate.optional() });
const ClaimsQuery = ListQuery.extend({ region: RegionScopeSchema.default(TOTAL_LOANS_REGION) });
const SummaryQuery = z.strictObject({ year: QueryYear.optional(), asOf: AsOfDate.optional() });

const claimView = (c: LoanClaim) => ({ ...c, principal: fenToYuan(c.principalFen), claim: fenToYuan(c.claimFen) });
const applicationView = (a: RelendingApplication) => ({
  ...a,
  claimsTotal: fenToYuan(a.claimsFen),
  amount: fenToYuan(a.amountFen),
  rate: bpToPercent(a.rateBp),
  interest: fenToYuan(a.interestFen),
});
const figures = <T extends RelendingFigures>(f: T) => ({ ...f, claims: fenToYuan(f.claimsFen), applied: fenToYuan(f.appliedFen), interest: fenToYuan(f.interestFen) });

export function relendingRoutes(source: RelendingSource, today: () => string, registry: Pick<RegistryView, 'allEnterprises'>) {
  /** Does the region cover the borrower's prefecture? ('65' covers all.) */
  const inRegion = async (region: string): Promise<(enterpriseId: string) => boolean> => {
    if (region === TOTAL_LOANS_REGION) return () => true;
    const prefectures = new Map((await registry.allEnterprises()).map((e) => [e.enterpriseId, e.prefecture as string]));
    return (id) => prefectures.get(id)?.startsWith(region) === true;
  };
  const load = async (asOf: string, bankId: string | undefined): Promise<BankRelending[]> => {
    const banks = await source.load(asOf, bankId);
    if (banks === null) throw new NotFound(`bank ${bankId} is not registered`);
    return banks;
  };
  return (router: Router): void => {
    router.get('/v1/relending/claims', validateQuery(ClaimsQuery), async (_req, res) => {
      const { bankId, quarter, region, asOf = today(), limit, offset } = validQuery(res, ClaimsQuery);
      const banks = await load(asOf, bankId);
      const keep = await inRegion(region);
      const all = banks.flatMap((b) => b.claims).filter((c) => (quarter === undefined || c.quarter === quarter) && keep(c.enterpriseId));
      const ineligible: Record<string, number> = {};
      for (const l of banks.flatMap((b) => b.ineligible)) {
        if ((quarter === undefined || quarterOf(l.disbursedOn) === quarter) && keep(l.enterpriseId)) ineligible[l.reason] = (ineligible[l.reason] ?? 0) + 1;
      }
      const claimsFen = all.reduce((s, c) => s + c.claimFen, 0);
      res.json({
        asOf,
        bankId: bankId ?? null,
        quarter: quarter ?? null,
        region,
        items: all.slice(offset, offset + limit).map(claimView),
        total: all.length,
        limit,
        offset,
        claimsFen,
        claims: fenToYuan(claimsFen),
        ineligible,
      });
    });

    router.get('/v1/relending/applications', validateQuery(ListQuery), async (_req, res) => {
      const { bankId, quarter, asOf = today(), limit, offset } = validQuery(res, ListQuery);
      const all = (await load(asOf, bankId)).flatMap((b) => b.applications).filter((a) => quarter === undefined || a.quarter === quarter);
      const amountFen = all.reduce((s, a) => s + a.amountFen, 0);
      const interestFen = all.reduce((s, a) => s + a.interestFen, 0);
      res.json({
        asOf,
        bankId: bankId ?? null,
        quarter: quarter ?? null,
        items: all.slice(offset, offset + limit).map(applicationView),
        total: all.length,
        limit,
        offset,
        amountFen,
        amount: fenToYuan(amountFen),
        interestFen,
        interest: fenToYuan(interestFen),
      });
    });

    router.get('/v1/relending/summary', validateQuery(SummaryQuery), async (_req, res) => {
      const { year, asOf = today() } = validQuery(res, SummaryQuery);
      const s = relendingSummary(await load(asOf, undefined), year ?? null);
      res.json({ ...s, asOf, banks: s.banks.map(figures), totals: figures(s.totals) });
    });

    router.post(SIMULATE_PATH, validateBody(InternalSimulationRequestSchema), async (_req, res) => {
      const { draft, effectiveTo, period, asOf = today() } = validBody(res, InternalSimulationRequestSchema);
      const years = periodYears(period);
      const answer = await computeOverDraft(async () => {
        const r = await source.simulate(asOf, period, (live) => live.withDraft(draft, effectiveTo));
        return { asOf, current: relendingFigureRows(r.current, years), draft: relendingFigureRows(r.draft, years) };
      });
      res.json(answer);
    });
  };
}
