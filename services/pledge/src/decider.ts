/**
 * Keeps the recorded pledge decisions and compensations (DOMAIN.md §4) equal to a recomputation from the
 * loan ledger. Which pledges hold an asset depends on every pledge that shares an asset (transitively)
 * and on those pledges' loans (maturity, repayments, releases), so an event of a pledged loan recomputes
 * its "component": the loans linked to it through shared assets (or a reused pledge id). Decisions are made
 * in canonical order (registeredOn, then pledgeId) by `decidePledges`, so a replay, a reordering or a late
 * event gives the same records as an in-order delivery. Recomputations run one at a time.
 */
import { assetKey, decidePledges, pledgeEventsOf, type LoanEventLike, type PledgeRegistered } from '@techcredit/contracts';
import type { LoanLedger } from '@techcredit/projections';
import type { PolicyBook } from '@techcredit/policy';
import type { Logger } from '@techcredit/log';
import { loanCompensations, pledgeRecord, type PledgeRecord } from './domain';
import { stableJson, type PledgeStore, type StoredCompensation } from './data-access/store';

export interface DeciderDeps {
  ledger: LoanLedger;
  store: PledgeStore;
  policy: () => PolicyBook;
  logger: Logger;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class PledgeDecider {
  /** Link keys (`asset:<kind|no>`, `pledge:<id>`) → loans holding a registration with them, and back. */
  private readonly loansOfKey = new Map<string, Set<string>>();
  private readonly keysOfLoan = new Map<string, Set<string>>();
  private readonly records = new Map<string, { record: PledgeRecord; json: string }>();
  private readonly comps = new Map<string, { comp: StoredCompensation; json: string }>();
  private chain: Promise<unknown> = Promise.resolve();
  private loaded: Promise<void> | undefined;

  constructor(private readonly deps: DeciderDeps) {}

  /** Loads the stored records, indexes the ledger's pledges and reconciles every record (e.g. after a policy change). */
  load(): Promise<void> {
    this.loaded ??= (async () => {
      const [records, comps] = await Promise.all([this.deps.store.allDecisions(), this.deps.store.allCompensations()]);
      for (const r of records) this.records.set(r.pledgeId, { record: r, json: stableJson(r) });
      for (const c of comps) this.comps.set(c.loanId, { comp: c, json: stableJson(c) });
      for (const fold of (await this.deps.ledger.allLoans()).values()) for (const e of fold.events) this.index(e);
      await this.recomputeAll();
      this.deps.logger.info({ pledges: this.records.size, compensations: this.comps.size }, 'pledge decisions reconciled');
    })();
    return this.loaded;
  }

  /** The ledger's `afterStore`: an event of a pledged loan (or a new pledge) recomputes its component. */
  async onStored(event: LoanEventLike): Promise<void> {
    await this.load();
    this.index(event);
    if (!this.keysOfLoan.has(event.data.loanId)) return;
    await this.serial(() => this.recompute(this.component([event.data.loanId])));
  }

  /** Recomputes every component (start-up, new policy versions). */
  recomputeAll(): Promise<void> {
    return this.serial(async () => {
      const done = new Set<string>();
      for (const loanId of [...this.keysOfLoan.keys()].sort(cmp)) {
        if (done.has(loanId)) continue;
        const component = this.component([loanId]);
        for (const id of component) done.add(id);
        await this.recompute(component);
      }
    });
  }

  /** Every recorded decision, by registeredOn then pledgeId. */
  allRecords(): PledgeRecord[] {
    return [...this.records.values()].map((r) => r.record).sort((a, b) => cmp(a.registeredOn, b.registeredOn) || cmp(a.pledgeId, b.pledgeId));
  }

  /**
   * A simulation (DOMAIN.md §13): every pledge's record recomputed from the ledger by the same rules under
   * the live book and under `draft(live)`; nothing is stored (the recorded decisions are the live ones).
   */
  async simulate(draft: (live: PolicyBook) => PolicyBook): Promise<{ current: PledgeRecord[]; draft: PledgeRecord[] }> {
    const folds = await this.deps.ledger.allLoans();
    const { registrations, releases } = pledgeEventsOf([...folds.values()].flatMap((f) => f.events));
    const outcomes = decidePledges(registrations, releases, (id) => folds.get(id)?.loan ?? undefined);
    const under = (book: PolicyBook) => outcomes.map((o) => pledgeRecord(o, (d) => book.at('pledgeCaps', d)));
    const live = this.deps.policy();
    return { current: under(live), draft: under(draft(live)) };
  }

  /** Every compensation record, by loanId. */
  allCompensations(): StoredCompensation[] {
    return [...this.comps.values()].map((c) => c.comp).sort((a, b) => cmp(a.loanId, b.loanId));
  }

  private index(e: LoanEventLike): void {
    if (e.type !== 'pledge.registered') return;
    const d: PledgeRegistered = e.data;
    const keys = [`pledge:${d.pledgeId}`, ...d.assets.map((a) => `asset:${assetKey(a)}`)];
    let own = this.keysOfLoan.get(d.loanId);
    if (!own) this.keysOfLoan.set(d.loanId, (own = new Set()));
    for (const k of keys) {
      own.add(k);
      let loans = this.loansOfKey.get(k);
      if (!loans) this.loansOfKey.set(k, (loans = new Set()));
      loans.add(d.loanId);
    }
  }

  private component(seed: readonly string[]): Set<string> {
    const out = new Set<string>();
    const queue = [...seed];
    while (queue.length > 0) {
      const id = queue.pop()!;
      if (out.has(id)) continue;
      out.add(id);
      for (const k of this.keysOfLoan.get(id) ?? []) for (const other of this.loansOfKey.get(k) ?? []) if (!out.has(other)) queue.push(other);
    }
    return out;
  }

  private async recompute(loanIds: Set<string>): Promise<void> {
    const folds = new Map<string, Awaited<ReturnType<LoanLedger['loan']>>>();
    for (const id of loanIds) folds.set(id, await this.deps.ledger.loan(id));
    const { registrations, releases } = pledgeEventsOf([...folds.values()].flatMap((f) => f?.events ?? []));
    const outcomes = decidePledges(registrations, releases, (id) => folds.get(id)?.loan ?? undefined);
    const book = this.deps.policy();
    for (const o of outcomes) {
      const record = pledgeRecord(o, (d) => book.at('pledgeCaps', d));
      const json = stableJson(record);
      const known = this.records.get(record.pledgeId);
      if (known?.json === json) continue;
      await this.deps.store.saveDecision(record, known !== undefined);
      this.records.set(record.pledgeId, { record, json });
    }
    const enterpriseOf = new Map(outcomes.map((o) => [o.loan.loanId, o.loan.enterpriseId]));
    for (const c of loanCompensations(outcomes, (d) => book.at('riskCompensation', d))) {
      const comp: StoredCompensation = { ...c, enterpriseId: enterpriseOf.get(c.loanId)!, items: c.items.map((i) => ({ ...i, shareBp: i.shareBp ?? null })) };
      const json = stableJson(comp);
      const known = this.comps.get(comp.loanId);
      if (known?.json === json) continue;
      await this.deps.store.saveCompensation(comp, known !== undefined);
      this.comps.set(comp.loanId, { comp, json });
    }
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn);
    this.chain = next.catch(() => undefined);
    return next;
  }
}
