/**
 * Enterprises and designation grants. Designation counts on 2024-12-31 equal the published registry figures
 * (§8) exactly: each count is drawn without replacement from the enterprises tech on that date. Validity
 * spans are 3 years (validTo = validFrom + 3y − 1 day), OTHER_TECH open-ended.
 */
import { addDays, addYears, fromEpochDay, toEpochDay } from '@techcredit/money';
import { makeUscc, ZONES, CLUSTER_IDS, type ClusterId, type DesignationCode, type PrefectureCode, type ZoneId } from '@techcredit/reference';
import type { Targets } from './calibration';
import { TECH_2024, TECH_BOTH, type Cohort, type CohortSizes } from './cohorts';
import { enterpriseName } from './names';
import type { Rng } from './prng';
import type { DesignationGrantRecord, EnterpriseRecord } from './types';

export interface GeneratedEnterprise extends EnterpriseRecord {
  cohort: Cohort;
  grants: DesignationGrantRecord[];
}

/** Enterprises per prefecture (relative weights: the capital and the northern slope dominate). */
export const PREFECTURE_WEIGHTS: readonly (readonly [PrefectureCode, number])[] = [
  ['6501', 30], ['6523', 14], ['6502', 8], ['6528', 8], ['6540', 8], ['6529', 7], ['6505', 5], ['6531', 5],
  ['6504', 3], ['6542', 3], ['6532', 3], ['6527', 2], ['6543', 2], ['6530', 1],
];

/** A uniform date in [from, to]. */
export function dateBetween(rng: Rng, from: string, to: string): string {
  return fromEpochDay(rng.int(toEpochDay(from), toEpochDay(to)));
}

const threeYears = (from: string): string => addDays(addYears(from, 3), -1);

function grant(enterpriseId: string, code: DesignationCode, validFrom: string): DesignationGrantRecord {
  return { enterpriseId, code, validFrom, validTo: code === 'OTHER_TECH' ? null : threeYears(validFrom) };
}

/** Which designations each enterprise tech at end 2024 holds then: exact published counts (§8). */
function assignCodes(rng: Rng, pool: readonly number[], t: Targets): Map<number, DesignationCode[]> {
  const held = new Map<number, DesignationCode[]>(pool.map((i) => [i, []]));
  const give = (members: readonly number[], code: DesignationCode): void => members.forEach((i) => held.get(i)?.push(code));
  const take = (from: readonly number[], n: number): number[] => {
    if (n > from.length) throw new RangeError(`cannot give ${n} designations to ${from.length} enterprises`);
    return rng.shuffle(from).slice(0, n);
  };
  const hte = take(pool, t.registry.HTE);
  give(hte, 'HTE');
  give(take(pool, t.registry.TSME), 'TSME');
  const isme = take(pool, t.registry.ISME);
  give(isme, 'ISME');
  // 专精特新 enterprises are drawn from the 创新型 ones; 小巨人 from 专精特新; 示范/冠军 from high-tech
  const srdi = take(isme, t.registry.SRDI);
  give(srdi, 'SRDI');
  give(take(srdi, Math.round((srdi.length * 7) / 100)), 'LITTLE_GIANT');
  give(take(hte, Math.round(8 * t.scale)), 'DEMO');
  give(take(hte, Math.round(4 * t.scale)), 'CHAMPION');
  for (const codes of held.values()) if (codes.length === 0) codes.push('OTHER_TECH');
  return held;
}

/** Grants of one enterprise by cohort (see cohorts.ts): when its designations start and end. */
function grantsFor(rng: Rng, id: string, cohort: Cohort, codes: readonly DesignationCode[]): DesignationGrantRecord[] {
  if (TECH_BOTH.includes(cohort)) {
    // the first code is held since 2022, so the enterprise is tech through 2023–2024; others may be newer
    const out = codes.map((code, k) =>
      grant(id, code, code === 'OTHER_TECH' ? dateBetween(rng, '2019-01-01', '2022-12-31') : dateBetween(rng, '2022-01-01', k === 0 ? '2022-12-31' : '2024-09-30')),
    );
    if (cohort === 'A' && rng.chance(5)) {
      const lapsed = (['HTE', 'TSME', 'ISME'] as const).find((c) => !codes.includes(c));
      if (lapsed) out.push(grant(id, lapsed, dateBetween(rng, '2021-01-02', '2021-11-30'))); // expired in 2024
    }
    return out;
  }
  if (cohort === 'D1a' || cohort === 'D1b') {
    return codes.map((code) => grant(id, code, dateBetween(rng, '2024-01-02', '2024-08-31')));
  }
  if (cohort === 'B') {
    // every designation lapses during 2024 (granted in 2021, three years)
    const n = rng.chance(30) ? 2 : 1;
    return rng.shuffle(['HTE', 'TSME', 'ISME'] as const).slice(0, n).map((code) => grant(id, code, dateBetween(rng, '2021-01-02', '2021-11-30')));
  }
  // F: never tech in 2023–2024; some once held a designation
  return rng.chance(30) ? [grant(id, 'TSME', dateBetween(rng, '2018-01-01', '2019-12-31'))] : [];
}

/** Generate every enterprise with its cohort and grants. Enterprise ids are valid USCCs (GB 32100). */
export function generateEnterprises(rng: Rng, sizes: CohortSizes, t: Targets): GeneratedEnterprise[] {
  const cohorts: Cohort[] = [];
  for (const c of ['A', 'B', 'C', 'D1a', 'D1b', 'D2', 'E1', 'E2', 'F'] as const) for (let i = 0; i < sizes[c]; i++) cohorts.push(c);
  const order = rng.shuffle(cohorts.map((_, i) => i)); // registration order mixes the cohorts
  const pool = order.filter((i) => TECH_2024.includes(cohorts[i] as Cohort));
  const codes = assignCodes(rng, pool, t);
  const names = new Set<string>();
  return order.map((i, seq) => {
    const cohort = cohorts[i] as Cohort;
    const prefecture = rng.weighted(PREFECTURE_WEIGHTS);
    const zones = ZONES.filter((z) => z.prefecture === prefecture);
    const zone: ZoneId | null = zones.length > 0 && rng.chance(40) ? rng.pick(zones).id : null;
    const cluster: ClusterId | null = rng.chance(75) ? rng.pick(CLUSTER_IDS) : null;
    // a permutation of the organisation-code space (97,654,321 is prime to 31), so codes look scattered
    const enterpriseId = makeUscc((1_000_003 + seq * 97_654_321) % 31 ** 8, `${prefecture}00`);
    const grants = grantsFor(rng, enterpriseId, cohort, codes.get(i) ?? []);
    // founded before its first designation; the 2024 newcomers are often young (startups, §2 stage)
    const first = cohort === 'D1a' ? '2024-12-31' : '2022-06-30';
    const earliest = grants.reduce((m, g) => (g.validFrom < m ? g.validFrom : m), first);
    return {
      enterpriseId,
      name: enterpriseName(rng, prefecture, cluster, names),
      prefecture,
      zone,
      cluster,
      establishedOn: addDays(earliest, -rng.int(120, 9_000)),
      cohort,
      grants,
    };
  });
}
