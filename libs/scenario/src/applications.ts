/**
 * The scenario's 2025 service-platform activity (DOMAIN.md §9.3, §12): HTE and TSME applications by enterprises
 * that hold neither at the end of 2024, each with the programme office's decision — most eligible ones approved,
 * a few eligible ones rejected, every ineligible one rejected — and the seed's two 2025 HTE targets. From its own
 * random stream, and every grant an approval makes starts in 2025, so the 2024 figures are untouched.
 * The expected assessment of each application is computed here with the same rule code the registry runs.
 */
import type { AssessmentRequest, HteInput, TargetSpec, TsmeInput } from '@techcredit/contracts';
import { assess, grantValidity, TSME_CLEAN_FLAGS } from '@techcredit/designation';
import { addDays, daysBetween } from '@techcredit/money';
import { policyBook } from '@techcredit/policy';
import { designationsValidOn } from '@techcredit/reference';
import type { Rng } from './prng';
import type { DesignationGrantRecord, EnterpriseRecord } from './types';

export interface ApplicationRecord {
  enterpriseId: string;
  /** The body of `POST /v1/enterprises/{id}/designation-applications`. */
  body: AssessmentRequest & { on: string };
  /** The expected assessment (the registry computes the same). */
  qualified: boolean;
  failed: string[];
  /** The body of `POST /v1/designation-applications/{appId}/decision`. */
  decision: { decision: 'approved' | 'rejected'; reason: string; decidedOn: string };
  /** The designation an approval grants (§9.3 validity), null when rejected. */
  grant: { code: 'TSME' | 'HTE'; validFrom: string; validTo: string } | null;
}

const YEAR = 2025;
const FIRST_DAY = '2025-01-02';
const LAST_DAY = '2025-09-30';
const END_2024 = '2024-12-31';
const WAN = 1_000_000; // 万元 in fen

/** The seed's 2025 HTE targets (§12): 3,200 in total, and net +700 over the end of 2024, scaled. */
export function programmeTargets(scale: number): TargetSpec[] {
  const common = { metric: 'designation:HTE', region: '65', baselineDate: END_2024, dueDate: '2025-12-31' } as const;
  return [
    { ...common, targetId: 'hte-total-2025', targetValue: Math.max(1, Math.round(3200 * scale)), mode: 'level', title: '2025年高新技术企业总数达到3200家' },
    { ...common, targetId: 'hte-net-2025', targetValue: Math.max(1, Math.round(700 * scale)), mode: 'change', title: '2025年净增高新技术企业700家' },
  ];
}

function hteInput(rng: Rng, e: EnterpriseRecord, eligible: boolean): HteInput {
  const employees = rng.int(20, 300);
  const totalRevenueFen = rng.int(500, 15_000) * WAN;
  const revenue3yFen = totalRevenueFen * 3;
  const rd3yFen = Math.ceil((revenue3yFen * rng.int(520, 900)) / 10_000); // 5.2%–9%: above every tier
  const input: HteInput = {
    establishedOn: e.establishedOn,
    employees,
    sciStaff: Math.ceil((employees * rng.int(1_050, 4_000)) / 10_000),
    ipCount: rng.int(1, 12),
    inSupportedField: true,
    rd3yFen,
    revenue3yFen,
    domesticRd3yFen: Math.ceil((rd3yFen * rng.int(6_100, 10_000)) / 10_000),
    highTechRevenueFen: Math.ceil((totalRevenueFen * rng.int(6_100, 9_500)) / 10_000),
    totalRevenueFen,
    innovationPoints: rng.int(72, 95),
    incidentLastYear: false,
  };
  if (eligible) return input;
  // One condition missed: the usual reasons an HTE pre-check fails.
  switch (rng.int(0, 3)) {
    case 0:
      return { ...input, innovationPoints: rng.int(50, 70) };
    case 1:
      return { ...input, sciStaff: Math.floor(employees / 20) };
    case 2:
      return { ...input, highTechRevenueFen: Math.floor(totalRevenueFen / 2) };
    default:
      return { ...input, ipCount: 0 };
  }
}

function tsmeInput(rng: Rng, eligible: boolean): TsmeInput {
  const employees = rng.int(10, 400);
  const revenueFen = rng.int(200, 15_000) * WAN;
  return {
    employees,
    sciStaff: Math.ceil((employees * (eligible ? rng.int(2_000, 4_500) : rng.int(0, 900))) / 10_000),
    revenueFen,
    totalAssetsFen: rng.int(200, 18_000) * WAN,
    rdExpenseFen: Math.ceil((revenueFen * rng.int(400, 1_200)) / 10_000),
    costsFen: Math.ceil((revenueFen * rng.int(7_000, 9_500)) / 10_000),
    ipClass1: rng.int(0, 3),
    ipClass2: rng.int(0, 8),
    ...TSME_CLEAN_FLAGS,
  };
}

/** About 100 HTE and 20 TSME applications at scale 1 (at least one each), by enterprises without either at the end of 2024. */
export function generateApplications(rng: Rng, enterprises: readonly EnterpriseRecord[], grants: readonly DesignationGrantRecord[], scale: number): ApplicationRecord[] {
  const held = new Map<string, DesignationGrantRecord[]>();
  for (const g of grants) held.set(g.enterpriseId, [...(held.get(g.enterpriseId) ?? []), g]);
  const candidates = enterprises.filter((e) => {
    const codes = designationsValidOn(held.get(e.enterpriseId) ?? [], END_2024);
    return !codes.has('HTE') && !codes.has('TSME');
  });
  const nHte = Math.max(1, Math.round(100 * scale));
  const nTsme = Math.max(1, Math.round(20 * scale));
  const picked = rng.shuffle([...candidates]).slice(0, nHte + nTsme);
  const span = daysBetween(FIRST_DAY, LAST_DAY);
  return picked.map((e, i) => {
    const designation: 'HTE' | 'TSME' = i < nHte ? 'HTE' : 'TSME';
    const eligibleData = rng.int(0, 99) >= 15; // ~15% miss a condition
    const on = addDays(FIRST_DAY, rng.int(0, span));
    const request: AssessmentRequest =
      designation === 'HTE' ? { designation, year: YEAR, input: hteInput(rng, e, eligibleData) } : { designation, year: YEAR, input: tsmeInput(rng, eligibleData) };
    const result = assess(request, on, { hteHeld: false }, policyBook);
    const decidedOn = addDays(on, rng.int(10, 60));
    const approve = result.qualified && rng.int(0, 99) >= 8; // a few eligible ones are rejected on review
    const validity = approve ? grantValidity(designation, YEAR, decidedOn, policyBook.require('designationValidity', decidedOn)) : null;
    const grant = validity?.ok ? { code: designation, validFrom: validity.validFrom, validTo: validity.validTo } : null;
    const reason = grant ? '评审通过' : result.qualified ? '专家评审未通过' : `不符合条件：${result.failed.join('、')}`;
    return {
      enterpriseId: e.enterpriseId,
      body: { ...request, on },
      qualified: result.qualified,
      failed: result.failed,
      decision: { decision: grant ? 'approved' : 'rejected', reason, decidedOn },
      grant,
    };
  });
}
