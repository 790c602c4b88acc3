import { z } from 'zod';

/**
 * The calendar dates the rules support: 1900-01-01 .. 2199-12-31 (DOMAIN.md; docs/api.md "Dates").
 * Every date of an event or a request is inside it, at the gateway and in every consumer (the same
 * contracts), so date arithmetic (D − 1 year, + 6 months, the re-lending term and its roll-overs,
 * ACT/360 day counts) never leaves the years it is defined for, and no year 0000–0001 reaches it.
 */
export const MIN_DATE = '1900-01-01';
export const MAX_DATE = '2199-12-31';
/** Reporting years (statistics, summaries, the report, `?year=`): the policy tables cover 2000..2100. */
export const MIN_REPORT_YEAR = 2000;
export const MAX_REPORT_YEAR = 2100;

const dateIn = (min: string, max: string, what: string) =>
  z.iso
    .date()
    .refine((d) => d >= min && d <= max, { message: `${what} must be from ${min} to ${max}`, when: (payload) => payload.issues.length === 0 })
    .meta({ description: `calendar date YYYY-MM-DD from ${min} to ${max}` });

/** Calendar date `YYYY-MM-DD` from 1900-01-01 to 2199-12-31 (no time zone: the programme counts days in local calendar dates). */
export const IsoDate = dateIn(MIN_DATE, MAX_DATE, 'a date');
/** A reporting date (`asOf` of statistics, summaries and the report): 2000-01-01 .. 2100-12-31. */
export const AsOfDate = dateIn(`${MIN_REPORT_YEAR}-01-01`, `${MAX_REPORT_YEAR}-12-31`, 'a reporting date');

/**
 * A whole number in a query string, written in plain decimal digits ("2024", "0", "-3"): no hex (`0x7E8`),
 * exponent (`1e2`), fraction, sign `+`, surrounding spaces or leading zeros — which `Number()` and
 * `z.coerce.number()` would accept. Parsed to a number, then bounded.
 */
export function queryInt(min: number, max: number) {
  return z
    .string()
    .regex(/^(0|-?[1-9][0-9]{0,14})$/, 'expected a whole number in plain decimal digits')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .meta({ description: `a whole number from ${min} to ${max} in plain decimal digits` });
}
/** `?year=` of the reporting routes: 2000..2100. */
export const QueryYear = queryInt(MIN_REPORT_YEAR, MAX_REPORT_YEAR);

/** Money in integer fen (分), never a float, within Number.isSafeInteger. */
export const Fen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** A rate or ratio in basis points. */
export const Bp = z.number().int();
export const Count = z.number().int().nonnegative().max(1_000_000_000);
