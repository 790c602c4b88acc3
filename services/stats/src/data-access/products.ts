/**
 * The stats service's own projection of the product topic, reduced to what §11 needs: a product's bank, kind
 * and minimum score (an innovation-points loan is one made under a `credit` product with minScore > 0). The
 * first bank seen for a product id owns it (as in matching: another bank's version is ignored here); a later
 * version of the owner replaces the terms. Small (products are few), kept in the database and in memory.
 */
import { Topics, productEvents, type CreditProduct } from '@techcredit/contracts';
import type { ServiceContext } from '@techcredit/service';
import { insertOnce, READ_BATCH } from '@techcredit/store';
import type { ProductTerms } from '../domain';

interface ProductDoc extends ProductTerms {
  _id: string;
}

export const PRODUCTS_COLLECTION = { name: 'stats_products' } as const;

export interface ProductTermsView {
  terms(productId: string): ProductTerms | undefined;
}

export async function productTerms(ctx: ServiceContext): Promise<ProductTermsView> {
  const Products = await ctx.collection<ProductDoc>(PRODUCTS_COLLECTION);
  const known = new Map<string, ProductTerms>();
  for (const d of await Products.find({}).batchSize(READ_BATCH).toArray()) known.set(d._id, { bankId: d.bankId, kind: d.kind, minScore: d.minScore });
  ctx.consume({
    groupId: `${ctx.name}.products`,
    topics: [Topics.product],
    events: productEvents,
    handle: async (ev) => {
      const p = ev.data as CreditProduct;
      const terms: ProductTerms = { bankId: p.bankId, kind: p.kind, minScore: p.minScore };
      if ((await insertOnce(Products, { _id: p.productId, ...terms })) === 'duplicate') {
        await Products.updateOne({ _id: p.productId, bankId: p.bankId }, { $set: { kind: p.kind, minScore: p.minScore } });
      }
      const stored = await Products.findOne({ _id: p.productId });
      if (stored) known.set(p.productId, { bankId: stored.bankId, kind: stored.kind, minScore: stored.minScore });
      return { outcome: 'done' };
    },
  });
  return { terms: (id) => known.get(id) };
}
