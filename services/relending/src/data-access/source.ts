/**
 * The re-lending input read on every request from the service's own projections: registered banks
 * (eligibility flag, quota), enterprises' designation histories, the loan ledger folded on read and the
 * policy book; computed with the pure domain (DOMAIN.md §5). No counters are kept: the fold does not
 * depend on the order or repetition of events, so neither do claims and applications.
 */
import type { LoanState } from '@techcredit/contracts';
import type { BankView, LoanLedger, RegistryView } from '@techcredit/projections';
import { minDate } from '@techcredit/money';
import type { PolicyBook } from '@techcredit/policy';
import { designationsValidOn } from '@techcredit/reference';
import { bankRelending, type BankRelending } from '../domain';

export interface RelendingSource {
  /** Every registered bank's position (or only `bankId`'s; null if that bank is not registered). */
  load(asOf: string, bankId?: string): Promise<BankRelending[] | null>;
  /**
   * A simulation (DOMAIN.md §13): every bank's position from the stored history read once, computed by the
   * same rules under the live book and under `draft(live)`, as of the application date of the period's last
   * quarter at the latest (quota used before the period carries into it; nothing after it does); nothing is
   * stored.
   */
  simulate(asOf: string, period: { fromYear: number; toYear: number }, draft: (live: PolicyBook) => PolicyBook): Promise<{ current: BankRelending[]; draft: BankRelending[] }>;
}

export function relendingSource(deps: { registry: RegistryView; ledger: LoanLedger; policy: () => PolicyBook }): RelendingSource {
  const read = async (bankId: string | undefined) => {
    const banks = bankId === undefined ? await deps.registry.allBanks() : [await deps.registry.bank(bankId)].flatMap((b) => (b ? [b] : []));
    const [enterprises, folds] = await Promise.all([
      deps.registry.allEnterprises(),
      bankId === undefined ? deps.ledger.allLoans() : deps.ledger.loansOfBank(bankId),
    ]);
    const designations = new Map(enterprises.map((e) => [e.enterpriseId, e.designations]));
    const designationsOn = (enterpriseId: string, date: string) => designationsValidOn(designations.get(enterpriseId) ?? [], date);
    const byBank = new Map<string, LoanState[]>();
    for (const f of folds.values()) {
      if (!f.loan) continue;
      const list = byBank.get(f.loan.bankId);
      if (list) list.push(f.loan);
      else byBank.set(f.loan.bankId, [f.loan]);
    }
    return { banks, designationsOn, byBank };
  };
  const compute = (data: Awaited<ReturnType<typeof read>>, asOf: string, book: PolicyBook): BankRelending[] => {
    const policyAt = (d: string) => book.at('relending', d);
    return data.banks.map((b: BankView) =>
      bankRelending({ bankId: b.bankId, relendingEligible: b.relendingEligible, quotaFen: b.relendingQuotaFen }, data.byBank.get(b.bankId) ?? [], data.designationsOn, policyAt, asOf),
    );
  };
  return {
    async load(asOf, bankId) {
      const data = await read(bankId);
      if (bankId !== undefined && data.banks.length === 0) return null;
      return compute(data, asOf, deps.policy());
    },
    async simulate(asOf, period, draft) {
      const data = await read(undefined);
      const until = minDate(asOf, `${period.toYear + 1}-01-01`);
      const live = deps.policy();
      return { current: compute(data, until, live), draft: compute(data, until, draft(live)) };
    },
  };
}
