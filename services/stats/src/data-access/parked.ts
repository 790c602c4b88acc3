/**
 * Loan events this service has parked (prerequisite missing, DOMAIN.md §4 "parked and retried") for one
 * loan, for the pending note of the loan view. Parked events are few; the scan is bounded.
 */
import { parkedModel, type Connection } from '@techcredit/store';
import type { ParkedNote } from '../entry-points/loan-view';

const MAX_SCANNED = 10_000;

export function parkedLoanEvents(conn: Connection, group: string) {
  return async (loanId: string): Promise<ParkedNote[]> => {
    const docs = await parkedModel(conn).find({ group }, { envelope: 1, reason: 1, firstParkedAt: 1 }).limit(MAX_SCANNED).lean();
    const out: ParkedNote[] = [];
    for (const d of docs) {
      const env = JSON.parse(d.envelope) as { id: string; type: string; subject: string };
      if (env.subject === loanId) out.push({ eventId: env.id, type: env.type, reason: d.reason, since: new Date(d.firstParkedAt).toISOString() });
    }
    return out.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : 0));
  };
}
