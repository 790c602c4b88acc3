/**
 * The loan-topic event stream of the scenario: ids derived from the PRNG (uuid v4 shaped), ordered by date;
 * within a day disbursements come first, then pledges, repayments and write-offs (Asia/Shanghai times).
 */
import { UNIT_FEN } from './calibration';
import { byDisbursement, type LoanPlan } from './loans';
import { PledgeFactory } from './pledges';
import type { Rng } from './prng';
import type { LoanEventRecord } from './types';

type Draft = { [T in LoanEventRecord['type']]: { type: T; data: Extract<LoanEventRecord, { type: T }>['data'] } }[LoanEventRecord['type']] & {
  on: string;
  seq: number;
};

const HOUR: Record<LoanEventRecord['type'], number> = { 'loan.disbursed': 10, 'pledge.registered': 11, 'loan.repaid': 15, 'loan.written_off': 16 };
const RANK: Record<LoanEventRecord['type'], number> = { 'loan.disbursed': 0, 'pledge.registered': 1, 'loan.repaid': 2, 'loan.written_off': 3 };

/** Loan ids `LN-<year>-<nnnnnn>` in disbursement order; every event of the plan, ordered and identified. */
export function loanEvents(rng: Rng, plans: readonly LoanPlan[], pledges: PledgeFactory): LoanEventRecord[] {
  const drafts: Draft[] = [];
  const perYear = new Map<string, number>();
  [...plans].sort(byDisbursement).forEach((p) => {
    const year = p.disbursedOn.slice(0, 4);
    const n = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, n);
    const loanId = `LN-${year}-${String(n).padStart(6, '0')}`;
    const seq = drafts.length;
    drafts.push({
      type: 'loan.disbursed',
      on: p.disbursedOn,
      seq,
      data: {
        loanId,
        bankId: p.bankId,
        enterpriseId: p.enterpriseId,
        principalFen: p.principal * UNIT_FEN,
        rateBp: p.rateBp,
        disbursedOn: p.disbursedOn,
        maturityOn: p.maturityOn,
        guaranteeType: p.guaranteeType,
      },
    });
    if (p.guaranteeType === 'ip_pledge') drafts.push({ type: 'pledge.registered', on: p.disbursedOn, seq, data: pledges.pledgeFor(p, loanId) });
    for (const m of p.movements) {
      const amountFen = m.amount * UNIT_FEN;
      if (m.kind === 'repaid') drafts.push({ type: 'loan.repaid', on: m.on, seq, data: { loanId, amountFen, repaidOn: m.on } });
      else drafts.push({ type: 'loan.written_off', on: m.on, seq, data: { loanId, amountFen, writtenOffOn: m.on } });
    }
  });
  drafts.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : RANK[a.type] - RANK[b.type] || a.seq - b.seq));
  const perSlot = new Map<string, number>();
  return drafts.map(({ on, seq: _seq, ...e }) => {
    const slot = `${on}|${e.type}`;
    const k = perSlot.get(slot) ?? 0;
    perSlot.set(slot, k + 1);
    const time = `${String(HOUR[e.type] + Math.floor(k / 3600)).padStart(2, '0')}:${String(Math.floor(k / 60) % 60).padStart(2, '0')}:${String(k % 60).padStart(2, '0')}`;
    return { id: rng.uuid(), occurredAt: `${on}T${time}+08:00`, ...e } as LoanEventRecord;
  });
}
