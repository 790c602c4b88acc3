import { composeReport, reportCalls, yearOf } from './report';

describe('reportCalls', () => {
  it('whole region: five parts, the year of asOf, region 65', () => {
    expect(reportCalls('65', '2024-12-31')).toEqual([
      { part: 'lending', service: 'stats', path: '/v1/stats/lending', query: { asOf: '2024-12-31', region: '65' } },
      { part: 'benchmark', service: 'stats', path: '/v1/stats/benchmark', query: { asOf: '2024-12-31' } },
      { part: 'relending', service: 'relending', path: '/v1/relending/summary', query: { year: 2024 } },
      { part: 'subsidies', service: 'subsidy', path: '/v1/subsidies/summary', query: { year: 2024 } },
      { part: 'scores', service: 'scoring', path: '/v1/scores/distribution', query: { year: 2024, region: '65' } },
    ]);
  });
  it('a prefecture: region-scoped lending and scores, no benchmark', () => {
    const calls = reportCalls('6501', '2023-06-30');
    expect(calls.map((c) => c.part)).toEqual(['lending', 'relending', 'subsidies', 'scores']);
    expect(calls[0]!.query).toEqual({ asOf: '2023-06-30', region: '6501' });
    expect(calls[3]!.query).toEqual({ year: 2023, region: '6501' });
  });
  it('yearOf', () => {
    expect(yearOf('2025-01-01')).toBe(2025);
  });
});

describe('composeReport', () => {
  const calls = reportCalls('65', '2024-12-31');
  it('puts each answer under its part', () => {
    const outcomes = calls.map((c) => ({ ok: true as const, body: { from: c.service } }));
    expect(composeReport('65', '2024-12-31', calls, outcomes)).toEqual({
      ok: true,
      report: {
        asOf: '2024-12-31',
        year: 2024,
        region: '65',
        lending: { from: 'stats' },
        benchmark: { from: 'stats' },
        relending: { from: 'relending' },
        subsidies: { from: 'subsidy' },
        scores: { from: 'scoring' },
      },
    });
  });
  it('names every failed part and its service', () => {
    const outcomes = calls.map((c) =>
      c.part === 'subsidies' ? { ok: false as const, status: 502, detail: 'subsidy is unreachable' } : { ok: true as const, body: {} },
    );
    expect(composeReport('65', '2024-12-31', calls, outcomes)).toEqual({
      ok: false,
      failed: [{ part: 'subsidies', service: 'subsidy', status: 502, detail: 'subsidy is unreachable' }],
    });
    expect(composeReport('65', '2024-12-31', calls, outcomes.slice(0, 2))).toMatchObject({ ok: false, failed: [{ part: 'relending' }, { part: 'subsidies' }, { part: 'scores' }] });
  });
  it('a prefecture report has benchmark null', () => {
    const pc = reportCalls('6531', '2024-12-31');
    const r = composeReport('6531', '2024-12-31', pc, pc.map(() => ({ ok: true as const, body: 1 })));
    expect(r).toMatchObject({ ok: true, report: { region: '6531', benchmark: null, lending: 1, scores: 1 } });
  });
});
