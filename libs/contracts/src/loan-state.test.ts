import fc from 'fast-check';
import {
  applyExtension,
  applyRepayment,
  balanceSegments,
  foldLoanEvents,
  foldLoans,
  isFullyRepaid,
  isWrittenOff,
  loanFromDisbursement,
  outstandingOn,
  recordedBalance,
  settledOn,
  type LoanState,
} from './loan-state';
import type { LoanDisbursed, LoanEventLike } from './loans';

const disbursed: LoanDisbursed = {
  loanId: 'L1',
  bankId: 'B1',
  enterpriseId: '91650100MA77XYW12K',
  principalFen: 1_000_000,
  rateBp: 400,
  disbursedOn: '2024-03-10',
  maturityOn: '2025-03-10',
  guaranteeType: 'credit',
};

function mustApply(loan: LoanState, kind: 'repaid' | 'written_off', amountFen: number, on: string, eventId: string): LoanState {
  const r = applyRepayment(loan, { kind, amountFen, on, eventId });
  if (!r.ok) throw new Error(r.message);
  return r.loan;
}

describe('outstanding balance', () => {
  // principal 1,000,000; repaid 300,000 on 2024-06-01; written off 200,000 on 2024-09-01.
  const loan = mustApply(mustApply(loanFromDisbursement(disbursed), 'written_off', 200_000, '2024-09-01', 'e2'), 'repaid', 300_000, '2024-06-01', 'e1');

  it('is principal − movements on or before the date (end of day), 0 before disbursement', () => {
    expect(outstandingOn(loan, '2024-03-09')).toBe(0);
    expect(outstandingOn(loan, '2024-03-10')).toBe(1_000_000);
    expect(outstandingOn(loan, '2024-05-31')).toBe(1_000_000);
    expect(outstandingOn(loan, '2024-06-01')).toBe(700_000); // 1,000,000 − 300,000
    expect(outstandingOn(loan, '2024-09-01')).toBe(500_000); // 700,000 − 200,000
    expect(recordedBalance(loan)).toBe(500_000);
  });

  it('keeps movements in date order whatever the order of arrival', () => {
    expect(loan.movements.map((m) => m.eventId)).toEqual(['e1', 'e2']);
  });

  it('gives balance-constant segments, a movement lowering the balance from its own day', () => {
    expect(balanceSegments(loan)).toEqual([
      { from: '2024-03-10', toExclusive: '2024-06-01', balanceFen: 1_000_000 },
      { from: '2024-06-01', toExclusive: '2024-09-01', balanceFen: 700_000 },
      { from: '2024-09-01', toExclusive: null, balanceFen: 500_000 },
    ]);
  });

  it('tells written off from fully repaid', () => {
    expect(isWrittenOff(loan)).toBe(true);
    expect(isWrittenOff(loan, '2024-08-31')).toBe(false);
    const repaid = mustApply(loan, 'repaid', 500_000, '2024-12-01', 'e3');
    expect(isFullyRepaid(repaid)).toBe(false); // a write-off is not a repayment
    const clean = mustApply(mustApply(loanFromDisbursement(disbursed), 'repaid', 400_000, '2024-05-01', 'a'), 'repaid', 600_000, '2024-08-01', 'b');
    expect(isFullyRepaid(clean)).toBe(true);
    expect(isFullyRepaid(clean, '2024-07-31')).toBe(false);
    expect(isFullyRepaid(clean, '2024-08-01')).toBe(true);
    expect(settledOn(clean)).toBe('2024-08-01');
    expect(settledOn(loan)).toBeUndefined();
    expect(balanceSegments(clean)).toEqual([
      { from: '2024-03-10', toExclusive: '2024-05-01', balanceFen: 1_000_000 },
      { from: '2024-05-01', toExclusive: '2024-08-01', balanceFen: 600_000 },
    ]);
  });
});

describe('applyRepayment', () => {
  const loan = mustApply(loanFromDisbursement(disbursed), 'repaid', 600_000, '2024-12-01', 'late');

  it('refuses a repayment exceeding principal − all recorded movements, even one dated earlier', () => {
    // On 2024-06-01 the balance was still 1,000,000, but 600,000 is already recorded for December:
    // 1,000,000 − 600,000 = 400,000 < 400,001, so the stream would go negative.
    const r = applyRepayment(loan, { kind: 'repaid', amountFen: 400_001, on: '2024-06-01', eventId: 'early' });
    expect(r).toEqual({ ok: false, reason: 'EXCEEDS_BALANCE', message: expect.stringContaining('400001') });
    const w = applyRepayment(loan, { kind: 'written_off', amountFen: 400_001, on: '2025-01-01', eventId: 'wo' });
    expect(w.ok === false && w.reason).toBe('EXCEEDS_BALANCE');
    const ok = applyRepayment(loan, { kind: 'repaid', amountFen: 400_000, on: '2024-06-01', eventId: 'early' });
    expect(ok.ok && recordedBalance(ok.loan)).toBe(0);
  });

  it('refuses a movement dated before the disbursement or for another loan', () => {
    const r = applyRepayment(loan, { kind: 'repaid', amountFen: 1, on: '2024-03-09', eventId: 'x' });
    expect(r.ok === false && r.reason).toBe('BEFORE_DISBURSEMENT');
    const w = applyRepayment(loan, { kind: 'repaid', amountFen: 1, on: '2024-04-01', eventId: 'x', loanId: 'L2' });
    expect(w.ok === false && w.reason).toBe('WRONG_LOAN');
  });

  it('ignores the same event id twice', () => {
    const r = applyRepayment(loan, { kind: 'repaid', amountFen: 600_000, on: '2024-12-01', eventId: 'late' });
    expect(r).toEqual({ ok: true, loan, duplicate: true });
  });
});

describe('extensions', () => {
  it('takes the latest extension by extendedOn and keeps the original maturity', () => {
    let loan = loanFromDisbursement(disbursed);
    loan = applyExtension(loan, { maturityOn: '2026-03-10', extendedOn: '2025-02-01', eventId: 'x2' });
    loan = applyExtension(loan, { maturityOn: '2025-09-10', extendedOn: '2025-01-01', eventId: 'x1' });
    expect(loan.maturityOn).toBe('2026-03-10');
    expect(loan.originalMaturityOn).toBe('2025-03-10');
    expect(applyExtension(loan, { maturityOn: '2030-01-01', extendedOn: '2025-02-01', eventId: 'x2' })).toBe(loan);
  });
});

// ---- folding events -------------------------------------------------------------------------

const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const day = (n: number): string => new Date(Date.UTC(2023, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

/** A valid event stream of one loan: disbursement, then up to 4 movements that never exceed the balance. */
const loanStream = (loanId: string, idBase: number): fc.Arbitrary<LoanEventLike[]> =>
  fc
    .record({
      start: fc.integer({ min: 0, max: 700 }),
      principal: fc.integer({ min: 1, max: 5_000_000_000 }),
      moves: fc.array(fc.record({ gap: fc.integer({ min: 0, max: 200 }), share: fc.integer({ min: 1, max: 100 }), wo: fc.boolean() }), { maxLength: 4 }),
    })
    .map(({ start, principal, moves }) => {
      const events: LoanEventLike[] = [
        {
          id: uuid(idBase),
          type: 'loan.disbursed',
          data: { ...disbursed, loanId, principalFen: principal, disbursedOn: day(start), maturityOn: day(start + 365) },
        },
      ];
      let balance = principal;
      let at = start;
      moves.forEach((m, i) => {
        at += m.gap;
        const amount = Math.ceil((balance * m.share) / 100);
        if (amount <= 0 || amount > balance) return;
        balance -= amount;
        const id = uuid(idBase + i + 1);
        events.push(
          m.wo
            ? { id, type: 'loan.written_off', data: { loanId, amountFen: amount, writtenOffOn: day(at) } }
            : { id, type: 'loan.repaid', data: { loanId, amountFen: amount, repaidOn: day(at) } },
        );
      });
      return events;
    });

describe('foldLoanEvents', () => {
  it('parks movements until the disbursement is known, then applies them', () => {
    const repaid: LoanEventLike = { id: uuid(2), type: 'loan.repaid', data: { loanId: 'L1', amountFen: 10, repaidOn: '2024-04-01' } };
    expect(foldLoanEvents([repaid])).toEqual({ loan: undefined, pending: [repaid], refused: [] });
    const fold = foldLoanEvents([repaid, { id: uuid(1), type: 'loan.disbursed', data: disbursed }]);
    expect(fold.pending).toEqual([]);
    expect(fold.loan && outstandingOn(fold.loan, '2024-04-01')).toBe(999_990);
  });

  it('refuses the later-dated movement of an over-paying stream, whatever the arrival order', () => {
    const events: LoanEventLike[] = [
      { id: uuid(1), type: 'loan.disbursed', data: disbursed },
      { id: uuid(3), type: 'loan.repaid', data: { loanId: 'L1', amountFen: 700_000, repaidOn: '2024-08-01' } },
      { id: uuid(2), type: 'loan.repaid', data: { loanId: 'L1', amountFen: 700_000, repaidOn: '2024-05-01' } },
    ];
    const a = foldLoanEvents(events);
    const b = foldLoanEvents([...events].reverse());
    expect(a).toEqual(b);
    expect(a.refused).toEqual([{ eventId: uuid(3), type: 'loan.repaid', reason: 'EXCEEDS_BALANCE', message: expect.any(String) }]);
  });

  it('property: the state does not depend on the order or repetition of events', () => {
    const streams = fc.tuple(loanStream('A', 100), loanStream('B', 200), loanStream('C', 300)).map((s) => s.flat());
    const arrivals = streams.chain((events) =>
      fc.tuple(
        fc.constant(events),
        fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
        fc.subarray(events),
      ),
    );
    fc.assert(
      fc.property(arrivals, ([events, shuffled, repeats]) => {
        const a = foldLoans(events);
        const b = foldLoans([...shuffled, ...repeats]);
        expect(b).toEqual(a);
        for (const fold of a.values()) {
          expect(fold.refused).toEqual([]); // a valid stream is never refused
          expect(fold.loan && recordedBalance(fold.loan)).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});
