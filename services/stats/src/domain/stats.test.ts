import fc from 'fast-check';
import { computeLendingStats, figuresAt, groupBy, outstandingOn, positionsOn, techTest, zeroFigures } from './index';
import type { StatsEnterprise, StatsInput, StatsLoan } from './types';

const M = 1_000_000; // 1万元 = 1,000,000 fen; amounts below are in units of M

const ent = (id: string, prefecture: string, zone: string | null, designations: StatsEnterprise['designations']): StatsEnterprise => ({
  enterpriseId: id,
  prefecture,
  zone,
  cluster: null,
  designations,
});
const enterprises: StatsEnterprise[] = [
  ent('E1', '6501', 'Z1', [{ code: 'HTE', validFrom: '2023-01-01', validTo: null }]),
  // loses its only designation on 2024-06-30: tech at end 2023, not at end 2024
  ent('E2', '6502', null, [{ code: 'TSME', validFrom: '2022-06-01', validTo: '2024-06-30' }]),
  // two designations: counted once in the total, once in each designation slice
  ent('E3', '6501', null, [
    { code: 'HTE', validFrom: '2023-01-01', validTo: null },
    { code: 'SRDI', validFrom: '2023-01-01', validTo: null },
  ]),
  ent('E4', '6505', null, []), // never tech
  ent('E5', '6523', null, [{ code: 'TSME', validFrom: '2024-03-01', validTo: null }]), // tech from 2024-03-01
];
const loan = (loanId: string, bankId: string, enterpriseId: string, principal: number, guaranteeType: StatsLoan['guaranteeType'], disbursedOn: string, movements: [StatsLoan['movements'][number]['kind'], number, string][] = []): StatsLoan => ({
  loanId, bankId, enterpriseId, principalFen: principal * M, guaranteeType, disbursedOn,
  movements: movements.map(([kind, amount, on]) => ({ kind, amountFen: amount * M, on })),
});
const loans: StatsLoan[] = [
  loan('L1', 'B1', 'E1', 100, 'credit', '2023-03-01', [['repaid', 20, '2023-09-01'], ['repaid', 30, '2024-06-01']]),
  loan('L2', 'B2', 'E2', 150, 'guarantee', '2023-05-01'),
  loan('L3', 'B1', 'E3', 300, 'ip_pledge', '2024-02-01', [['written_off', 100, '2024-11-30']]),
  loan('L4', 'B2', 'E3', 50, 'credit', '2024-04-01'),
  loan('L5', 'B1', 'E4', 999, 'credit', '2024-01-10'),
  loan('L6', 'B2', 'E5', 80, 'credit', '2024-02-01'), // before E5 became tech
  loan('L7', 'B1', 'E1', 40, 'ip_pledge', '2023-07-01', [['repaid', 40, '2024-03-01']]),
  loan('L8', 'B2', 'E2', 60, 'ip_pledge', '2023-08-01'),
];
const input: StatsInput = {
  enterprises,
  loans,
  totalLoans: [
    { date: '2023-12-31', balanceFen: 1_000_000 * M },
    { date: '2024-12-31', balanceFen: 1_079_000 * M }, // +7.90%
  ],
};

describe('outstanding balance', () => {
  it('subtracts repayments and write-offs dated on or before D', () => {
    const [l1, , l3] = loans as [StatsLoan, StatsLoan, StatsLoan];
    expect(outstandingOn(l1, '2023-08-31')).toBe(100 * M);
    expect(outstandingOn(l1, '2023-09-01')).toBe(80 * M); // end of day: the repayment counts
    expect(outstandingOn(l1, '2024-12-31')).toBe(50 * M); // 100 − 20 − 30
    expect(outstandingOn(l3, '2024-11-29')).toBe(300 * M);
    expect(outstandingOn(l3, '2024-12-31')).toBe(200 * M); // write-off reduces the balance
    expect(outstandingOn(l3, '2024-01-31')).toBe(0); // not yet disbursed
  });
});

describe('computeLendingStats (§7) on a hand-worked registry', () => {
  const s = computeLendingStats(input, '2024-12-31');

  it('counts supported enterprises on both dates', () => {
    // 2024-12-31: E1 (50), E3 (200 + 50), E5 (80); E2 lost its designation, E4 is not tech → 3
    // 2023-12-31: E1 (80 + 40), E2 (150 + 60); E3 has no loan yet, E5 not tech → 2
    expect(s.previous).toBe('2023-12-31');
    expect(s.supportedEnterprises).toEqual({ value: 3, previous: 2, change: 1, growth: { num: '50', den: '1', value: '50.00' } });
  });

  it('sums balances of enterprises tech on D only', () => {
    // 2024: L1 50 + L3 200 + L4 50 + L6 80 + L7 0 = 380 (L2, L8 of E2 and L5 of E4 excluded)
    // 2023: L1 80 + L2 150 + L7 40 + L8 60 = 330;  growth = 50/330 = 15.1515…%
    expect(s.balance.fen).toBe(380 * M);
    expect(s.balance.previousFen).toBe(330 * M);
    expect(s.balance.growth?.value).toBe('15.15');
    expect(s.balance.yi).toBe('0.04'); // 380万元 = 0.038亿元
  });

  it('computes the spread over all loans from unrounded growths', () => {
    // 50/330·100 − 7.9 = 7.2515… → 7.25
    expect(s.allLoans?.growth?.value).toBe('7.90');
    expect(s.spread?.value).toBe('7.25');
    expect(BigInt(s.spread!.num) * 330n * 10n).toBe(BigInt(s.spread!.den) * (5000n * 10n - 79n * 330n));
  });

  it('counts credit loans issued Jan 1..D to enterprises tech on the disbursement date', () => {
    // 2024: L4 50 only (L5: E4 never tech; L6: E5 not tech on 2024-02-01);  2023: L1 100 → −50%
    expect(s.creditLoansIssued.fen).toBe(50 * M);
    expect(s.creditLoansIssued.previousFen).toBe(100 * M);
    expect(s.creditLoansIssued.growth?.value).toBe('-50.00');
  });

  it('counts IP-pledge enterprise-times and balance', () => {
    // times 2024: L3 → 1; 2023: L7, L8 → 2 (−50%). balance 2024: L3 200 (L7 repaid, L8's E2 not tech); 2023: 40 + 60 = 100 → +100%
    expect(s.ipPledge.enterpriseTimes).toMatchObject({ value: 1, previous: 2, change: -1 });
    expect(s.ipPledge.enterpriseTimes.growth?.value).toBe('-50.00');
    expect(s.ipPledge.balance).toMatchObject({ fen: 200 * M, previousFen: 100 * M });
    expect(s.ipPledge.balance.growth?.value).toBe('100.00');
  });

  it('counts designations valid on D', () => {
    expect(s.registry).toEqual({ HTE: 2, SRDI: 1, TSME: 1 });
  });

  it('uses Feb 28 as the year-earlier date of Feb 29', () => {
    const leap: StatsInput = {
      enterprises: [ent('E1', '6501', null, [{ code: 'HTE', validFrom: '2020-01-01', validTo: null }])],
      loans: [loan('A', 'B1', 'E1', 10, 'credit', '2023-02-28'), loan('B', 'B1', 'E1', 7, 'credit', '2023-03-01'), loan('C', 'B1', 'E1', 20, 'credit', '2024-02-29')],
      totalLoans: [],
    };
    const t = computeLendingStats(leap, '2024-02-29');
    expect(t.previous).toBe('2023-02-28');
    expect(t.prior.balanceFen).toBe(10 * M); // A only: B is disbursed after 2023-02-28
    expect(t.creditLoansIssued).toMatchObject({ fen: 20 * M, previousFen: 10 * M });
    expect(t.balance.fen).toBe(37 * M);
    expect(t.allLoans).toBeNull();
    expect(t.spread).toBeNull();
  });
});

describe('groupBy slices', () => {
  it('designation slices double count an enterprise holding several designations', () => {
    const by = groupBy(input, '2024-12-31', 'designation');
    // HTE: E1 50 + E3 250 = 300; SRDI: E3 250; TSME: E5 80 (E2's TSME expired) → 630 > total 380
    expect(by.HTE?.balance.fen).toBe(300 * M);
    expect(by.SRDI?.balance.fen).toBe(250 * M);
    expect(by.TSME?.balance.fen).toBe(80 * M);
    expect((by.HTE?.supportedEnterprises.value ?? 0) + (by.SRDI?.supportedEnterprises.value ?? 0) + (by.TSME?.supportedEnterprises.value ?? 0)).toBe(4);
    // 2023 TSME slice: E2 (150 + 60)
    expect(by.TSME?.balance.previousFen).toBe(210 * M);
  });

  it('bank slices count an enterprise borrowing from two banks in both', () => {
    const by = groupBy(input, '2024-12-31', 'bank');
    // B1: L1 50 + L3 200 = 250 (E1, E3); B2: L4 50 + L6 80 = 130 (E3, E5)
    expect(by.B1).toMatchObject({ balance: { fen: 250 * M }, supportedEnterprises: { value: 2 } });
    expect(by.B2).toMatchObject({ balance: { fen: 130 * M }, supportedEnterprises: { value: 2 } });
  });

  it('region slices partition the total', () => {
    const by = groupBy(input, '2024-12-31', 'prefecture');
    expect(Object.keys(by)).toEqual(['6501', '6502', '6505', '6523']);
    expect(by['6501']?.balance.fen).toBe(300 * M);
    expect(by['6523']?.balance.fen).toBe(80 * M);
    const zones = groupBy(input, '2024-12-31', 'zone');
    expect(zones.Z1?.balance.fen).toBe(50 * M);
    expect(zones.none?.balance.fen).toBe(330 * M);
    expect(zones.Z1?.spread).not.toBeNull(); // all-loans totals are region-wide
  });

  it('region slices sum to the total for any registry (property)', () => {
    const day = fc.integer({ min: 0, max: 729 }).map((d) => new Date(Date.UTC(2023, 0, 1 + d)).toISOString().slice(0, 10));
    const arb = fc.record({
      ents: fc.array(fc.record({ pref: fc.constantFrom('6501', '6502', '6504'), from: day, to: fc.option(day), code: fc.constantFrom('HTE', 'TSME') }), { minLength: 1, maxLength: 6 }),
      loans: fc.array(fc.record({ e: fc.nat(5), p: fc.integer({ min: 1, max: 1000 }), on: day, rep: fc.integer({ min: 0, max: 1000 }), repOn: day, ip: fc.boolean() }), { maxLength: 12 }),
    });
    fc.assert(
      fc.property(arb, ({ ents, loans: ls }) => {
        const es = ents.map((e, i) => ent(`E${i}`, e.pref, null, [{ code: e.code, validFrom: e.from, validTo: e.to }]));
        const lsIn = ls.map((l, i) => loan(`L${i}`, 'B', `E${l.e % es.length}`, l.p, l.ip ? 'ip_pledge' : 'credit', l.on, [['repaid', Math.min(l.rep, l.p), l.repOn]]));
        const inp = { enterprises: es, loans: lsIn, totalLoans: [] };
        const total = computeLendingStats(inp, '2024-12-31');
        const parts = Object.values(groupBy(inp, '2024-12-31', 'prefecture'));
        const sum = (f: (s: typeof total) => number) => parts.reduce((a, s) => a + f(s), 0);
        expect(sum((s) => s.balance.fen)).toBe(total.balance.fen);
        expect(sum((s) => s.supportedEnterprises.previous)).toBe(total.supportedEnterprises.previous);
        expect(sum((s) => s.creditLoansIssued.fen)).toBe(total.creditLoansIssued.fen);
        expect(sum((s) => s.ipPledge.enterpriseTimes.value)).toBe(total.ipPledge.enterpriseTimes.value);
      }),
    );
  });
});

describe('figuresAt from aggregated positions', () => {
  it('gives the same figures as the loan-level computation', () => {
    const f = figuresAt('2024-12-31', positionsOn(loans, '2024-12-31'), techTest(enterprises));
    expect(f).toEqual(computeLendingStats(input, '2024-12-31').current);
    expect(f).toEqual({ ...zeroFigures('2024-12-31'), supportedEnterprises: 3, balanceFen: 380 * M, creditLoansIssuedFen: 50 * M, ipPledgeEnterpriseTimes: 1, ipPledgeBalanceFen: 200 * M });
  });
});
