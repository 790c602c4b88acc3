import fc from 'fast-check';
import {
  addDays,
  addMonths,
  addYears,
  compareDates,
  daysBetween,
  eachYearSpan,
  endOfMonth,
  endOfYear,
  formatDate,
  fromEpochDay,
  isIsoDate,
  isQuarter,
  maxDate,
  minDate,
  monthEnds,
  monthEndsBetween,
  nextQuarter,
  nextQuarterStart,
  oneYearBefore,
  parseDate,
  quarterBounds,
  quarterOf,
  toEpochDay,
  wholeYearsBetween,
  yearOf,
} from './dates';

/** Arbitrary valid date between 1901 and 2099. */
const date = fc
  .integer({ min: toEpochDay('1901-01-01'), max: toEpochDay('2099-12-31') })
  .map((n) => fromEpochDay(n));
/** A date whose day of month is ≤ 28 (never clamped by month/year arithmetic). */
const unclampedDate = fc
  .record({ y: fc.integer({ min: 1901, max: 2099 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => formatDate(y, m, d));

describe('parsing', () => {
  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true); // divisible by 400
    expect(isIsoDate('1900-02-29')).toBe(false); // divisible by 100
    expect(isIsoDate('2024-04-31')).toBe(false);
    expect(isIsoDate('2024-4-01')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-01-01T00:00:00Z')).toBe(false);
    expect(isIsoDate(20240101)).toBe(false);
    expect(parseDate('2024-07-22')).toEqual({ year: 2024, month: 7, day: 22 });
    expect(() => parseDate('2024-02-30')).toThrow(RangeError);
  });

  it('epoch days agree with Date.UTC', () => {
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(toEpochDay('1969-12-31')).toBe(-1);
    fc.assert(
      fc.property(date, (d) => {
        const { year, month, day } = parseDate(d);
        expect(toEpochDay(d)).toBe(Date.UTC(year, month - 1, day) / 86_400_000);
        expect(fromEpochDay(toEpochDay(d))).toBe(d);
      }),
    );
  });
});

describe('arithmetic', () => {
  it('hand examples', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29'); // clamped to month end
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-08-31', 6)).toBe('2025-02-28'); // 6-month minimum term of a loan from Aug 31
    expect(addMonths('2024-11-15', 3)).toBe('2025-02-15');
    expect(addMonths('2024-01-15', -2)).toBe('2023-11-15');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(oneYearBefore('2024-02-29')).toBe('2023-02-28');
    expect(oneYearBefore('2024-12-31')).toBe('2023-12-31');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    expect(daysBetween('2024-03-01', '2024-02-28')).toBe(-2);
  });

  it('addMonths / addYears round-trip on days ≤ 28', () => {
    fc.assert(
      fc.property(unclampedDate, fc.integer({ min: -600, max: 600 }), (d, n) => {
        expect(addMonths(addMonths(d, n), -n)).toBe(d);
        expect(addYears(addYears(d, n % 50), -(n % 50))).toBe(d);
        expect(addYears(d, 1)).toBe(addMonths(d, 12));
      }),
    );
  });

  it('addMonths never overflows into the next month', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -240, max: 240 }), (d, n) => {
        const r = parseDate(addMonths(d, n));
        const s = parseDate(d);
        expect(r.year * 12 + r.month).toBe(s.year * 12 + s.month + n);
        expect(r.day).toBeLessThanOrEqual(s.day);
      }),
    );
  });

  it('daysBetween is additive and inverse to addDays', () => {
    fc.assert(
      fc.property(date, date, date, (a, b, c) => {
        expect(daysBetween(a, b) + daysBetween(b, c)).toBe(daysBetween(a, c));
        expect(addDays(a, daysBetween(a, b))).toBe(b);
        expect(Math.sign(daysBetween(a, b))).toBe(compareDates(a, b) === 0 ? 0 : -compareDates(a, b));
      }),
    );
  });

  it('compare, min, max, year', () => {
    expect(compareDates('2024-01-02', '2024-01-10')).toBe(-1);
    expect(compareDates('2024-01-10', '2024-01-10')).toBe(0);
    expect(['2024-03-01', '2023-12-31', '2024-01-01'].sort(compareDates)).toEqual(['2023-12-31', '2024-01-01', '2024-03-01']);
    expect(minDate('2024-05-01', '2023-05-01', '2025-01-01')).toBe('2023-05-01');
    expect(maxDate('2024-05-01', '2023-05-01', '2025-01-01')).toBe('2025-01-01');
    expect(minDate('2024-05-01')).toBe('2024-05-01');
    expect(() => compareDates('2024-05-01', 'x')).toThrow(RangeError);
    expect(yearOf('2024-05-01')).toBe(2024);
    expect(endOfYear(2024)).toBe('2024-12-31');
  });
});

describe('quarters', () => {
  it('hand examples', () => {
    expect(quarterOf('2024-08-15')).toBe('2024Q3');
    expect(quarterOf('2024-01-01')).toBe('2024Q1');
    expect(quarterOf('2024-12-31')).toBe('2024Q4');
    expect(quarterBounds('2024Q3')).toEqual({ start: '2024-07-01', end: '2024-09-30' });
    expect(quarterBounds('2024Q1')).toEqual({ start: '2024-01-01', end: '2024-03-31' });
    expect(quarterBounds('2024Q4')).toEqual({ start: '2024-10-01', end: '2024-12-31' });
    expect(nextQuarterStart('2024Q4')).toBe('2025-01-01');
    expect(nextQuarterStart('2024Q2')).toBe('2024-07-01');
    expect(nextQuarter('2024Q4')).toBe('2025Q1');
    expect(isQuarter('2024Q3')).toBe(true);
    expect(isQuarter('2024Q5')).toBe(false);
    expect(isQuarter('2024-Q3')).toBe(false);
    expect(() => quarterBounds('2024Q0')).toThrow(RangeError);
  });

  it('every date lies within its quarter bounds', () => {
    fc.assert(
      fc.property(date, (d) => {
        const { start, end } = quarterBounds(quarterOf(d));
        expect(start <= d && d <= end).toBe(true);
        expect(addDays(end, 1)).toBe(nextQuarterStart(quarterOf(d)));
      }),
    );
  });
});

describe('wholeYearsBetween', () => {
  it('hand examples', () => {
    // established 2021-06-30, age on 2023-12-31 = 2 (startup), on 2024-12-31 = 3
    expect(wholeYearsBetween('2021-06-30', '2023-12-31')).toBe(2);
    expect(wholeYearsBetween('2021-06-30', '2024-12-31')).toBe(3);
    expect(wholeYearsBetween('2021-12-31', '2024-12-31')).toBe(3); // anniversary day counts
    expect(wholeYearsBetween('2022-01-01', '2024-12-31')).toBe(2);
    expect(wholeYearsBetween('2020-02-29', '2021-02-28')).toBe(1); // consistent with addYears
    expect(wholeYearsBetween('2024-05-01', '2024-05-01')).toBe(0);
    expect(wholeYearsBetween('2024-05-01', '2023-06-01')).toBe(-1);
  });

  it('is the largest n with addYears(from, n) ≤ to', () => {
    fc.assert(
      fc.property(date, date, (a, b) => {
        const n = wholeYearsBetween(a, b);
        expect(addYears(a, n) <= b).toBe(true);
        expect(addYears(a, n + 1) > b).toBe(true);
      }),
    );
  });
});

describe('eachYearSpan', () => {
  it('hand example', () => {
    expect(eachYearSpan('2023-11-15', '2025-02-01')).toEqual([
      { year: 2023, from: '2023-11-15', toExclusive: '2024-01-01', days: 47 }, // 16 + 31
      { year: 2024, from: '2024-01-01', toExclusive: '2025-01-01', days: 366 },
      { year: 2025, from: '2025-01-01', toExclusive: '2025-02-01', days: 31 },
    ]);
    expect(eachYearSpan('2024-03-01', '2024-03-01')).toEqual([]);
    expect(eachYearSpan('2024-03-02', '2024-03-01')).toEqual([]);
  });

  it('pieces are contiguous, one per year, and their days sum to daysBetween', () => {
    fc.assert(
      fc.property(date, date, (a, b) => {
        const spans = eachYearSpan(a, b);
        const total = spans.reduce((s, x) => s + x.days, 0);
        expect(total).toBe(Math.max(0, daysBetween(a, b)));
        spans.forEach((s, i) => {
          expect(s.days).toBeGreaterThan(0);
          expect(yearOf(s.from)).toBe(s.year);
          expect(yearOf(addDays(s.toExclusive, -1))).toBe(s.year);
          if (i > 0) expect(s.from).toBe(spans[i - 1]?.toExclusive);
        });
      }),
    );
  });
});

describe('month ends', () => {
  it('lists the month ends from ≤ E ≤ to: 2023–2024 is 24 points, February by leap year', () => {
    const all = monthEnds('2023-01-01', '2024-12-31', 120);
    expect([all.length, all[0], all[1], all[13], all.at(-1)]).toEqual([24, '2023-01-31', '2023-02-28', '2024-02-29', '2024-12-31']);
    expect(endOfMonth('2100-02-10')).toBe('2100-02-28');
  });

  it('counts a partial first month (its end is after from) and drops a partial last month (to before its end)', () => {
    expect(monthEnds('2024-01-31', '2024-03-30', 120)).toEqual(['2024-01-31', '2024-02-29']);
    expect(monthEnds('2024-02-01', '2024-02-28', 120)).toEqual([]);
    expect(monthEndsBetween('2024-06-30', '2024-01-31')).toBe(0);
  });

  it('refuses more than max points without listing them', () => {
    expect(monthEndsBetween('2000-01-01', '2100-12-31')).toBe(1212);
    expect(() => monthEnds('2000-01-01', '2100-12-31', 120)).toThrow(RangeError);
    expect(monthEnds('2015-01-01', '2024-12-31', 120)).toHaveLength(120);
  });

  it('agrees with a day-by-day count', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 800 }), (from, span) => {
        const to = addDays(from, span);
        let n = 0;
        for (let d = from; d <= to; d = addDays(d, 1)) if (endOfMonth(d) === d) n++;
        expect(monthEndsBetween(from, to)).toBe(n);
        expect(monthEnds(from, to, 1000).every((e) => e >= from && e <= to && endOfMonth(e) === e)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
