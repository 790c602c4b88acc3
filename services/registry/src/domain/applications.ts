/** Listing designation applications (DOMAIN.md §9.3): counts per status of the whole selection, then a page. Pure. */
import type { ApplicationStatus } from '@techcredit/contracts';

export interface Listed {
  status: ApplicationStatus;
  designation: string;
}

export function applicationListing<T extends Listed>(all: readonly T[], f: { status?: ApplicationStatus; designation?: string }, limit: number, offset: number) {
  const selected = all.filter((a) => f.designation === undefined || a.designation === f.designation);
  const counts: Record<ApplicationStatus | 'total', number> = { pending: 0, approved: 0, rejected: 0, total: selected.length };
  for (const a of selected) counts[a.status] += 1;
  const items = selected.filter((a) => f.status === undefined || a.status === f.status);
  return { counts, items: items.slice(offset, offset + limit), total: items.length, limit, offset };
}
