/**
 * The registry's internal read API (same paths as the gateway's): enterprises with their designation
 * history, banks, and designation counts on a date, optionally limited to a region scope
 * (`region` = '65' or a prefecture code, passed by the gateway for a regulator). Served from the
 * projection's in-memory view (FerretDB scans every query, docs/decisions/0006).
 */
import type { Router } from 'express';
import { z } from 'zod';
import { AsOfDate, BankIdSchema, PrefectureCodeSchema, RegionScopeSchema, UsccSchema } from '@techcredit/contracts';
import type { RegistryView } from '@techcredit/projections';
import { NotFound, Pagination, validateParams, validateQuery, validParams, validQuery } from '@techcredit/service';
import { designationCounts, page, prefectureFilter } from '../domain';

const EnterpriseParams = z.strictObject({ id: UsccSchema });
const Scope = z.strictObject({ region: RegionScopeSchema.optional() });
const EnterpriseList = Pagination.extend({ prefecture: PrefectureCodeSchema.optional(), region: RegionScopeSchema.optional() });
const BankParams = z.strictObject({ bankId: BankIdSchema });
const CountsQuery = z.strictObject({ asOf: AsOfDate, region: RegionScopeSchema.optional() });

export function registryRoutes(registry: RegistryView) {
  /** Registered enterprises of a prefecture (null = all). */
  const enterprisesIn = async (prefecture: string | null) =>
    (await registry.allEnterprises()).filter((e) => prefecture === null || e.prefecture === prefecture);

  return (router: Router): void => {
    router.get('/v1/enterprises/:id', validateParams(EnterpriseParams), validateQuery(Scope), async (_req, res) => {
      const { id } = validParams(res, EnterpriseParams);
      const { region } = validQuery(res, Scope);
      const e = await registry.enterprise(id);
      // Outside the caller's region scope reads the same as unknown.
      if (!e || prefectureFilter(e.prefecture, region) === false) throw new NotFound(`enterprise ${id} is not registered`);
      res.json(e);
    });

    router.get('/v1/enterprises', validateQuery(EnterpriseList), async (_req, res) => {
      const { prefecture, region, limit, offset } = validQuery(res, EnterpriseList);
      const filter = prefectureFilter(prefecture, region);
      const items = filter === false ? [] : await enterprisesIn(filter);
      res.json(page(items, (e) => e.enterpriseId, limit, offset));
    });

    router.get('/v1/banks/:bankId', validateParams(BankParams), async (_req, res) => {
      const { bankId } = validParams(res, BankParams);
      const bank = await registry.bank(bankId);
      if (!bank) throw new NotFound(`bank ${bankId} is not registered`);
      res.json(bank);
    });

    router.get('/v1/banks', validateQuery(Pagination), async (_req, res) => {
      const { limit, offset } = validQuery(res, Pagination);
      res.json(page(await registry.allBanks(), (b) => b.bankId, limit, offset));
    });

    router.get('/v1/registry/designation-counts', validateQuery(CountsQuery), async (_req, res) => {
      const { asOf, region = '65' } = validQuery(res, CountsQuery);
      const filter = prefectureFilter(undefined, region);
      const enterprises = filter === false ? [] : await enterprisesIn(filter);
      res.json({ asOf, region, ...designationCounts(enterprises, asOf) });
    });
  };
}
