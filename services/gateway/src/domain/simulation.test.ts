import { policyBook } from '@techcredit/policy';
import type { SimulationRequest } from '@techcredit/contracts';
import { composeSimulation, diffRows, simulationCalls, totalsOf } from './simulation';

const period = { fromYear: 2025, toYear: 2025 };
const subsidyDraft: SimulationRequest = { draft: { key: 'subsidy', effectiveFrom: '2025-01-01', value: { ...policyBook.require('subsidy', '2025-01-01'), capPerEnterpriseYearFen: 30_000_000 } }, period };
const fig = (totalFen: number, loansSubsidised: number) => ({ totalFen, interestFen: totalFen, feesFen: 0, insuranceFen: 0, loansSubsidised, enterprisesSubsidised: 1, enterprisesAtCap: 1, enterprisesAtInsuranceCap: 0 });

describe('simulationCalls', () => {
  it('calls the services of the parts the key affects', () => {
    expect(simulationCalls(subsidyDraft)).toEqual([{ part: 'subsidies', service: 'subsidy' }]);
    expect(simulationCalls({ draft: { key: 'lpr1y', effectiveFrom: '2025-01-01', value: { rateBp: 290 } }, period })).toEqual([{ part: 'subsidies', service: 'subsidy' }]);
    expect(simulationCalls({ draft: policyBook.versionAt('relending', '2025-01-01')!, period })).toEqual([{ part: 'relending', service: 'relending' }]);
    expect(simulationCalls({ draft: policyBook.versionAt('pledgeCaps', '2025-01-01')!, period })).toEqual([{ part: 'pledgeBreaches', service: 'pledge' }]);
  });
});

describe('diffRows and totalsOf', () => {
  it('matches rows on their keys, a missing side as zeros, ordered by the keys; difference = draft − current', () => {
    const rows = diffRows(
      ['year', 'prefecture'],
      [
        { year: 2025, prefecture: '6502', a: 5, b: 1 },
        { year: 2025, prefecture: '6501', a: 10, b: 2 },
      ],
      [
        { year: 2025, prefecture: '6501', a: 7, b: 2 },
        { year: 2024, prefecture: '6531', a: 1, b: 1 },
      ],
    );
    expect(rows).toEqual([
      { key: { year: 2024, prefecture: '6531' }, current: { a: 0, b: 0 }, draft: { a: 1, b: 1 }, difference: { a: 1, b: 1 } },
      { key: { year: 2025, prefecture: '6501' }, current: { a: 10, b: 2 }, draft: { a: 7, b: 2 }, difference: { a: -3, b: 0 } },
      { key: { year: 2025, prefecture: '6502' }, current: { a: 5, b: 1 }, draft: { a: 0, b: 0 }, difference: { a: -5, b: -1 } },
    ]);
    expect(totalsOf(rows)).toEqual({ current: { a: 15, b: 3 }, draft: { a: 8, b: 3 }, difference: { a: -7, b: 0 } });
    expect(totalsOf([])).toEqual({ current: {}, draft: {}, difference: {} });
  });
});

describe('composeSimulation', () => {
  const calls = simulationCalls(subsidyDraft);
  it('puts the affected part side by side with its differences and marks the others not simulated', () => {
    const body = { asOf: '2026-01-01', current: [{ year: 2025, prefecture: '6501', ...fig(50_000_000, 3) }], draft: [{ year: 2025, prefecture: '6501', ...fig(30_000_000, 2) }] };
    const r = composeSimulation(subsidyDraft, calls, [{ ok: true, body }]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.simulation).toMatchObject({ draft: { key: 'subsidy', effectiveFrom: '2025-01-01' }, effectiveTo: null, period });
    expect(r.simulation.subsidies).toEqual({
      simulated: true,
      asOf: '2026-01-01',
      rows: [
        {
          key: { year: 2025, prefecture: '6501' },
          current: fig(50_000_000, 3),
          draft: fig(30_000_000, 2),
          difference: { totalFen: -20_000_000, interestFen: -20_000_000, feesFen: 0, insuranceFen: 0, loansSubsidised: -1, enterprisesSubsidised: 0, enterprisesAtCap: 0, enterprisesAtInsuranceCap: 0 },
        },
      ],
      totals: {
        current: fig(50_000_000, 3),
        draft: fig(30_000_000, 2),
        difference: { totalFen: -20_000_000, interestFen: -20_000_000, feesFen: 0, insuranceFen: 0, loansSubsidised: -1, enterprisesSubsidised: 0, enterprisesAtCap: 0, enterprisesAtInsuranceCap: 0 },
      },
    });
    expect(r.simulation.relending).toEqual({ simulated: false, reason: 'a subsidy draft does not change relending' });
    expect(r.simulation.pledgeBreaches).toEqual({ simulated: false, reason: 'a subsidy draft does not change pledgeBreaches' });
  });
  it('fails naming a part that failed, did not answer, or answered a malformed body', () => {
    expect(composeSimulation(subsidyDraft, calls, [{ ok: false, status: 504, detail: 'subsidy did not answer within 5000 ms' }])).toEqual({
      ok: false,
      failed: [{ part: 'subsidies', service: 'subsidy', status: 504, detail: 'subsidy did not answer within 5000 ms' }],
    });
    expect(composeSimulation(subsidyDraft, calls, [])).toEqual({ ok: false, failed: [{ part: 'subsidies', service: 'subsidy', status: 502, detail: 'no answer' }] });
    const bad = composeSimulation(subsidyDraft, calls, [{ ok: true, body: { asOf: '2026-01-01', current: [{ year: 2025 }], draft: [] } }]);
    expect(bad.ok ? null : bad.failed[0]).toMatchObject({ part: 'subsidies', status: 502, detail: expect.stringMatching(/^malformed answer/) });
  });
});
