/** The default policy versions (DOMAIN.md §2–6). Values are data; a new version is added, never edited. */
import type { AnyPolicyVersion } from './schemas';

const FROM_START = '2020-01-01';
const RELENDING_COMMON = { claimRatioBp: 6000, minTermMonths: 6, termYears: 1, maxRollovers: 2 } as const;
const RELENDING_2022 = ['HTE', 'SRDI', 'LITTLE_GIANT', 'DEMO', 'CHAMPION'] as const;
const RELENDING_2024 = ['TSME', 'HTE', 'SRDI', 'LITTLE_GIANT', 'DEMO', 'CHAMPION'] as const;

/** Tech-innovation re-lending versions by disbursement date (§5). */
const RELENDING: AnyPolicyVersion[] = [
  { key: 'relending', effectiveFrom: '2022-04-28', value: { versionName: '2022', rateBp: 175, eligibleDesignations: [...RELENDING_2022], ...RELENDING_COMMON } },
  { key: 'relending', effectiveFrom: '2024-04-07', value: { versionName: '2024', rateBp: 175, eligibleDesignations: [...RELENDING_2024], ...RELENDING_COMMON } },
  { key: 'relending', effectiveFrom: '2025-05-07', value: { versionName: '2025', rateBp: 150, eligibleDesignations: [...RELENDING_2024], ...RELENDING_COMMON } },
  { key: 'relending', effectiveFrom: '2026-01-19', value: { versionName: '2026', rateBp: 125, eligibleDesignations: [...RELENDING_2024], ...RELENDING_COMMON } },
];

/** 1-year LPR (§6); the table starts 2023-01-01 (3.65%), earlier dates have no LPR in force here. */
const LPR_1Y: AnyPolicyVersion[] = (
  [
    ['2023-01-01', 365],
    ['2023-06-20', 355],
    ['2023-08-21', 345],
    ['2024-07-22', 335],
    ['2024-10-21', 310],
    ['2025-05-20', 300],
  ] as const
).map(([effectiveFrom, rateBp]) => ({ key: 'lpr1y', effectiveFrom, value: { rateBp } }));

function bpBands(pairs: readonly (readonly [number, number])[]) {
  return pairs.map(([minBp, points]) => ({ minBp, points }));
}

/** Score weights per stage in the indicator order of §2 (#1–18), each summing to 100. */
const SCORING_WEIGHTS = {
  startup: [9, 6, 10, 8, 10, 4, 8, 5, 3, 6, 3, 2, 1, 6, 6, 5, 6, 2],
  growth: [8, 5, 9, 7, 9, 4, 8, 8, 6, 8, 4, 4, 3, 4, 5, 4, 2, 2],
  stable: [7, 4, 8, 6, 8, 4, 8, 10, 9, 7, 3, 5, 5, 3, 5, 4, 1, 3],
};

export const DEFAULT_POLICIES: readonly AnyPolicyVersion[] = [
  ...RELENDING,
  ...LPR_1Y,
  {
    key: 'subsidy',
    effectiveFrom: FROM_START,
    value: {
      eligibleDesignations: ['TSME', 'HTE', 'LITTLE_GIANT'],
      minPrincipalFen: 200_000_000, // 200万元
      maxPrincipalFen: 3_000_000_000, // 3000万元
      shareBp: 5000,
      maxLoansPerEnterpriseYear: 3,
      capPerEnterpriseYearFen: 50_000_000, // 50万元
      appraisalFeeShareBp: 5000,
      appraisalFeeCapFen: 10_000_000, // 10万元
      insuranceShareBp: 5000,
      insuranceCapFen: 2_000_000, // 2万元
    },
  },
  {
    key: 'pledgeCaps',
    effectiveFrom: FROM_START,
    value: {
      invention_patent: 5000,
      utility_model: 3000,
      design_patent: 3000,
      trademark: 4000,
      copyright: 3000,
      software_copyright: 3000,
    },
  },
  { key: 'riskCompensation', effectiveFrom: FROM_START, value: { shareBp: 3000 } },
  { key: 'scoringWeights', effectiveFrom: FROM_START, value: SCORING_WEIGHTS },
  {
    key: 'scoringRules',
    effectiveFrom: FROM_START,
    value: {
      startupAgeYears: 3,
      stableRevenueFen: 20_000_000_000, // 2亿元
      bonusCap: 30,
      nationalAward: 10,
      nationalPlatform: 10,
      perStandardLed: 5,
      standardsLedMax: 10,
      littleGiant: 5,
      majorViolation: 20,
      ipInfringement: 10,
      grades: { A: 80, B: 65, C: 50 },
    },
  },
  { key: 'matchingLineRatio', effectiveFrom: FROM_START, value: { A: 3000, B: 2000, C: 1000, D: 0 } },
  // §9: the national rules (TSME 2022, HTE 2016) as the platform's defaults from its start.
  {
    key: 'tsmeEvaluation',
    effectiveFrom: FROM_START,
    value: {
      maxEmployees: 500,
      maxRevenueFen: 20_000_000_000, // 2亿元
      maxTotalAssetsFen: 20_000_000_000, // 2亿元
      staffBands: bpBands([[3000, 20], [2500, 16], [2000, 12], [1500, 8], [1000, 4]]),
      rdRevenueBands: bpBands([[600, 50], [500, 40], [400, 30], [300, 20], [200, 10]]),
      rdCostsBands: bpBands([[3000, 50], [2500, 40], [2000, 30], [1500, 20], [1000, 10]]),
      ipClass1MinCount: 1,
      ipClass1Points: 30,
      ipClass2Bands: [4, 3, 2, 1].map((minCount) => ({ minCount, points: minCount * 6 })),
      passPoints: 60,
      minStaffPoints: 1,
    },
  },
  {
    key: 'hteEligibility',
    effectiveFrom: FROM_START,
    value: {
      minRegisteredYears: 1,
      minIpCount: 1,
      minSciStaffBp: 1000,
      rdTiers: [
        { maxLastYearRevenueFen: 5_000_000_000, minBp: 500 }, // ≤ 5,000万元: 5%
        { maxLastYearRevenueFen: 20_000_000_000, minBp: 400 }, // ≤ 2亿元: 4%
      ],
      rdAboveTiersBp: 300,
      minDomesticRdBp: 6000,
      minHighTechRevenueBp: 6000,
      minInnovationPoints: 71,
      qualityRdIntensityBelowBp: 500,
    },
  },
  { key: 'designationValidity', effectiveFrom: FROM_START, value: { TSME: { kind: 'evaluationYearEnd' }, HTE: { kind: 'years', years: 3 } } },
  {
    key: 'techInsurance', // §10: TechCredit defaults (local schemes vary)
    effectiveFrom: FROM_START,
    value: {
      rateBpByKind: { rd_expense_loss: 5000, key_rd_equipment: 5000, patent_enforcement: 5000, first_set_equipment: 8000, loan_guarantee: 5000, other_tech: 5000 },
      capPerEnterpriseYearFen: 20_000_000, // 20万元
    },
  },
  { key: 'investmentLink', effectiveFrom: FROM_START, value: { windowDays: 180 } }, // §11
];
