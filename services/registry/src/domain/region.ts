/** Region scopes of the read APIs (DOMAIN.md §1): '65' is the whole region, else one prefecture code. */
export const WHOLE_REGION = '65';

/**
 * The prefecture filter for a list: the requested prefecture intersected with the caller's region scope.
 * `null` = no filter (all prefectures); `false` = the intersection is empty (nothing to return).
 */
export function prefectureFilter(prefecture: string | undefined, region: string | undefined): string | null | false {
  const scope = region === undefined || region === WHOLE_REGION ? undefined : region;
  if (prefecture !== undefined && scope !== undefined && prefecture !== scope) return false;
  return prefecture ?? scope ?? null;
}
