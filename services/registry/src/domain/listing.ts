/** Paging of registry lists (DOMAIN.md §1): stable order by id, then offset/limit. Pure. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export function page<T>(items: readonly T[], idOf: (t: T) => string, limit: number, offset: number): Page<T> {
  const sorted = [...items].sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
  return { items: sorted.slice(offset, offset + limit), total: sorted.length, limit, offset };
}
