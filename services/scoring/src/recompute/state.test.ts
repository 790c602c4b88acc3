import { FilingBook, ScoreBook, type FilingRecord } from './state';
import type { ScoreComputed } from '@techcredit/contracts';
import { indicators, NO_FLAGS } from '../domain/test-fixtures';

const rec = (eventId: string, enterpriseId: string, year: number, filedAt: string, rdExpense = 0): FilingRecord => ({
  eventId,
  enterpriseId,
  filedAt,
  filing: { year, indicators: indicators({ rdExpense }), flags: NO_FLAGS },
});

describe('FilingBook', () => {
  it('keeps the latest filing per (enterprise, year), whatever the arrival order', () => {
    const b = new FilingBook();
    const late = rec('e2', 'A', 2024, '2024-06-01T10:00:00+08:00', 2);
    const early = rec('e1', 'A', 2024, '2024-03-01T10:00:00+08:00', 1);
    expect(b.offer(late)).toEqual({ previous: null });
    expect(b.offer(early)).toBe('not-current');
    expect(b.offer(late)).toBe('not-current'); // redelivery
    expect(b.get('A', 2024)?.eventId).toBe('e2');
    const later = rec('e3', 'A', 2024, '2024-07-01T10:00:00+08:00', 3);
    expect(b.offer(later)).toEqual({ previous: late });
  });
  it('indexes filings by year and by enterprise', () => {
    const b = new FilingBook();
    b.offer(rec('1', 'A', 2024, '2024-03-01T10:00:00Z'));
    b.offer(rec('2', 'B', 2024, '2024-03-01T10:00:00Z'));
    b.offer(rec('3', 'A', 2023, '2023-03-01T10:00:00Z'));
    expect(b.ofYear(2024).map((r) => r.enterpriseId).sort()).toEqual(['A', 'B']);
    expect(b.years()).toEqual([2023, 2024]);
    expect(b.yearsOf('A').sort()).toEqual([2023, 2024]);
    expect(b.size).toBe(3);
  });
});

describe('ScoreBook', () => {
  const score = (enterpriseId: string, year: number) => ({ eventId: `${enterpriseId}${year}`, data: { enterpriseId, year } as ScoreComputed });
  it('answers the latest year of an enterprise and the scores of a year', () => {
    const s = new ScoreBook();
    s.set(score('A', 2023));
    s.set(score('A', 2024));
    s.set(score('B', 2023));
    expect(s.latest('A')?.eventId).toBe('A2024');
    expect(s.latest('C')).toBeUndefined();
    expect([...s.ofYear(2023)].map((x) => x.eventId).sort()).toEqual(['A2023', 'B2023']);
    expect(s.latestYear()).toBe(2024);
  });
});
