import { POLICY_KEYS, policyBook } from '@techcredit/policy';
import { InternalSimulationRequestSchema, SIMULATED_PARTS, SIMULATION_SCOPE, SimulationRequestSchema, periodYears, simulatedParts } from './simulation';

const pledgeDraft = { key: 'pledgeCaps', effectiveFrom: '2024-01-01', value: { ...policyBook.require('pledgeCaps', '2024-01-01'), invention_patent: 4000 } };
const period = { fromYear: 2024, toYear: 2025 };
const issues = (body: unknown) => {
  const r = SimulationRequestSchema.safeParse(body);
  return r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message]);
};

describe('SIMULATION_SCOPE', () => {
  it('has an entry for every policy key, naming only known parts, with a note', () => {
    expect(Object.keys(SIMULATION_SCOPE).sort()).toEqual([...POLICY_KEYS].sort());
    for (const key of POLICY_KEYS) {
      for (const p of SIMULATION_SCOPE[key].parts) expect(SIMULATED_PARTS).toContain(p);
      expect(SIMULATION_SCOPE[key].note.length).toBeGreaterThan(10);
    }
  });
  it('subsidy and LPR drafts change subsidies, re-lending drafts re-lending, pledge caps the breaches; the rest nothing', () => {
    expect(Object.fromEntries(POLICY_KEYS.map((k) => [k, simulatedParts(k)]))).toEqual({
      relending: ['relending'],
      lpr1y: ['subsidies'],
      subsidy: ['subsidies'],
      pledgeCaps: ['pledgeBreaches'],
      riskCompensation: [],
      scoringWeights: [],
      scoringRules: [],
      matchingLineRatio: [],
      tsmeEvaluation: [],
      hteEligibility: [],
      designationValidity: [],
      techInsurance: ['subsidies'],
      investmentLink: [],
    });
  });
});

describe('SimulationRequestSchema', () => {
  it('takes a draft of a simulated key, an optional effectiveTo and a period', () => {
    expect(issues({ draft: pledgeDraft, period })).toEqual([]);
    expect(issues({ draft: pledgeDraft, effectiveTo: '2024-12-31', period: { fromYear: 2024, toYear: 2024 } })).toEqual([]);
  });
  it('refuses a key no simulated figure depends on, naming why', () => {
    expect(issues({ draft: { key: 'riskCompensation', effectiveFrom: '2024-01-01', value: { shareBp: 4000 } }, period })).toEqual([
      ['draft.key', 'riskCompensation is not simulated: the share changes only the compensation of written-off pledged loans, which is not a simulated figure'],
    ]);
  });
  it('refuses an invalid draft value, an effectiveTo before effectiveFrom, a reversed or too long period, unknown fields', () => {
    expect(issues({ draft: { ...pledgeDraft, value: { ...pledgeDraft.value, trademark: -1 } }, period })[0]?.[0]).toBe('draft.value.trademark');
    expect(issues({ draft: pledgeDraft, effectiveTo: '2023-12-31', period })).toEqual([['effectiveTo', "effectiveTo must be on or after the draft's effectiveFrom (2024-01-01)"]]);
    expect(issues({ draft: pledgeDraft, period: { fromYear: 2025, toYear: 2024 } })).toEqual([['period.toYear', 'fromYear must be ≤ toYear']]);
    expect(issues({ draft: pledgeDraft, period: { fromYear: 2000, toYear: 2020 } })).toEqual([['period.toYear', 'at most 20 years']]);
    expect(issues({ draft: pledgeDraft, period, asOf: '2024-12-31' })[0]?.[1]).toMatch(/Unrecognized key/);
    expect(InternalSimulationRequestSchema.safeParse({ draft: pledgeDraft, period, asOf: '2024-12-31' }).success).toBe(true);
  });
  it('periodYears lists the years of the period', () => {
    expect(periodYears({ fromYear: 2023, toYear: 2025 })).toEqual([2023, 2024, 2025]);
  });
});
