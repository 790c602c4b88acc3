/**
 * Registry counts (DOMAIN.md §1, §8 "registry, end 2024"): how many enterprises hold each designation on a
 * date, and how many are tech enterprises (at least one designation valid that day). Pure.
 */
import { DESIGNATION_CODES, designationsValidOn, type DesignationCode, type HeldDesignation } from '@techcredit/reference';

export interface DesignationCounts {
  /** Every designation code, 0 when nobody holds it. An enterprise counts once per code it holds. */
  counts: Record<DesignationCode, number>;
  /** Enterprises holding at least one designation valid on the date. */
  techEnterprises: number;
}

export function designationCounts(enterprises: Iterable<{ designations: readonly HeldDesignation[] }>, asOf: string): DesignationCounts {
  const counts = Object.fromEntries(DESIGNATION_CODES.map((c) => [c, 0])) as Record<DesignationCode, number>;
  let techEnterprises = 0;
  for (const e of enterprises) {
    const held = designationsValidOn(e.designations, asOf);
    if (held.size > 0) techEnterprises += 1;
    for (const code of held) counts[code] += 1;
  }
  return { counts, techEnterprises };
}
