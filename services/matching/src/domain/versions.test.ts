import { compareInstants } from '@techcredit/money';
import { isNewerProduct, isNewerScore } from './versions';

describe('isNewerProduct', () => {
  const v = (occurredAt: string, eventId: string) => ({ occurredAt, eventId });
  it('the later occurredAt wins whatever the arrival order; offsets compare as instants', () => {
    const a = v('2024-05-01T10:00:00+08:00', 'ffff'); // 02:00Z
    const b = v('2024-05-01T03:00:00Z', '0000');
    expect(isNewerProduct(b, a)).toBe(true);
    expect(isNewerProduct(a, b)).toBe(false);
    expect(isNewerProduct(a, null)).toBe(true);
  });
  it('ties go to the larger event id; an event is not newer than itself', () => {
    const a = v('2024-05-01T02:00:00Z', 'b');
    const b = v('2024-05-01T10:00:00+08:00', 'a');
    expect(isNewerProduct(a, b)).toBe(true);
    expect(isNewerProduct(b, a)).toBe(false);
    expect(isNewerProduct(a, a)).toBe(false);
  });
});

describe('isNewerScore', () => {
  const s = (year: number, computedAt: string, eventId: string) => ({ year, computedAt, eventId });
  it('a later year wins even when computed earlier', () => {
    expect(isNewerScore(s(2024, '2025-01-01T00:00:00Z', 'a'), s(2023, '2025-06-01T00:00:00Z', 'b'))).toBe(true);
    expect(isNewerScore(s(2023, '2025-06-01T00:00:00Z', 'b'), s(2024, '2025-01-01T00:00:00Z', 'a'))).toBe(false);
  });
  it('within a year the later computedAt wins, then the larger event id; redelivery is not newer', () => {
    const first = s(2024, '2025-03-01T10:00:00.100Z', 'z');
    const recompute = s(2024, '2025-03-01T10:00:00.200Z', 'a');
    expect(isNewerScore(recompute, first)).toBe(true);
    expect(isNewerScore(first, recompute)).toBe(false);
    expect(isNewerScore(s(2024, '2025-03-01T10:00:00.200Z', 'b'), recompute)).toBe(true);
    expect(isNewerScore(recompute, recompute)).toBe(false);
  });
});

describe('compareInstants', () => {
  it('orders sub-millisecond digits and offsets exactly', () => {
    expect(compareInstants('2024-05-01T10:00:00.1234Z', '2024-05-01T10:00:00.12341Z')).toBe(-1);
    expect(compareInstants('2024-05-01T10:00:00+0800', '2024-05-01T02:00:00.000Z')).toBe(0);
    expect(() => compareInstants('2024-05-01', '2024-05-01T02:00:00Z')).toThrow(RangeError);
  });
});
