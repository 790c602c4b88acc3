import { composeReport, reportCalls, yearOf } from './report';

describe('reportCalls', () => {
  it('whole region: five parts, the year of asOf, region 65', () => {
    expect(reportCalls('65', '2024-12-31')).toEqual([
      { part: 'lending', service: 'stats', path: '/v1/stats/lending', query: { asOf: '2024-12-31', region: '65' } },
      { part: 'benchmark', service: 'stats', path: '/v1/stats/benchmark', query: { asOf: '2024-12-31' } },
      { part: 'relending', service: 'relending', path: '/v1/relending/summary', query: { year: 2024 } },
      { part: 'subsidies', service: 'subsidy', path: '/v1/subsidies/summary', query: { year: 2024, region: '65' } },
      { part: 'scores', service: 'scoring', path: '/v1/scores/distribution', query: { year: 2024, region: '65' } },
    ]);
  });
  it('a prefecture: region-scoped lending, subsidies and scores; no benchmark, no (bank-wide) re-lending summary', () => {
    const calls = reportCalls('6501', '2023-06-30');
    expect(calls.map((c) => c.part)).toEqual(['lending', 'subsidies', 'scores']);
    expect(calls[0]!.query).toEqual({ asOf: '2023-06-30', region: '6501' });
    expect(calls[1]!.query).toEqual({ year: 2023, region: '6501' });
    expect(calls[2]!.query).toEqual({ year: 2023, region: '6501' });
  });
  it('the whole region off the published date: no benchmark call', () => {
    expect(reportCalls('65', '2024-06-30').map((c) => c.part)).toEqual(['lending', 'relending', 'subsidies', 'scores']);
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
  it('a prefecture report marks the benchmark and the re-lending summary not applicable', () => {
    const pc = reportCalls('6531', '2024-12-31');
    const r = composeReport('6531', '2024-12-31', pc, pc.map(() => ({ ok: true as const, body: 1 })));
    expect(r).toMatchObject({
      ok: true,
      report: { region: '6531', benchmark: { applicable: false }, relending: { applicable: false }, lending: 1, subsidies: 1, scores: 1 },
    });
  });
  it('a whole-region report off the published date marks only the benchmark not applicable', () => {
    const pc = reportCalls('65', '2031-03-01');
    const r = composeReport('65', '2031-03-01', pc, pc.map(() => ({ ok: true as const, body: 1 })));
    expect(r).toEqual({
      ok: true,
      report: { asOf: '2031-03-01', year: 2031, region: '65', lending: 1, relending: 1, subsidies: 1, scores: 1, benchmark: { applicable: false, reason: 'figures are published for 2024-12-31 only' } },
    });
  });
});
