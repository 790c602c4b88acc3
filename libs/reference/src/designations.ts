/** Enterprise designations (DOMAIN.md §1). A tech enterprise on a date holds ≥ 1 designation valid that day. */

export const DESIGNATIONS = {
  HTE: '高新技术企业',
  TSME: '科技型中小企业',
  ISME: '创新型中小企业',
  SRDI: '专精特新中小企业',
  LITTLE_GIANT: '专精特新"小巨人"',
  DEMO: '国家级技术创新示范企业',
  CHAMPION: '制造业单项冠军',
  OTHER_TECH: '其他入库科技企业',
} as const;
export type DesignationCode = keyof typeof DESIGNATIONS;
export const DESIGNATION_CODES = Object.keys(DESIGNATIONS) as [DesignationCode, ...DesignationCode[]];

export function isDesignationCode(s: unknown): s is DesignationCode {
  return typeof s === 'string' && Object.hasOwn(DESIGNATIONS, s);
}

/** One designation held by an enterprise; dates are `YYYY-MM-DD`, both inclusive, validTo open if absent/null. */
export interface HeldDesignation<C extends string = DesignationCode> {
  code: C;
  validFrom: string;
  validTo?: string | null;
}

/** True if the designation is valid on `date` (validFrom ≤ date ≤ validTo). ISO dates compare as strings. */
export function isDesignationValidOn(d: HeldDesignation<string>, date: string): boolean {
  return d.validFrom <= date && (d.validTo == null || date <= d.validTo);
}

/** The set of codes valid on `date`. */
export function designationsValidOn<C extends string>(designations: readonly HeldDesignation<C>[], date: string): Set<C> {
  const out = new Set<C>();
  for (const d of designations) if (isDesignationValidOn(d, date)) out.add(d.code);
  return out;
}

/** A tech enterprise on `date`: at least one designation valid that day (optionally one of `among`). */
export function isTechOn<C extends string>(
  designations: readonly HeldDesignation<C>[],
  date: string,
  among?: readonly C[],
): boolean {
  return designations.some((d) => isDesignationValidOn(d, date) && (among === undefined || among.includes(d.code)));
}
