/**
 * Calendar dates as `YYYY-MM-DD` strings (no time zones, preamble). Arithmetic goes through epoch days
 * (days since 1970-01-01 in the proleptic Gregorian calendar), computed without `Date`.
 * Invalid input throws RangeError (a programmer error: validate external input with zod first).
 */

/** A calendar date string `YYYY-MM-DD`. */
export type CalendarDate = string;
/** A quarter string `YYYYQn`, e.g. "2024Q3". */
export type Quarter = string;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const QUARTER_RE = /^(\d{4})Q([1-4])$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for a real calendar date in `YYYY-MM-DD` form (years 0001–9999). */
export function isIsoDate(s: unknown): s is CalendarDate {
  if (typeof s !== 'string') return false;
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Parses `YYYY-MM-DD`; throws RangeError if it is not a real calendar date. */
export function parseDate(s: CalendarDate): DateParts {
  if (!isIsoDate(s)) throw new RangeError(`not a calendar date YYYY-MM-DD: ${JSON.stringify(s)}`);
  return { year: Number(s.slice(0, 4)), month: Number(s.slice(5, 7)), day: Number(s.slice(8, 10)) };
}

/** Formats parts as `YYYY-MM-DD`; throws RangeError if they are not a real date. */
export function formatDate(year: number, month: number, day: number): CalendarDate {
  const s = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!Number.isInteger(year) || !isIsoDate(s)) throw new RangeError(`not a calendar date: ${year}-${month}-${day}`);
  return s;
}

/** Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
export function toEpochDay(d: CalendarDate): number {
  const { year, month, day } = parseDate(d);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date `n` days after 1970-01-01 (Hinnant's civil_from_days). */
export function fromEpochDay(n: number): CalendarDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`epoch day must be an integer, got ${n}`);
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return formatDate(year, month, day);
}

export function addDays(d: CalendarDate, n: number): CalendarDate {
  return fromEpochDay(toEpochDay(d) + n);
}

/** Calendar months, clamped to the month end: 2024-01-31 + 1 month = 2024-02-29. */
export function addMonths(d: CalendarDate, n: number): CalendarDate {
  if (!Number.isInteger(n)) throw new RangeError(`months must be an integer, got ${n}`);
  const { year, month, day } = parseDate(d);
  const total = year * 12 + (month - 1) + n;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return formatDate(y, m, Math.min(day, daysInMonth(y, m)));
}

/** Calendar years; Feb 29 → Feb 28 in a non-leap year (DOMAIN.md §7). */
export function addYears(d: CalendarDate, n: number): CalendarDate {
  return addMonths(d, n * 12);
}

/** The same month and day a year earlier (Feb 29 → Feb 28), DOMAIN.md §7 "D − 1 year". */
export function oneYearBefore(d: CalendarDate): CalendarDate {
  return addYears(d, -1);
}

/** b − a in days. */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** −1, 0 or 1 (also usable as an Array.sort comparator). Both arguments are validated. */
export function compareDates(a: CalendarDate, b: CalendarDate): -1 | 0 | 1 {
  parseDate(a);
  parseDate(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minDate(first: CalendarDate, ...rest: CalendarDate[]): CalendarDate {
  return rest.reduce((m, d) => (compareDates(d, m) < 0 ? d : m), (parseDate(first), first));
}

export function maxDate(first: CalendarDate, ...rest: CalendarDate[]): CalendarDate {
  return rest.reduce((m, d) => (compareDates(d, m) > 0 ? d : m), (parseDate(first), first));
}

export function yearOf(d: CalendarDate): number {
  return parseDate(d).year;
}

export function startOfYear(year: number): CalendarDate {
  return formatDate(year, 1, 1);
}

/** "YYYY-12-31". */
export function endOfYear(year: number): CalendarDate {
  return formatDate(year, 12, 31);
}

export function isQuarter(s: unknown): s is Quarter {
  return typeof s === 'string' && QUARTER_RE.test(s) && Number(s.slice(0, 4)) >= 1;
}

function parseQuarter(q: Quarter): { year: number; n: number } {
  if (!isQuarter(q)) throw new RangeError(`not a quarter YYYYQn: ${JSON.stringify(q)}`);
  return { year: Number(q.slice(0, 4)), n: Number(q.slice(5)) };
}

/** "2024-08-15" → "2024Q3". */
export function quarterOf(d: CalendarDate): Quarter {
  const { year, month } = parseDate(d);
  return `${String(year).padStart(4, '0')}Q${Math.floor((month - 1) / 3) + 1}`;
}

/** "2024Q3" → { start: "2024-07-01", end: "2024-09-30" } (both inclusive). */
export function quarterBounds(q: Quarter): { start: CalendarDate; end: CalendarDate } {
  const { year, n } = parseQuarter(q);
  const start = formatDate(year, (n - 1) * 3 + 1, 1);
  return { start, end: addDays(addMonths(start, 3), -1) };
}

/** "2024Q4" → "2025Q1". */
export function nextQuarter(q: Quarter): Quarter {
  return quarterOf(nextQuarterStart(q));
}

/** The first day of the quarter after `q` ("2024Q4" → "2025-01-01"), the re-lending application date (§5). */
export function nextQuarterStart(q: Quarter): CalendarDate {
  return addMonths(quarterBounds(q).start, 3);
}

/**
 * Age in whole years: the largest n with addYears(from, n) ≤ to (negative when to < from).
 * Consistent with addYears, so an enterprise founded 2020-02-29 is 1 year old on 2021-02-28.
 */
export function wholeYearsBetween(from: CalendarDate, to: CalendarDate): number {
  let n = yearOf(to) - yearOf(from);
  while (compareDates(addYears(from, n), to) > 0) n -= 1;
  while (compareDates(addYears(from, n + 1), to) <= 0) n += 1;
  return n;
}

export interface YearSpan {
  year: number;
  from: CalendarDate;
  toExclusive: CalendarDate;
  days: number;
}

/** Splits the half-open range [from, toExclusive) into calendar-year pieces (empty if toExclusive ≤ from). */
export function eachYearSpan(from: CalendarDate, toExclusive: CalendarDate): YearSpan[] {
  const spans: YearSpan[] = [];
  let cur = from;
  while (compareDates(cur, toExclusive) < 0) {
    const year = yearOf(cur);
    const end = minDate(startOfYear(year + 1), toExclusive);
    spans.push({ year, from: cur, toExclusive: end, days: daysBetween(cur, end) });
    cur = end;
  }
  return spans;
}

/** The last day of the month of `d`. */
export function endOfMonth(d: CalendarDate): CalendarDate {
  const { year, month } = parseDate(d);
  return formatDate(year, month, daysInMonth(year, month));
}

/** How many month ends E satisfy from ≤ E ≤ to (0 when to < from), without listing them. */
export function monthEndsBetween(from: CalendarDate, to: CalendarDate): number {
  const a = parseDate(from);
  const b = parseDate(to);
  const first = a.year * 12 + a.month - 1; // the month of `from`: its end is ≥ from
  const last = b.year * 12 + b.month - 1 - (endOfMonth(to) === to ? 0 : 1); // the month of `to` counts only if `to` is its end
  return Math.max(0, last - first + 1);
}

/** The month ends E with from ≤ E ≤ to, in order (a monthly series' points); at most `max`, else RangeError. */
export function monthEnds(from: CalendarDate, to: CalendarDate, max: number): CalendarDate[] {
  const n = monthEndsBetween(from, to);
  if (n > max) throw new RangeError(`${n} month ends from ${from} to ${to}, more than ${max}`);
  const { year, month } = parseDate(from);
  const first = formatDate(year, month, 1);
  return Array.from({ length: n }, (_, i) => endOfMonth(addMonths(first, i)));
}
