/**
 * The subsidy input read on every request from the service's own projections (DOMAIN.md §6): the
 * enterprises' designation histories, the loan ledger folded on read and the policy book (`subsidy`,
 * `lpr1y`). Fee subsidies count ACCEPTED pledges only; which pledges are accepted is decided here with the
 * same pure rules the pledge service records (`decidePledges` in @techcredit/contracts) over the same
 * loan-topic events, so no call to or event from the pledge service is needed.
 */
import { decidePledges, outstandingOn, pledgeEventsOf, type LoanFold, type LoanEventLike, type LoanState } from '@techcredit/contracts';
import type { EnterpriseView, InsuranceView, InsurancePolicyView, LoanLedger, RegistryView } from '@techcredit/projections';
import type { PolicyBook } from '@techcredit/policy';
import { designationsValidOn, isTechOn } from '@techcredit/reference';
import { enterpriseFeeSubsidy, enterpriseInsuranceSubsidy, enterpriseInterestSubsidy, type EnterpriseInsuranceSubsidy, type EnterpriseSubsidies, type PledgeFees } from '../domain';

type Fold = LoanFold & { events: LoanEventLike[] };

export interface EnterpriseSubsidyData extends EnterpriseSubsidies {
  /** Each loan's fold refusals (a repayment above the balance, …): recorded, never applied. */
  refusals: Map<string, LoanFold['refused']>;
  /** Tech-insurance premium subsidies (§10) of the policies bound on or before asOf. */
  insurance: EnterpriseInsuranceSubsidy;
}

export interface SubsidySource {
  /** null if the enterprise is not registered. */
  enterprise(enterpriseId: string, asOf: string): Promise<EnterpriseSubsidyData | null>;
  all(asOf: string): Promise<EnterpriseSubsidyData[]>;
  /**
   * A simulation (DOMAIN.md §13): the stored history read once and computed by the same rules under the
   * live book and under `draft(live)`, for the loans that can count in the period's years (the figures of
   * other years are not complete); nothing is stored. `prefectures`: each enterprise's prefecture.
   */
  simulate(
    asOf: string,
    period: { fromYear: number; toYear: number },
    draft: (live: PolicyBook) => PolicyBook,
  ): Promise<{ prefectures: Map<string, string>; current: EnterpriseSubsidyData[]; draft: EnterpriseSubsidyData[] }>;
}

/** Fees of the accepted pledges registered on or before `asOf`, by enterprise. */
function acceptedPledgeFees(folds: ReadonlyMap<string, Fold>, asOf: string): Map<string, PledgeFees[]> {
  const { registrations, releases } = pledgeEventsOf([...folds.values()].flatMap((f) => f.events));
  const out = new Map<string, PledgeFees[]>();
  for (const o of decidePledges(registrations, releases, (id) => folds.get(id)?.loan)) {
    if (o.status !== 'accepted' || o.pledge.registeredOn > asOf) continue;
    const { pledgeId, loanId, registeredOn, appraisalFeeFen, insurancePremiumFen } = o.pledge;
    out.set(o.loan.enterpriseId, [...(out.get(o.loan.enterpriseId) ?? []), { pledgeId, loanId, registeredOn, appraisalFeeFen, insurancePremiumFen }]);
  }
  return out;
}

/** Policies bound on or before `asOf`, with a cancellation only once it happened (cancelledOn ≤ asOf). */
export function policiesAsOf(policies: readonly InsurancePolicyView[], asOf: string): InsurancePolicyView[] {
  return policies
    .filter((p) => p.boundOn <= asOf)
    .map((p) => (p.cancellation && p.cancellation.cancelledOn > asOf ? { ...p, cancellation: undefined } : p));
}

/** The folds of each enterprise's disbursed loans. */
function byEnterprise(folds: ReadonlyMap<string, Fold>, keep: (loan: LoanState) => boolean = () => true): Map<string, Fold[]> {
  const out = new Map<string, Fold[]>();
  for (const f of folds.values()) {
    if (!f.loan || !keep(f.loan)) continue;
    const list = out.get(f.loan.enterpriseId);
    if (list) list.push(f);
    else out.set(f.loan.enterpriseId, [f]);
  }
  return out;
}

/** Each enterprise's policies as of `asOf`. */
function policiesByEnterprise(policies: readonly InsurancePolicyView[], asOf: string): Map<string, InsurancePolicyView[]> {
  const out = new Map<string, InsurancePolicyView[]>();
  for (const p of policiesAsOf(policies, asOf)) {
    const list = out.get(p.enterpriseId);
    if (list) list.push(p);
    else out.set(p.enterpriseId, [p]);
  }
  return out;
}

/**
 * Can the loan count for a calendar year of the period? Only loans with days in a year are that year's
 * candidates (DOMAIN.md §6: "first 3 eligible loans … with days in that year"), so a loan disbursed after
 * the period, or fully repaid or written off before it starts, changes none of the period's figures.
 */
const inPeriod = (period: { fromYear: number; toYear: number }) => (loan: LoanState): boolean =>
  loan.disbursedOn <= `${period.toYear}-12-31` && (loan.disbursedOn >= `${period.fromYear}-01-01` || outstandingOn(loan, `${period.fromYear - 1}-12-31`) > 0);

export function subsidySource(deps: { registry: RegistryView; ledger: LoanLedger; insurance: InsuranceView; policy: () => PolicyBook }): SubsidySource {
  const compute = (
    enterprises: readonly EnterpriseView[],
    own: ReadonlyMap<string, Fold[]>,
    fees: ReadonlyMap<string, PledgeFees[]>,
    policies: ReadonlyMap<string, InsurancePolicyView[]>,
    asOf: string,
    book: PolicyBook,
  ): EnterpriseSubsidyData[] => {
    const insuranceAt = (d: string) => book.at('techInsurance', d);
    const subsidyAt = (d: string) => book.at('subsidy', d);
    const lprAt = (d: string) => book.at('lpr1y', d);
    return enterprises.map((e) => {
      const folds = own.get(e.enterpriseId) ?? [];
      const loans = folds.map((f) => f.loan as LoanState);
      return {
        interest: enterpriseInterestSubsidy({ enterpriseId: e.enterpriseId, loans, designationsOn: (d) => designationsValidOn(e.designations, d), subsidyAt, lprAt, asOf }),
        fees: enterpriseFeeSubsidy(e.enterpriseId, fees.get(e.enterpriseId) ?? [], subsidyAt),
        disbursedOn: new Map(loans.map((l) => [l.loanId, l.disbursedOn])),
        refusals: new Map(folds.map((f) => [f.loan!.loanId, f.refused])),
        insurance: enterpriseInsuranceSubsidy(e.enterpriseId, policies.get(e.enterpriseId) ?? [], (d) => isTechOn(e.designations, d), insuranceAt),
      };
    });
  };
  const live = (enterprises: readonly EnterpriseView[], folds: ReadonlyMap<string, Fold>, policies: readonly InsurancePolicyView[], asOf: string) =>
    compute(enterprises, byEnterprise(folds), acceptedPledgeFees(folds, asOf), policiesByEnterprise(policies, asOf), asOf, deps.policy());
  return {
    async enterprise(enterpriseId, asOf) {
      const e = await deps.registry.enterprise(enterpriseId);
      if (!e) return null;
      // Whether a pledge is accepted may depend on other enterprises' pledges of the same asset: decide all.
      const [folds, policies] = await Promise.all([deps.ledger.allLoans(), deps.insurance.policiesOf(enterpriseId)]);
      const [data] = live([e], folds, policies, asOf);
      return data ?? null;
    },
    async all(asOf) {
      const [enterprises, folds, policies] = await Promise.all([deps.registry.allEnterprises(), deps.ledger.allLoans(), deps.insurance.allPolicies()]);
      return live(enterprises, folds, policies, asOf);
    },
    async simulate(asOf, period, draft) {
      const [enterprises, folds, policies] = await Promise.all([deps.registry.allEnterprises(), deps.ledger.allLoans(), deps.insurance.allPolicies()]);
      // Pledge decisions do not depend on the subsidy policy: decided once for both books.
      const fees = acceptedPledgeFees(folds, asOf);
      const own = byEnterprise(folds, inPeriod(period));
      const held = policiesByEnterprise(policies, asOf);
      const book = deps.policy();
      return {
        prefectures: new Map(enterprises.map((e) => [e.enterpriseId, e.prefecture as string])),
        current: compute(enterprises, own, fees, held, asOf, book),
        draft: compute(enterprises, own, fees, held, asOf, draft(book)),
      };
    },
  };
}
