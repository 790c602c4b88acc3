import { cohortKey, isLaterFiling } from './filing-order';
import { compareInstants } from '@techcredit/money';

describe('compareInstants', () => {
  it('compares instants, not text: 10:00+08:00 is 02:00Z, before 03:00Z', () => {
    expect(compareInstants('2024-05-01T10:00:00+08:00', '2024-05-01T03:00:00Z')).toBe(-1);
    expect(compareInstants('2024-05-01T10:00:00+08:00', '2024-05-01T02:00:00Z')).toBe(0);
    expect(compareInstants('2024-05-01T02:00:01Z', '2024-05-01T10:00:00+08:00')).toBe(1);
  });
  it('keeps sub-millisecond digits: .1234 < .12341, and .5 = .500', () => {
    expect(compareInstants('2024-05-01T10:00:00.1234Z', '2024-05-01T10:00:00.12341Z')).toBe(-1);
    expect(compareInstants('2024-05-01T10:00:00.5Z', '2024-05-01T10:00:00.500Z')).toBe(0);
    expect(compareInstants('2024-05-01T10:00:00.9Z', '2024-05-01T10:00:01Z')).toBe(-1);
  });
  it('accepts an offset without a colon and rejects a date-time without an offset', () => {
    expect(compareInstants('2024-05-01T10:00:00+0800', '2024-05-01T02:00:00Z')).toBe(0);
    expect(() => compareInstants('2024-05-01T10:00:00', '2024-05-01T02:00:00Z')).toThrow(RangeError);
  });
});

describe('isLaterFiling', () => {
  const v = (eventId: string, filedAt: string) => ({ eventId, filedAt });
  it('a first filing is current', () => {
    expect(isLaterFiling(v('a', '2024-03-01T09:00:00+08:00'), null)).toBe(true);
  });
  it('the later filedAt wins whatever the arrival order', () => {
    const early = v('ffff', '2024-03-01T09:00:00+08:00');
    const late = v('0000', '2024-03-02T09:00:00+08:00');
    expect(isLaterFiling(late, early)).toBe(true);
    expect(isLaterFiling(early, late)).toBe(false);
  });
  it('equal instants: the larger event id wins; an event is not later than itself', () => {
    const a = v('1b', '2024-03-01T01:00:00Z');
    const b = v('1a', '2024-03-01T09:00:00+08:00');
    expect(isLaterFiling(a, b)).toBe(true);
    expect(isLaterFiling(b, a)).toBe(false);
    expect(isLaterFiling(a, a)).toBe(false);
  });
  it('cohort keys', () => {
    expect(cohortKey(2024, 'growth')).toBe('2024:growth');
  });
});
