/**
 * ACT/360 simple interest (DOMAIN.md §5 re-lending interest, §6 subsidy basis).
 * Kept exact as the integer numerator fen × bp × days; the amount in fen is numerator / (10000 × 360).
 */
import { assertFen, assertSafeInt, divHalfUp, toSafeNumber, type Fen } from './fen';
import { daysBetween, type CalendarDate } from './dates';

/** 10000 bp × 360 days: divide an interest numerator by this to get fen. */
export const ACT360_DENOMINATOR = 3_600_000n;

/** principal × rate × days as an exact integer (fen·bp·days). */
export function interestNumerator(principalFen: Fen, rateBp: number, days: number): bigint {
  assertFen(principalFen, 'principalFen');
  assertSafeInt(rateBp, 'rateBp');
  assertSafeInt(days, 'days');
  return BigInt(principalFen) * BigInt(rateBp) * BigInt(days);
}

/** Rounds an accumulated interest numerator to fen, half-up. */
export function interestNumeratorToFen(numerator: bigint): Fen {
  return toSafeNumber(divHalfUp(numerator, ACT360_DENOMINATOR), 'interest');
}

/** Interest on `principalFen` at `rateBp` over [fromDate, toDateExclusive), ACT/360, fen half-up. */
export function act360InterestFen(principalFen: Fen, rateBp: number, fromDate: CalendarDate, toDateExclusive: CalendarDate): Fen {
  const days = daysBetween(fromDate, toDateExclusive);
  if (days < 0) throw new RangeError(`interest period ends before it starts: ${fromDate} .. ${toDateExclusive}`);
  return interestNumeratorToFen(interestNumerator(principalFen, rateBp, days));
}
