/**
 * The loan book of 2023–2024, calibrated constructively (DOMAIN.md §7–8). Category totals are fixed first
 * and split over loans with exact integer arithmetic (amounts in 万元 units):
 *
 *   balance 2023     = Σ o23 of the A, B, C base loans (all disbursed in 2023, tech borrowers)
 *   credit  2023     = Σ principal of the credit base loans
 *   IP balance 2023  = Σ o23 of the ip_pledge base loans;  IP times 2023 = their number
 *   credit  2024     = Σ principal of the credit loans of 2024 (A2, D1a, D2 borrowers, all tech)
 *   IP balance 2024  = Σ o24 of A's ip base loans + Σ o24 of 2024's ip loans;  IP times 2024 = their number
 *   balance 2024     = Σ o24 of A's base loans + D1b's 2023 loans + the 2024 loans
 *
 * where o23/o24 are outstanding balances at the year ends. A's base-loan balances at end 2024 absorb the
 * remainder (they are fitted within [1, o23], so every A enterprise stays supported).
 */
import { addDays, addMonths, toEpochDay } from '@techcredit/money';
import type { GuaranteeType } from '@techcredit/stats/src/domain';
import { bankWeights } from './banks';
import type { Targets } from './calibration';
import type { Cohort, CohortSizes } from './cohorts';
import type { Rng } from './prng';
import { dateBetween, type GeneratedEnterprise } from './registry';
import { fitToSum, splitByWeights, splitWithMin } from './split';

type Kind = 'credit' | 'ip' | 'other';

export interface PlannedMovement {
  kind: 'repaid' | 'written_off';
  on: string;
  /** 万元 units. */
  amount: number;
}

export interface LoanPlan {
  enterpriseId: string;
  cohort: Cohort;
  guaranteeType: GuaranteeType;
  bankId: string;
  disbursedOn: string;
  maturityOn: string;
  rateBp: number;
  /** 万元 units. */
  principal: number;
  movements: PlannedMovement[];
}

/** Scenario shares (of the scale-1 targets) for the parts the published figures leave free. */
const SHARES = {
  baseCreditPct: 30, // of the non-IP base loans
  loans2024OtherPct: 20, // of the non-IP 2024 loans
  d1bBalanceBp: 75, // D1b's 2023 loans, bp of balance 2024
  other2024BalancePermille: 134, // guarantee/collateral loans of 2024, ‰ of balance 2024
  credit2024RepaidPct: 8, // repaid within 2024, of credit issued in 2024
  ipRetainedPct: 35, // IP balance 2024 carried by A's 2023 IP loans
} as const;

/** Loan sizes in 万元 by class: [low, high, weight]; splitting rescales them to the category total. */
const SIZE_CLASSES: Record<Kind, readonly (readonly [number, number, number])[]> = {
  credit: [[100, 500, 30], [500, 2_000, 35], [2_000, 8_000, 25], [8_000, 30_000, 9], [30_000, 100_000, 1]],
  ip: [[100, 500, 40], [500, 2_000, 45], [2_000, 6_000, 15]],
  other: [[300, 2_000, 30], [2_000, 8_000, 40], [8_000, 30_000, 25], [30_000, 150_000, 5]],
};
const RATE_BP: Record<GuaranteeType, readonly [number, number]> = {
  credit: [300, 400],
  ip_pledge: [330, 450],
  guarantee: [340, 480],
  collateral: [300, 420],
};

function drawSize(rng: Rng, kind: Kind): number {
  const [lo, hi] = rng.weighted(SIZE_CLASSES[kind].map((c) => [c, c[2]] as const));
  return rng.int(lo, hi);
}

/** Split `total` units over `n` loans by drawn sizes, each at least min(100万元, a quarter of the mean). */
function allocate(rng: Rng, total: number, n: number, kind: Kind): number[] {
  if (n === 0) {
    if (total !== 0) throw new RangeError(`no loans to carry ${total} units`);
    return [];
  }
  if (total < n) throw new RangeError(`scale too small: ${total} units over ${n} loans`);
  const min = Math.max(1, Math.min(100, Math.floor(total / n / 4)));
  return splitWithMin(total, Array.from({ length: n }, () => drawSize(rng, kind)), min);
}

/** `floor(x × pct / 100)`. */
const pctOf = (x: number, pct: number): number => Math.floor((x * pct) / 100);

/** Kinds for n loans: nIp IP loans, creditPct % of the rest credit, the others guarantee/collateral; shuffled. */
function kinds(rng: Rng, n: number, nIp: number, creditPct: number): Kind[] {
  if (nIp > n) throw new RangeError(`${nIp} IP loans among ${n}`);
  const nCredit = Math.round(((n - nIp) * creditPct) / 100);
  const list: Kind[] = [...Array<Kind>(nIp).fill('ip'), ...Array<Kind>(nCredit).fill('credit'), ...Array<Kind>(n - nIp - nCredit).fill('other')];
  return rng.shuffle(list);
}

function guaranteeOf(rng: Rng, kind: Kind): GuaranteeType {
  if (kind === 'credit') return 'credit';
  if (kind === 'ip') return 'ip_pledge';
  return rng.chance(40) ? 'guarantee' : 'collateral';
}

function newLoan(rng: Rng, e: GeneratedEnterprise, guaranteeType: GuaranteeType, disbursedOn: string, termMonths: number): LoanPlan {
  const [lo, hi] = RATE_BP[guaranteeType];
  return {
    enterpriseId: e.enterpriseId,
    cohort: e.cohort,
    guaranteeType,
    bankId: rng.weighted(bankWeights),
    disbursedOn,
    maturityOn: addMonths(disbursedOn, termMonths),
    rateBp: rng.int(lo, hi),
    principal: 0,
    movements: [],
  };
}

const sum = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0);

/** A repayment dated at least 30 days after disbursement and no later than `until`. */
function repayAfter(rng: Rng, loan: LoanPlan, amount: number, until: string): void {
  if (amount > 0) loan.movements.push({ kind: 'repaid', on: dateBetween(rng, addDays(loan.disbursedOn, 30), until), amount });
}

interface Outstanding {
  loan: LoanPlan;
  kind: Kind;
  o23: number;
}

/** The 2023 loans of A, B, C: one each; totals per (cohort, kind) cell in proportion to the cell sizes. */
function baseLoans(rng: Rng, ents: readonly GeneratedEnterprise[], t: Targets): Outstanding[] {
  const ks = kinds(rng, ents.length, t.ipTimes2023, SHARES.baseCreditPct);
  const rows = ents.map((e, i) => {
    const kind = ks[i] as Kind;
    const d = dateBetween(rng, '2023-01-03', '2023-12-28');
    const loan = newLoan(rng, e, guaranteeOf(rng, kind), d, e.cohort === 'C' ? 12 : rng.pick([24, 36]));
    return { loan, kind, o23: 0 };
  });
  const canRepay2023 = (r: Outstanding): boolean => r.loan.disbursedOn <= '2023-10-31';
  /** Split a kind's total over the cohort cells (∝ sizes), then over each cell's loans. */
  const distribute = (kind: Kind, total: number, set: (r: Outstanding, units: number) => void): void => {
    const cells = (['A', 'B', 'C'] as const).map((c) => rows.filter((r) => r.kind === kind && r.loan.cohort === c));
    const totals = splitByWeights(total, cells.map((c) => c.length));
    cells.forEach((cell, i) => allocate(rng, totals[i] ?? 0, cell.length, kind).forEach((u, j) => set(cell[j] as Outstanding, u)));
  };
  // credit: principal fixed (credit issued 2023), partly repaid within 2023
  distribute('credit', t.credit2023, (r, p) => {
    r.loan.principal = p;
    const repaid = canRepay2023(r) && rng.chance(50) ? pctOf(p, rng.int(10, 40)) : 0;
    repayAfter(rng, r.loan, repaid, '2023-12-31');
    r.o23 = p - repaid;
  });
  const creditO23 = sum(rows.filter((r) => r.kind === 'credit').map((r) => r.o23));
  const setOutstanding = (r: Outstanding, o23: number): void => {
    const repaid = canRepay2023(r) && rng.chance(35) ? pctOf(o23, rng.int(5, 40)) : 0;
    r.loan.principal = o23 + repaid;
    repayAfter(rng, r.loan, repaid, '2023-12-31');
    r.o23 = o23;
  };
  distribute('ip', t.ipBalance2023, setOutstanding);
  distribute('other', t.balance2023 - t.ipBalance2023 - creditO23, setOutstanding);
  return rows;
}

/** C: fully repaid at maturity in 2024, or written off (IP loans first, so pledged write-offs occur). */
function settleC(rng: Rng, rows: readonly Outstanding[], writeOffs: number): void {
  const ip = rng.shuffle(rows.filter((r) => r.kind === 'ip'));
  const others = rng.shuffle(rows.filter((r) => r.kind !== 'ip'));
  const nIp = Math.min(ip.length, Math.ceil(writeOffs / 4));
  const off = new Set([...ip.slice(0, nIp), ...others.slice(0, writeOffs - nIp)]);
  for (const r of rows) {
    if (off.has(r)) {
      const on = addDays(r.loan.maturityOn, 90) < '2024-12-30' ? addDays(r.loan.maturityOn, 90) : '2024-12-30';
      r.loan.movements.push({ kind: 'written_off', on, amount: r.o23 });
    } else r.loan.movements.push({ kind: 'repaid', on: r.loan.maturityOn, amount: r.o23 });
  }
}

/** B: the loans run on (not counted: the borrower is no longer tech); some repaid in part, a few written off. */
function settleB(rng: Rng, rows: readonly Outstanding[], writeOffs: number): void {
  const off = new Set(rng.shuffle(rows).slice(0, writeOffs));
  for (const r of rows) {
    if (off.has(r)) r.loan.movements.push({ kind: 'written_off', on: dateBetween(rng, '2024-03-01', '2024-12-30'), amount: r.o23 });
    else if (rng.chance(50)) {
      const amount = pctOf(r.o23, rng.int(10, 60));
      if (amount > 0) r.loan.movements.push({ kind: 'repaid', on: dateBetween(rng, '2024-01-02', '2024-12-31'), amount });
    }
  }
}

/** Fit A's balances at end 2024 to `target` within [1, o23] and book the 2024 repayments. */
function fitA(rng: Rng, rows: readonly Outstanding[], target: number): void {
  if (rows.length === 0) return;
  const o23 = rows.map((r) => r.o23);
  const initial = o23.map((o) => Math.max(1, pctOf(o, rng.int(30, 100))));
  const o24 = fitToSum(initial, o23.map(() => 1), o23, target);
  rows.forEach((r, i) => {
    const repaid = r.o23 - (o24[i] ?? 0);
    if (repaid > 0) r.loan.movements.push({ kind: 'repaid', on: dateBetween(rng, '2024-01-02', '2024-12-31'), amount: repaid });
  });
}

/** Plan every loan of the scenario. */
export function planLoans(rng: Rng, ents: readonly GeneratedEnterprise[], sizes: CohortSizes, t: Targets): LoanPlan[] {
  const of = (c: Cohort) => ents.filter((e) => e.cohort === c);
  const s = (x: number): number => Math.round(x * t.scale);
  const loans: LoanPlan[] = [];

  // 2023 base loans of A, B, C
  const base = baseLoans(rng, ents.filter((e) => e.cohort === 'A' || e.cohort === 'B' || e.cohort === 'C'), t);
  loans.push(...base.map((r) => r.loan));
  const inCohort = (c: Cohort) => base.filter((r) => r.loan.cohort === c);
  settleC(rng, inCohort('C'), Math.min(sizes.C, Math.max(1, s(20))));
  settleB(rng, inCohort('B'), Math.min(sizes.B, s(5)));

  // D1b: borrowed in 2023 before becoming tech; counted from 2024 only
  const d1b = of('D1b');
  const d1bPrincipal = allocate(rng, d1b.length === 0 ? 0 : Math.round((t.balance2024 * SHARES.d1bBalanceBp) / 10_000), d1b.length, 'other');
  d1b.forEach((e, i) => {
    const loan = newLoan(rng, e, rng.chance(40) ? 'guarantee' : 'collateral', dateBetween(rng, '2023-01-03', '2023-12-28'), 36);
    loan.principal = d1bPrincipal[i] ?? 0;
    loans.push(loan);
  });

  // A's IP base loans: their share of the IP balance 2024
  const aIp = inCohort('A').filter((r) => r.kind === 'ip');
  const ipRetained = aIp.length === 0 ? 0 : Math.max(aIp.length, Math.min(Math.round((t.ipBalance2024 * SHARES.ipRetainedPct) / 100), pctOf(sum(aIp.map((r) => r.o23)), 90)));
  fitA(rng, aIp, ipRetained);

  // 2024 loans: a third of A borrow again; every D1a and D2 enterprise borrows for the first time
  const borrowers = [...rng.shuffle(of('A')).slice(0, sizes.A2), ...of('D1a'), ...of('D2')];
  const ks = kinds(rng, borrowers.length, t.ipTimes2024, 100 - SHARES.loans2024OtherPct);
  const rows = borrowers.map((e, i) => {
    // a newcomer borrows only after its first designation, so its loan counts as issued to a tech enterprise
    const firstTech = e.grants.reduce((m, g) => (g.validFrom < m ? g.validFrom : m), '9999-12-31');
    const from = e.cohort === 'D1a' ? addDays(firstTech, 7) : '2024-01-02';
    const kind = ks[i] as Kind;
    return { kind, loan: newLoan(rng, e, guaranteeOf(rng, kind), dateBetween(rng, from, '2024-12-27'), rng.pick([12, 24, 36])) };
  });
  loans.push(...rows.map((r) => r.loan));
  const canRepay2024 = (l: LoanPlan): boolean => l.disbursedOn <= '2024-10-31';
  // credit: principal = credit issued 2024; a share repaid within the year
  const credit = rows.filter((r) => r.kind === 'credit').map((r) => r.loan);
  allocate(rng, t.credit2024, credit.length, 'credit').forEach((p, i) => ((credit[i] as LoanPlan).principal = p));
  const cap = credit.map((l) => (canRepay2024(l) ? Math.floor(l.principal / 2) : 0));
  const initial = credit.map((l, i) => Math.min(cap[i] ?? 0, rng.chance(40) ? pctOf(l.principal, rng.int(10, 40)) : 0));
  const repaidTarget = Math.min(Math.round((t.credit2024 * SHARES.credit2024RepaidPct) / 100), sum(cap));
  const repaid = fitToSum(initial, credit.map(() => 0), cap, repaidTarget);
  credit.forEach((l, i) => repayAfter(rng, l, repaid[i] ?? 0, '2024-12-31'));
  const credit2024O24 = t.credit2024 - sum(repaid);
  // IP and other 2024 loans: outstanding fixed, principal above it by what was repaid
  const setO24 = (kind: Kind, total: number): number => {
    const ls = rows.filter((r) => r.kind === kind).map((r) => r.loan);
    allocate(rng, total, ls.length, kind).forEach((o24, i) => {
      const l = ls[i] as LoanPlan;
      const back = canRepay2024(l) && rng.chance(30) ? pctOf(o24, rng.int(5, 30)) : 0;
      l.principal = o24 + back;
      repayAfter(rng, l, back, '2024-12-31');
    });
    return total;
  };
  setO24('ip', t.ipBalance2024 - ipRetained);
  const other2024 = setO24('other', rows.some((r) => r.kind === 'other') ? Math.round((t.balance2024 * SHARES.other2024BalancePermille) / 1000) : 0);

  // A's other base loans absorb the rest of balance 2024
  const aRest = inCohort('A').filter((r) => r.kind !== 'ip');
  const target = t.balance2024 - t.ipBalance2024 - sum(d1bPrincipal) - credit2024O24 - other2024;
  if (target < aRest.length || target > sum(aRest.map((r) => r.o23))) throw new RangeError(`calibration infeasible at scale ${t.scale}`);
  fitA(rng, aRest, target);

  loans.push(...uncountedLoans(rng, of('E1'), of('F')));
  return loans;
}

/** Loans that never count: E1's repaid within 2023; F's (never tech), some of them credit and IP loans. */
function uncountedLoans(rng: Rng, e1: readonly GeneratedEnterprise[], f: readonly GeneratedEnterprise[]): LoanPlan[] {
  const out: LoanPlan[] = [];
  for (const e of e1) {
    const loan = newLoan(rng, e, rng.chance(40) ? 'guarantee' : 'collateral', dateBetween(rng, '2023-01-03', '2023-06-30'), 6);
    loan.principal = drawSize(rng, 'other');
    loan.movements.push({ kind: 'repaid', on: loan.maturityOn, amount: loan.principal });
    out.push(loan);
  }
  const types: readonly (readonly [GuaranteeType, number])[] = [['credit', 40], ['ip_pledge', 20], ['guarantee', 20], ['collateral', 20]];
  for (const e of f) {
    for (const year of [2023, 2024]) {
      const type = rng.weighted(types);
      const loan = newLoan(rng, e, type, dateBetween(rng, `${year}-01-03`, `${year}-12-28`), 12);
      loan.principal = drawSize(rng, type === 'credit' ? 'credit' : type === 'ip_pledge' ? 'ip' : 'other');
      if (year === 2023) loan.movements.push({ kind: 'repaid', on: loan.maturityOn, amount: loan.principal });
      out.push(loan);
    }
  }
  return out;
}

/** Epoch-day order of loans (for ids). */
export const byDisbursement = (a: LoanPlan, b: LoanPlan): number =>
  toEpochDay(a.disbursedOn) - toEpochDay(b.disbursedOn) || (a.enterpriseId < b.enterpriseId ? -1 : a.enterpriseId > b.enterpriseId ? 1 : 0);
