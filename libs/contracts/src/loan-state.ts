/**
 * The pure state of one loan folded from its events (DOMAIN.md §4–7), shared by pledge, relending,
 * subsidy and stats. Dates are `YYYY-MM-DD` strings, which compare correctly as strings.
 *
 * Balance on D (end of day, §7) = principal if disbursed on or before D − repayments on or before D −
 * write-offs on or before D. The state is canonical: movements and extensions are kept sorted, and
 * duplicates (same event id) are ignored, so the same set of events gives the same state in any order.
 */
import type { GuaranteeType, LoanDisbursed, LoanEventLike, LoanExtended } from './loans';

export type MovementKind = 'repaid' | 'written_off';

/** A repayment or write-off; `eventId` is the id of the event that recorded it (dedupe key). */
export interface LoanMovement {
  kind: MovementKind;
  amountFen: number;
  on: string;
  eventId: string;
}

export interface LoanExtension {
  maturityOn: string;
  extendedOn: string;
  eventId: string;
}

export interface LoanState {
  loanId: string;
  bankId: string;
  enterpriseId: string;
  principalFen: number;
  rateBp: number;
  disbursedOn: string;
  /** The current maturity: the latest extension (by extendedOn, then event id), else the original. */
  maturityOn: string;
  /** The maturity agreed at disbursement (re-lending eligibility is judged on it, §5). */
  originalMaturityOn: string;
  guaranteeType: GuaranteeType;
  /** The bank's product the loan was made under (`loan.disbursed` v2, §11); absent for v1. */
  productId?: string;
  /** Sorted by date, then kind, then event id. */
  movements: LoanMovement[];
  /** Sorted by extendedOn, then event id. */
  extensions: LoanExtension[];
}

export type MovementRefusal = 'EXCEEDS_BALANCE' | 'BEFORE_DISBURSEMENT' | 'WRONG_LOAN';
export type MovementResult =
  | { ok: true; loan: LoanState; duplicate: boolean }
  | { ok: false; reason: MovementRefusal; message: string };

/** The state right after `loan.disbursed`. */
export function loanFromDisbursement(d: LoanDisbursed): LoanState {
  return {
    loanId: d.loanId,
    bankId: d.bankId,
    enterpriseId: d.enterpriseId,
    principalFen: d.principalFen,
    rateBp: d.rateBp,
    disbursedOn: d.disbursedOn,
    maturityOn: d.maturityOn,
    originalMaturityOn: d.maturityOn,
    guaranteeType: d.guaranteeType,
    ...(d.productId === undefined ? {} : { productId: d.productId }),
    movements: [],
    extensions: [],
  };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const movementOrder = (a: LoanMovement, b: LoanMovement): number =>
  cmp(a.on, b.on) || cmp(a.kind, b.kind) || cmp(a.eventId, b.eventId);

function sumMovements(loan: LoanState, upTo?: string, kind?: MovementKind): number {
  let total = 0;
  for (const m of loan.movements) {
    if ((upTo === undefined || m.on <= upTo) && (kind === undefined || m.kind === kind)) total += m.amountFen;
  }
  return total;
}

/** Outstanding balance at the end of `date` (0 before disbursement). */
export function outstandingOn(loan: LoanState, date: string): number {
  if (date < loan.disbursedOn) return 0;
  return loan.principalFen - sumMovements(loan, date);
}

/** Principal minus every recorded movement, whatever its date (the balance after the last one). */
export function recordedBalance(loan: LoanState): number {
  return loan.principalFen - sumMovements(loan);
}

/** Σ repayments (or write-offs) on or before `upTo` (all if omitted). */
export function totalMovements(loan: LoanState, kind: MovementKind, upTo?: string): number {
  return sumMovements(loan, upTo, kind);
}

/**
 * Records a repayment or write-off. Refused (a value, not a throw) when it is dated before the
 * disbursement or exceeds principal − ALL recorded movements: for a valid stream every subset of its
 * movements passes this check, so the order of arrival does not matter. The same event id twice is a
 * no-op (`duplicate: true`).
 */
export function applyRepayment(loan: LoanState, movement: LoanMovement & { loanId?: string }): MovementResult {
  if (movement.loanId !== undefined && movement.loanId !== loan.loanId) {
    return { ok: false, reason: 'WRONG_LOAN', message: `movement for ${movement.loanId} applied to loan ${loan.loanId}` };
  }
  if (loan.movements.some((m) => m.eventId === movement.eventId)) return { ok: true, loan, duplicate: true };
  if (movement.on < loan.disbursedOn) {
    return {
      ok: false,
      reason: 'BEFORE_DISBURSEMENT',
      message: `${movement.kind} on ${movement.on} precedes the disbursement on ${loan.disbursedOn}`,
    };
  }
  const balance = recordedBalance(loan);
  if (movement.amountFen > balance) {
    return {
      ok: false,
      reason: 'EXCEEDS_BALANCE',
      message: `${movement.kind} of ${movement.amountFen} fen exceeds the balance of ${balance} fen of loan ${loan.loanId}`,
    };
  }
  const { kind, amountFen, on, eventId } = movement;
  const movements = [...loan.movements, { kind, amountFen, on, eventId }].sort(movementOrder);
  return { ok: true, loan: { ...loan, movements }, duplicate: false };
}

/** Records an extension; the current maturity is the latest by extendedOn (then event id). Idempotent. */
export function applyExtension(loan: LoanState, ext: Pick<LoanExtended, 'maturityOn' | 'extendedOn'> & { eventId: string }): LoanState {
  if (loan.extensions.some((e) => e.eventId === ext.eventId)) return loan;
  const extensions = [...loan.extensions, { maturityOn: ext.maturityOn, extendedOn: ext.extendedOn, eventId: ext.eventId }].sort(
    (a, b) => cmp(a.extendedOn, b.extendedOn) || cmp(a.eventId, b.eventId),
  );
  const last = extensions[extensions.length - 1];
  return { ...loan, extensions, maturityOn: last ? last.maturityOn : loan.originalMaturityOn };
}

/** True if some write-off is recorded (on or before `asOf` if given). */
export function isWrittenOff(loan: LoanState, asOf?: string): boolean {
  return loan.movements.some((m) => m.kind === 'written_off' && (asOf === undefined || m.on <= asOf));
}

/** True if repayments alone brought the balance to 0 (on or before `asOf` if given). */
export function isFullyRepaid(loan: LoanState, asOf?: string): boolean {
  if (isWrittenOff(loan, asOf)) return false;
  const balance = asOf === undefined ? recordedBalance(loan) : outstandingOn(loan, asOf);
  return balance === 0 && (asOf === undefined || asOf >= loan.disbursedOn);
}

/** The date the balance reached 0 (the last movement's date), or undefined while outstanding. */
export function settledOn(loan: LoanState): string | undefined {
  if (recordedBalance(loan) > 0) return undefined;
  return loan.movements[loan.movements.length - 1]?.on;
}

/** A run of days [from, toExclusive) with a constant positive balance; toExclusive null = still running. */
export interface BalanceSegment {
  from: string;
  toExclusive: string | null;
  balanceFen: number;
}

/**
 * The balance as positive, constant segments from the disbursement. A movement dated d lowers the
 * balance from day d on (the day of a repayment does not accrue on the repaid amount, §6).
 */
export function balanceSegments(loan: LoanState): BalanceSegment[] {
  const dates = [...new Set(loan.movements.map((m) => m.on))].filter((d) => d > loan.disbursedOn);
  const starts = [loan.disbursedOn, ...dates];
  const segments: BalanceSegment[] = [];
  starts.forEach((from, i) => {
    const balanceFen = outstandingOn(loan, from);
    if (balanceFen > 0) segments.push({ from, toExclusive: starts[i + 1] ?? null, balanceFen });
  });
  return segments;
}

export interface LoanFoldRefusal {
  eventId: string;
  type: string;
  reason: MovementRefusal | 'DUPLICATE_DISBURSEMENT';
  message: string;
}

export interface LoanFold {
  /** Undefined until the `loan.disbursed` event is among the events. */
  loan: LoanState | undefined;
  /** Movements and extensions that wait for the disbursement (parked, not refused). */
  pending: LoanEventLike[];
  refused: LoanFoldRefusal[];
}

const canonicalOrder = (e: LoanEventLike): string => {
  switch (e.type) {
    case 'loan.repaid':
      return `${e.data.repaidOn}|repaid`;
    case 'loan.written_off':
      return `${e.data.writtenOffOn}|written_off`;
    case 'loan.extended':
      return `${e.data.extendedOn}|extended`;
    default:
      return '';
  }
};

/**
 * Folds the events of ONE loan (pledge events are ignored). Duplicates by event id are dropped and
 * the rest are applied in a canonical order (disbursement first, then by date, kind and event id), so
 * the result does not depend on the order or repetition of arrival.
 */
export function foldLoanEvents(events: readonly LoanEventLike[]): LoanFold {
  const unique = new Map<string, LoanEventLike>();
  for (const e of events) if (!unique.has(e.id)) unique.set(e.id, e);
  const all = [...unique.values()].sort((a, b) => cmp(canonicalOrder(a), canonicalOrder(b)) || cmp(a.id, b.id));
  const refused: LoanFoldRefusal[] = [];
  let loan: LoanState | undefined;
  for (const e of all) {
    if (e.type !== 'loan.disbursed') continue;
    if (loan === undefined) loan = loanFromDisbursement(e.data);
    else refused.push({ eventId: e.id, type: e.type, reason: 'DUPLICATE_DISBURSEMENT', message: `loan ${e.data.loanId} is already disbursed` });
  }
  const pending: LoanEventLike[] = [];
  for (const e of all) {
    if (e.type === 'loan.disbursed' || e.type === 'pledge.registered' || e.type === 'pledge.released') continue;
    if (loan === undefined) {
      pending.push(e);
      continue;
    }
    if (e.type === 'loan.extended') {
      loan = applyExtension(loan, { ...e.data, eventId: e.id });
      continue;
    }
    const movement: LoanMovement & { loanId: string } =
      e.type === 'loan.repaid'
        ? { kind: 'repaid', amountFen: e.data.amountFen, on: e.data.repaidOn, eventId: e.id, loanId: e.data.loanId }
        : { kind: 'written_off', amountFen: e.data.amountFen, on: e.data.writtenOffOn, eventId: e.id, loanId: e.data.loanId };
    const r = applyRepayment(loan, movement);
    if (r.ok) loan = r.loan;
    else refused.push({ eventId: e.id, type: e.type, reason: r.reason, message: r.message });
  }
  return { loan, pending, refused };
}

/** Groups events by loanId and folds each loan (see {@link foldLoanEvents}). */
export function foldLoans(events: readonly LoanEventLike[]): Map<string, LoanFold> {
  const byLoan = new Map<string, LoanEventLike[]>();
  for (const e of events) {
    const list = byLoan.get(e.data.loanId);
    if (list) list.push(e);
    else byLoan.set(e.data.loanId, [e]);
  }
  const out = new Map<string, LoanFold>();
  for (const [loanId, list] of [...byLoan.entries()].sort((a, b) => cmp(a[0], b[0]))) out.set(loanId, foldLoanEvents(list));
  return out;
}
