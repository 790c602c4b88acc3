/**
 * The matching service's internal read API (same paths as the gateway's):
 *  - `GET /v1/enterprises/:id/offers` → { enterpriseId, asOf, score, items: offers ranked (DOMAIN.md §3), total };
 *  - `GET /v1/credit-products?bankId=&limit=&offset=` and `GET /v1/credit-products/:productId`;
 *  - `GET /v1/banks/:bankId/recommendations?limit=&offset=&region=` → the 推荐名单 with the 首贷 flag,
 *    only enterprises whose prefecture `region` covers ('65', the default, covers all)
 *    (`firstLoanCandidate`: true/false, null while no loan event is known at all);
 *  - `GET /v1/banks/:bankId/recommendations/:enterpriseId` → { listed } (the gateway's access check).
 * The matching date `asOf` is today in UTC+8, or MATCHING_AS_OF when set (replays, demos).
 */
import type { Router } from 'express';
import { z } from 'zod';
import { BankIdSchema, RegionScopeSchema, TOTAL_LOANS_REGION, UsccSchema } from '@techcredit/contracts';
import { NotFound, Pagination, validateParams, validateQuery, validParams, validQuery } from '@techcredit/service';
import type { Offer, Recommendation } from '../domain';
import type { Matcher } from '../matcher';
import type { StoredProduct } from '../data-access/store';
import { bpToPercent, fenToYuan } from './format';

const EnterpriseParams = z.strictObject({ id: UsccSchema });
const ProductParams = z.strictObject({ productId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
const BankParams = z.strictObject({ bankId: BankIdSchema });
const ListedParams = z.strictObject({ bankId: BankIdSchema, enterpriseId: UsccSchema });
const NoQuery = z.strictObject({});
const ProductsQuery = Pagination.extend({ bankId: BankIdSchema.optional() });
const RecommendationsQuery = Pagination.extend({ region: RegionScopeSchema.default(TOTAL_LOANS_REGION) });

const offerView = (o: Offer) => ({ ...o, line: fenToYuan(o.lineFen), annualRate: bpToPercent(o.annualRateBp) });
const productView = (p: StoredProduct) => ({ ...p.product, annualRate: bpToPercent(p.product.annualRateBp), publishedAt: p.occurredAt, eventId: p.eventId });
const total = (h: number) => `${Math.trunc(h / 100)}.${String(h % 100).padStart(2, '0')}`;
const recommendationView = (r: Recommendation) => ({ ...r, total: total(r.totalHundredths) });

export function matchingRoutes(matcher: Matcher, asOf: () => string) {
  return (router: Router): void => {
    router.get('/v1/enterprises/:id/offers', validateParams(EnterpriseParams), validateQuery(NoQuery), async (_req, res) => {
      const { id } = validParams(res, EnterpriseParams);
      const date = asOf();
      const r = await matcher.offers(id, date);
      if (!r) throw new NotFound(`enterprise ${id} is not registered`);
      const s = matcher.score(id)?.data;
      const score = s
        ? { year: s.year, total: s.total, totalHundredths: s.totalHundredths, grade: s.grade, vetoed: s.vetoed, revenueFen: s.revenueFen, computedAt: s.computedAt }
        : null;
      res.json({ enterpriseId: id, asOf: date, score, items: r.offers.map(offerView), total: r.offers.length });
    });

    router.get('/v1/credit-products', validateQuery(ProductsQuery), (_req, res) => {
      const { bankId, limit, offset } = validQuery(res, ProductsQuery);
      const all = matcher.productList(bankId);
      res.json({ items: all.slice(offset, offset + limit).map(productView), total: all.length, limit, offset });
    });

    router.get('/v1/credit-products/:productId', validateParams(ProductParams), validateQuery(NoQuery), (_req, res) => {
      const { productId } = validParams(res, ProductParams);
      const p = matcher.product(productId);
      if (!p) throw new NotFound(`credit product ${productId} is not published`);
      res.json(productView(p));
    });

    router.get('/v1/banks/:bankId/recommendations', validateParams(BankParams), validateQuery(RecommendationsQuery), async (_req, res) => {
      const { bankId } = validParams(res, BankParams);
      const { limit, offset, region } = validQuery(res, RecommendationsQuery);
      const date = asOf();
      const list = await matcher.recommendations(bankId, date, region);
      if (!list) throw new NotFound(`bank ${bankId} is not registered`);
      res.json({
        bankId,
        region,
        asOf: date,
        items: list.slice(offset, offset + limit).map(recommendationView),
        total: list.length,
        limit,
        offset,
        firstLoanCandidates: list.filter((r) => r.firstLoanCandidate === true).length,
      });
    });

    router.get('/v1/banks/:bankId/recommendations/:enterpriseId', validateParams(ListedParams), validateQuery(NoQuery), async (_req, res) => {
      const { bankId, enterpriseId } = validParams(res, ListedParams);
      res.json({ bankId, enterpriseId, listed: await matcher.listed(bankId, enterpriseId, asOf()) });
    });
  };
}
