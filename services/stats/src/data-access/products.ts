/**
 * The stats service's own projection of the product topic, reduced to what §11 needs: a product's bank, kind
 * and minimum score (an innovation-points loan is one made under a `credit` product with minScore > 0). The
 * first bank seen for a product id owns it (as in matching: another bank's version is ignored here); a later
 * version of the owner replaces the terms. Read from the database when a contribution is recomputed, so every
 * instance classifies alike.
 *
 * A loan may be stored before its product arrives (another topic): such a disbursement records that its
 * enterprise awaits the product (`stats_awaiting_product`, by productId); the product's arrival notes a change
 * for each of those enterprises, so they are recomputed with its terms.
 */
import { Topics, productEvents, type CreditProduct } from '@techcredit/contracts';
import type { ServiceContext } from '@techcredit/service';
import { insertOnce, READ_BATCH } from '@techcredit/store';
import type { ProductTerms } from '../domain';

interface ProductDoc extends ProductTerms {
  _id: string;
}
interface AwaitingDoc {
  _id: string;
  productId: string;
  enterpriseId: string;
}

export const PRODUCT_COLLECTIONS = {
  products: { name: 'stats_products' },
  awaiting: { name: 'stats_awaiting_product', indexes: [{ key: { productId: 1 } }] },
} as const;

export interface ProductTermsView {
  /** The terms of the given product ids that are published. */
  termsOf(productIds: readonly string[]): Promise<Map<string, ProductTerms>>;
  /** A disbursement under `productId` was stored for `enterpriseId`: note it if the product is not known yet. */
  loanUnder(productId: string, enterpriseId: string): Promise<void>;
}

export async function productTerms(ctx: ServiceContext, noteChange: (enterpriseId: string) => Promise<void>): Promise<ProductTermsView> {
  const Products = await ctx.collection<ProductDoc>(PRODUCT_COLLECTIONS.products);
  const Awaiting = await ctx.collection<AwaitingDoc>(PRODUCT_COLLECTIONS.awaiting);
  const known = new Set<string>();
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
      for (const a of await Awaiting.find({ productId: p.productId }).batchSize(READ_BATCH).toArray()) await noteChange(a.enterpriseId);
      return { outcome: 'done' };
    },
  });
  return {
    async termsOf(ids) {
      const out = new Map<string, ProductTerms>();
      for (const id of new Set(ids)) {
        const d = await Products.findOne({ _id: id });
        if (d) out.set(id, { bankId: d.bankId, kind: d.kind, minScore: d.minScore });
      }
      return out;
    },
    async loanUnder(productId, enterpriseId) {
      if (known.has(productId)) return;
      if (await Products.findOne({ _id: productId }, { projection: { _id: 1 } })) {
        known.add(productId);
        return;
      }
      await Awaiting.updateOne({ _id: `${productId}|${enterpriseId}` }, { $set: { productId, enterpriseId } }, { upsert: true });
    },
  };
}
