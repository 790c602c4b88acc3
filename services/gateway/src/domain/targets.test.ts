import { metricCall, metricValue } from './targets';

describe('target metrics (§12): where they are read and how', () => {
  it('every metric from the lending statistics of the target region (designation counts are its registry part)', () => {
    expect(metricCall('designation:HTE', '6501', '2025-06-30')).toEqual({ service: 'stats', path: '/v1/stats/lending', query: { asOf: '2025-06-30', region: '6501' } });
    expect(metricCall('balanceFen', '65', '2025-06-30')).toEqual({ service: 'stats', path: '/v1/stats/lending', query: { asOf: '2025-06-30', region: '65' } });
  });

  it('takes the integer value out of each answer; a missing one is an error, never a 0', () => {
    expect(metricValue('designation:HTE', { stats: { registry: { HTE: 2529, TSME: 2618 } } })).toBe(2529);
    expect(metricValue('designation:SRDI', { stats: { registry: { HTE: 2529 } } })).toBe(0); // nobody holds it
    const stats = { stats: { supportedEnterprises: { value: 7880 }, balance: { fen: 661_693_000_000_000 }, creditLoansIssued: { fen: 21_268_000_000_000 } } };
    expect([metricValue('supportedEnterprises', stats), metricValue('balanceFen', stats), metricValue('creditLoansIssuedFen', stats)]).toEqual([7880, 661_693_000_000_000, 21_268_000_000_000]);
    expect(() => metricValue('designation:SRDI', { stats: {} })).toThrow('no designation:SRDI');
    expect(() => metricValue('balanceFen', { stats: { balance: { fen: 1.5 } } })).toThrow();
  });
});
