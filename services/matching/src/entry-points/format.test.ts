import { bpToPercent, fenToYuan, todayInChina } from './format';

describe('HTTP formats', () => {
  it('fen as yuan and bp as percent, exactly', () => {
    expect(fenToYuan(3_000_000_000)).toBe('30000000.00');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(123_456)).toBe('1234.56');
    expect(bpToPercent(385)).toBe('3.85');
    expect(bpToPercent(1000)).toBe('10.00');
    expect(bpToPercent(5)).toBe('0.05');
  });
  it('the date in UTC+8: 16:00Z is already the next day', () => {
    expect(todayInChina(new Date('2024-12-31T15:59:59Z'))).toBe('2024-12-31');
    expect(todayInChina(new Date('2024-12-31T16:00:00Z'))).toBe('2025-01-01');
  });
});
