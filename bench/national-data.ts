/**
 * The national-scale data set of `bench:national`: deterministic (seeded, one PRNG stream per enterprise,
 * so any enterprise is regenerated alone and in any order), streamed (callers walk enterprises in chunks;
 * nothing holds the whole set), and with its own exact §7 figures summed while it streams.
 *
 * Scale 1 = 520,000 enterprises, ~3,000,000 loans (≈ 5.8 per enterprise) from 30 banks, 2022–2024, with
 * repayments, write-offs and IP pledges; designations spread so that about 65% are tech at the end of 2024.
 * Not calibrated to the published figures (that is libs/scenario); the figures to check are its own.
 */
import { addDays, addMonths } from '@techcredit/money';
import { CLUSTER_IDS, ZONES, makeUscc, type ClusterId, type DesignationCode, type ZoneId } from '@techcredit/reference';
import {
  BANK_SPECS,
  PREFECTURE_WEIGHTS,
  PledgeFactory,
  Rng,
  UNIT_FEN,
  dateBetween,
  type BankRecord,
  type DesignationGrantRecord,
  type EnterpriseRecord,
  type LoanEventRecord,
  type LoanPlan,
} from '@techcredit/scenario';
import type { KeyFigures } from '../scripts/lib/scenario-check';

export const ENTERPRISES_AT_SCALE_1 = 520_000;
export const AS_OF = '2024-12-31';
export const PREVIOUS = '2023-12-31';

/** The scenario's 24 banks and six local rural banks (not eligible for re-lending): 30. */
const LOCAL_BANKS: readonly { bankId: string; name: string; share: number }[] = [
  { bankId: 'XJRCU', name: '新疆农村信用社联合社', share: 4 },
  { bankId: 'KSRCB', name: '喀什农村商业银行', share: 1 },
  { bankId: 'YLRCB', name: '伊犁农村商业银行', share: 1 },
  { bankId: 'CJRCB', name: '昌吉农村商业银行', share: 1 },
  { bankId: 'AKSRCB', name: '阿克苏农村商业银行', share: 1 },
  { bankId: 'HMRCB', name: '哈密农村商业银行', share: 1 },
];

export function nationalBanks(scale: number): BankRecord[] {
  return [
    ...BANK_SPECS.map((b) => ({ bankId: b.bankId, name: b.name, relendingEligible: b.relendingEligible, relendingQuotaFen: Math.round(b.quotaYi * 10_000 * scale) * UNIT_FEN })),
    ...LOCAL_BANKS.map((b) => ({ bankId: b.bankId, name: b.name, relendingEligible: false, relendingQuotaFen: 0 })),
  ];
}
const BANK_WEIGHTS: readonly (readonly [string, number])[] = [...BANK_SPECS.map((b) => [b.bankId, b.share] as const), ...LOCAL_BANKS.map((b) => [b.bankId, b.share] as const)];

const GUARANTEE_WEIGHTS = [['credit', 35], ['ip_pledge', 8], ['guarantee', 30], ['collateral', 27]] as const;
const FIRST_CODES = [['HTE', 30], ['TSME', 30], ['ISME', 20], ['SRDI', 8], ['OTHER_TECH', 12]] as const;

export const enterpriseCount = (scale: number): number => Math.max(1, Math.round(ENTERPRISES_AT_SCALE_1 * scale));

export interface NationalEnterprise {
  seq: number;
  enterprise: EnterpriseRecord;
  grants: DesignationGrantRecord[];
  /** Revenue of 2024 (fen), for the scoring stage of the recompute measurement; not published. */
  revenueFen: number;
}

const grant = (enterpriseId: string, code: DesignationCode, validFrom: string): DesignationGrantRecord => ({
  enterpriseId,
  code,
  validFrom,
  validTo: code === 'OTHER_TECH' ? null : addDays(addMonths(validFrom, 36), -1),
});

/** Enterprise `seq` (0-based) with its designation grants: a pure function of (seed, seq). */
export function enterpriseAt(seed: number, seq: number): NationalEnterprise {
  const rng = Rng.stream(seed, `national:enterprise:${seq}`);
  const prefecture = rng.weighted(PREFECTURE_WEIGHTS);
  const zones = ZONES.filter((z) => z.prefecture === prefecture);
  const zone: ZoneId | null = zones.length > 0 && rng.chance(40) ? rng.pick(zones).id : null;
  const cluster: ClusterId | null = rng.chance(75) ? rng.pick(CLUSTER_IDS) : null;
  // a permutation of the organisation-code space (97,654,321 is prime to 31), as in libs/scenario
  const enterpriseId = makeUscc((7_000_003 + seq * 97_654_321) % 31 ** 8, `${prefecture}00`);
  const establishedOn = dateBetween(rng, '2000-01-01', '2023-06-30');
  const grants: DesignationGrantRecord[] = [];
  const r = rng.int(0, 99);
  if (r < 55) {
    // tech through 2023–2024 (a 3-year grant from 2021-07..2022-12 may lapse during 2024)
    const code = rng.weighted(FIRST_CODES);
    grants.push(grant(enterpriseId, code, dateBetween(rng, '2021-07-01', '2022-12-31')));
    if (rng.chance(40)) {
      const second = rng.weighted(FIRST_CODES);
      if (second !== code) grants.push(grant(enterpriseId, second, dateBetween(rng, '2022-01-01', '2024-10-31')));
    }
    if (code === 'SRDI' && rng.chance(10)) grants.push(grant(enterpriseId, 'LITTLE_GIANT', dateBetween(rng, '2022-01-01', '2024-06-30')));
    if (code === 'HTE' && rng.chance(1)) grants.push(grant(enterpriseId, rng.pick(['DEMO', 'CHAMPION'] as const), dateBetween(rng, '2022-01-01', '2024-06-30')));
  } else if (r < 67) {
    grants.push(grant(enterpriseId, rng.weighted(FIRST_CODES), dateBetween(rng, '2024-01-02', '2024-10-31'))); // new in 2024
  } else if (r < 77) {
    grants.push(grant(enterpriseId, rng.pick(['HTE', 'TSME', 'ISME'] as const), dateBetween(rng, '2020-06-01', '2021-10-31'))); // lapsed
  }
  const revenueFen = rng.int(0, 60_000) * 1_000_000; // 0..6亿元
  return {
    seq,
    enterprise: { enterpriseId, name: `${prefecture}科创${seq.toString(36).toUpperCase()}号有限公司`, prefecture, zone, cluster, establishedOn },
    grants,
    revenueFen,
  };
}

export interface NationalLoans {
  events: LoanEventRecord[];
  /** bankId of each loan of `events`. */
  bankOf: Map<string, string>;
  loans: number;
}

const HOUR: Record<LoanEventRecord['type'], string> = { 'loan.disbursed': '10', 'pledge.registered': '11', 'loan.repaid': '15', 'loan.written_off': '16' };
const at = (on: string, type: LoanEventRecord['type'], k: number): string => `${on}T${HOUR[type]}:${String(Math.floor(k / 60) % 60).padStart(2, '0')}:${String(k % 60).padStart(2, '0')}+08:00`;

/**
 * The loans of one enterprise as loan-topic events, each loan's in its own time order (disbursement,
 * pledge, repayments, write-off). `pledges` is the run's one factory (distinct registration numbers).
 */
export function loansOf(seed: number, e: NationalEnterprise, pledges: PledgeFactory): NationalLoans {
  const rng = Rng.stream(seed, `national:loans:${e.seq}`);
  const n = rng.int(1, 10) + (rng.chance(30) ? 1 : 0);
  const events: LoanEventRecord[] = [];
  const bankOf = new Map<string, string>();
  for (let k = 0; k < n; k++) {
    const loanId = `NL-${e.seq.toString(36)}-${k}`;
    const bankId = rng.weighted(BANK_WEIGHTS);
    bankOf.set(loanId, bankId);
    const disbursedOn = dateBetween(rng, '2022-01-01', AS_OF);
    const maturityOn = addMonths(disbursedOn, rng.pick([6, 12, 24, 36]));
    const guaranteeType = rng.weighted(GUARANTEE_WEIGHTS);
    const principal = rng.int(5, 600); // 万元
    const principalFen = principal * UNIT_FEN;
    events.push({
      id: rng.uuid(),
      type: 'loan.disbursed',
      occurredAt: at(disbursedOn, 'loan.disbursed', k),
      data: { loanId, bankId, enterpriseId: e.enterprise.enterpriseId, principalFen, rateBp: rng.int(250, 450), disbursedOn, maturityOn, guaranteeType },
    });
    if (guaranteeType === 'ip_pledge') {
      const plan: LoanPlan = { enterpriseId: e.enterprise.enterpriseId, cohort: 'A', guaranteeType, bankId, disbursedOn, maturityOn, rateBp: 0, principal, movements: [] };
      events.push({ id: rng.uuid(), type: 'pledge.registered', occurredAt: at(disbursedOn, 'pledge.registered', k), data: pledges.pledgeFor(plan, loanId) });
    }
    // repayments: none, or 1–3 instalments up to min(maturity, AS_OF); mostly full once matured
    const last = maturityOn < AS_OF ? maturityOn : AS_OF;
    const first = addDays(disbursedOn, 30);
    let left = principalFen;
    if (first <= last && rng.chance(65)) {
      const k2 = rng.int(1, 3);
      const days = Array.from({ length: k2 }, () => dateBetween(rng, first, last)).sort();
      const full = maturityOn <= AS_OF && rng.chance(85);
      for (let j = 0; j < k2; j++) {
        const share = j === k2 - 1 && full ? left : Math.floor((left * rng.int(10, 60)) / 100);
        if (share <= 0) continue;
        left -= share;
        const on = days[j] as string;
        events.push({ id: rng.uuid(), type: 'loan.repaid', occurredAt: at(on, 'loan.repaid', k), data: { loanId, amountFen: share, repaidOn: on } });
        if (left === 0) break;
      }
    }
    if (left > 0 && rng.chance(2)) {
      const lastRepaid = events[events.length - 1]!;
      const from = lastRepaid.type === 'loan.repaid' ? addDays(lastRepaid.data.repaidOn, 1) : first;
      if (from <= AS_OF) {
        const on = dateBetween(rng, from, AS_OF);
        events.push({ id: rng.uuid(), type: 'loan.written_off', occurredAt: at(on, 'loan.written_off', k), data: { loanId, amountFen: left, writtenOffOn: on } });
      }
    }
  }
  return { events, bankOf, loans: n };
}

/** The exact integers of `GET /v1/stats/lending?asOf=2024-12-31` ([value on D, value on D − 1 year]). */
export type NationalFigures = KeyFigures;

export const emptyFigures = (): NationalFigures => ({ supported: [0, 0], balanceFen: [0, 0], creditIssuedFen: [0, 0], ipPledgeTimes: [0, 0], ipPledgeBalanceFen: [0, 0] });

const techOn = (grants: readonly DesignationGrantRecord[], d: string): boolean => grants.some((g) => g.validFrom <= d && (g.validTo === null || d <= g.validTo));

/**
 * Adds one enterprise's §7 figures (DOMAIN.md §7), straight from the definitions, independent of the
 * stats service's code: balance on D = principal disbursed ≤ D − repaid ≤ D − written off ≤ D.
 */
export function addEnterpriseFigures(acc: NationalFigures, e: NationalEnterprise, events: readonly LoanEventRecord[]): void {
  const dates = [AS_OF, PREVIOUS] as const;
  const loans = new Map<string, { principalFen: number; disbursedOn: string; type: string; out: { on: string; fen: number }[] }>();
  for (const ev of events) {
    if (ev.type === 'loan.disbursed') loans.set(ev.data.loanId, { principalFen: ev.data.principalFen, disbursedOn: ev.data.disbursedOn, type: ev.data.guaranteeType, out: [] });
    else if (ev.type === 'loan.repaid') loans.get(ev.data.loanId)?.out.push({ on: ev.data.repaidOn, fen: ev.data.amountFen });
    else if (ev.type === 'loan.written_off') loans.get(ev.data.loanId)?.out.push({ on: ev.data.writtenOffOn, fen: ev.data.amountFen });
  }
  dates.forEach((d, j) => {
    const i = j as 0 | 1;
    const yearStart = `${d.slice(0, 4)}-01-01`;
    let balance = 0;
    let ipBalance = 0;
    for (const l of loans.values()) {
      if (l.disbursedOn <= d && `${l.disbursedOn}` >= yearStart && techOn(e.grants, l.disbursedOn)) {
        if (l.type === 'credit') acc.creditIssuedFen[i] += l.principalFen;
        if (l.type === 'ip_pledge') acc.ipPledgeTimes[i] += 1;
      }
      if (l.disbursedOn > d) continue;
      const b = l.principalFen - l.out.reduce((a, m) => a + (m.on <= d ? m.fen : 0), 0);
      balance += b;
      if (l.type === 'ip_pledge') ipBalance += b;
    }
    if (!techOn(e.grants, d)) return;
    acc.balanceFen[i] += balance;
    acc.ipPledgeBalanceFen[i] += ipBalance;
    if (balance > 0) acc.supported[i] += 1;
  });
}

export function newPledgeFactory(seed: number): PledgeFactory {
  return new PledgeFactory(Rng.stream(seed, 'national:pledges'), 0);
}
