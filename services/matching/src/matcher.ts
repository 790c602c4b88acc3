/**
 * Matching (DOMAIN.md §3) over the service's own views: products (latest version per productId), each
 * enterprise's latest score (with the revenue it was computed from), the registry projection (prefecture,
 * designations valid on the matching date) and the loan ledger (first-loan flag). Computes on read with
 * the pure domain (`offersFor`, `recommendationsFor`).
 */
import type { HandlerResult } from '@techcredit/bus';
import { outstandingOn, type CreditProduct, type Envelope, type ScoreComputed } from '@techcredit/contracts';
import type { Logger } from '@techcredit/log';
import type { PolicyBook } from '@techcredit/policy';
import type { LoanLedger, RegistryView } from '@techcredit/projections';
import { designationsValidOn } from '@techcredit/reference';
import {
  isNewerProduct,
  isNewerScore,
  offersFor,
  recommendationsFor,
  type MatchableEnterprise,
  type Offer,
  type Recommendation,
} from './domain';
import type { MatchingStore, StoredProduct, StoredScore } from './data-access/store';

export interface MatcherDeps {
  logger: Logger;
  store: MatchingStore;
  registry: Pick<RegistryView, 'enterprise' | 'bank'>;
  ledger: Pick<LoanLedger, 'allLoans'>;
  policy: () => PolicyBook;
}

export class Matcher {
  private readonly products = new Map<string, StoredProduct>();
  private readonly scores = new Map<string, StoredScore>();
  private loanVersion = 0;
  private loanIndex: { version: number; asOf: string; anyLoan: boolean; outstanding: Set<string> } | undefined;

  constructor(private readonly d: MatcherDeps) {}

  async load(): Promise<void> {
    const t0 = Date.now();
    const [products, scores] = await Promise.all([this.d.store.allProducts(), this.d.store.allScores()]);
    for (const p of products) this.products.set(p.product.productId, p);
    for (const s of scores) if (isNewerScore(scoreVersion(s), this.scoreVersionOf(s.data.enterpriseId))) this.scores.set(s.data.enterpriseId, s);
    this.d.logger.info({ products: products.length, scoreEvents: scores.length, enterprises: this.scores.size, ms: Date.now() - t0 }, 'matching state loaded');
  }

  /**
   * `product.published`: the latest version per productId wins (isNewerProduct). A product id belongs to
   * the bank of its first stored version (product events are keyed by productId, so in partition order):
   * a version with another bankId is dead-lettered `NOT_PRODUCT_OWNER` whatever its time or event id, and
   * a bank's event for another bank (`source` bank:X, bankId Y) `NOT_OWN_BANK`. Stored versions therefore
   * all carry the owner's bankId.
   */
  async onProduct(ev: Envelope): Promise<HandlerResult> {
    const product = ev.data as CreditProduct;
    if (ev.source.startsWith('bank:') && ev.source !== `bank:${product.bankId}`) {
      return { outcome: 'reject', reason: `NOT_OWN_BANK: ${ev.source} may not publish products of bank ${product.bankId}` };
    }
    const owner = this.products.get(product.productId)?.product.bankId;
    if (owner !== undefined && owner !== product.bankId) {
      return { outcome: 'reject', reason: `NOT_PRODUCT_OWNER: product ${product.productId} belongs to bank ${owner}; a version for bank ${product.bankId} is refused` };
    }
    const candidate: StoredProduct = { eventId: ev.id, occurredAt: ev.occurredAt, product };
    if (isNewerProduct(candidate, this.products.get(product.productId))) {
      await this.d.store.saveProduct(candidate);
      this.products.set(product.productId, candidate);
    }
    return { outcome: 'done' };
  }

  /** `score.computed`: kept when it is the enterprise's latest (isNewerScore); older or redelivered ones change nothing. */
  async onScore(ev: Envelope): Promise<HandlerResult> {
    const s: StoredScore = { eventId: ev.id, data: ev.data as ScoreComputed };
    if (isNewerScore(scoreVersion(s), this.scoreVersionOf(s.data.enterpriseId))) {
      await this.d.store.saveScore(s);
      this.scores.set(s.data.enterpriseId, s);
    }
    return { outcome: 'done' };
  }

  /** Called after each loan-topic event is stored: the first-loan index is rebuilt on the next read. */
  loansChanged(): void {
    this.loanVersion++;
  }

  product(productId: string): StoredProduct | undefined {
    return this.products.get(productId);
  }

  /** Products by product id (code-unit order), optionally of one bank. */
  productList(bankId?: string): StoredProduct[] {
    return [...this.products.values()]
      .filter((p) => bankId === undefined || p.product.bankId === bankId)
      .sort((a, b) => (a.product.productId < b.product.productId ? -1 : a.product.productId > b.product.productId ? 1 : 0));
  }

  score(enterpriseId: string): StoredScore | undefined {
    return this.scores.get(enterpriseId);
  }

  /** An enterprise's offers on `asOf`, or null when the registry does not know it. */
  async offers(enterpriseId: string, asOf: string): Promise<{ enterprise: MatchableEnterprise; offers: Offer[] } | null> {
    const enterprise = await this.matchable(enterpriseId, asOf);
    if (!enterprise) return null;
    return { enterprise, offers: offersFor(enterprise, this.activeProducts(), this.lineRatio(asOf)) };
  }

  /**
   * A bank's recommendation list on `asOf`, or null when neither the registry nor any product knows the bank;
   * only enterprises whose prefecture `region` covers (a regulator's scope; '65' covers every prefecture).
   */
  async recommendations(bankId: string, asOf: string, region = '65'): Promise<Recommendation[] | null> {
    const products = this.activeProducts();
    if (!(await this.d.registry.bank(bankId)) && !this.productList(bankId).length) return null;
    const enterprises: MatchableEnterprise[] = [];
    for (const id of this.scores.keys()) {
      const e = await this.matchable(id, asOf);
      if (e && e.prefecture.startsWith(region)) enterprises.push(e);
    }
    const index = await this.loanIndexOn(asOf);
    return recommendationsFor(bankId, products, enterprises, (id) => (index.anyLoan ? index.outstanding.has(id) : 'unknown'));
  }

  /** Is the enterprise on the bank's recommendation list on `asOf`? (Evaluates that one enterprise only.) */
  async listed(bankId: string, enterpriseId: string, asOf: string): Promise<boolean> {
    const e = await this.matchable(enterpriseId, asOf);
    return e !== null && recommendationsFor(bankId, this.activeProducts(), [e], () => 'unknown').length > 0;
  }

  private activeProducts(): CreditProduct[] {
    return [...this.products.values()].map((p) => p.product).filter((p) => p.active);
  }

  private lineRatio(asOf: string) {
    return this.d.policy().require('matchingLineRatio', asOf);
  }

  private async matchable(enterpriseId: string, asOf: string): Promise<MatchableEnterprise | null> {
    const e = await this.d.registry.enterprise(enterpriseId);
    if (!e) return null;
    const s = this.scores.get(enterpriseId)?.data;
    return {
      enterpriseId,
      prefecture: e.prefecture,
      designationsValid: [...designationsValidOn(e.designations, asOf)],
      score: s ? { totalHundredths: s.totalHundredths, grade: s.grade, vetoed: s.vetoed } : null,
      revenueFen: s?.revenueFen ?? 0,
    };
  }

  /**
   * Who has an outstanding loan on `asOf` (balance > 0 at any bank, DOMAIN.md §3 首贷). While the ledger
   * holds no loan event at all, nothing is known: every flag is null. Rebuilt only when loans changed.
   */
  private async loanIndexOn(asOf: string) {
    const cached = this.loanIndex;
    if (cached && cached.version === this.loanVersion && cached.asOf === asOf) return cached;
    const version = this.loanVersion;
    const loans = await this.d.ledger.allLoans();
    const outstanding = new Set<string>();
    for (const f of loans.values()) if (f.loan && outstandingOn(f.loan, asOf) > 0) outstanding.add(f.loan.enterpriseId);
    this.loanIndex = { version, asOf, anyLoan: loans.size > 0, outstanding };
    return this.loanIndex;
  }

  private scoreVersionOf(enterpriseId: string) {
    const s = this.scores.get(enterpriseId);
    return s ? scoreVersion(s) : null;
  }
}

const scoreVersion = (s: StoredScore) => ({ year: s.data.year, computedAt: s.data.computedAt, eventId: s.eventId });
