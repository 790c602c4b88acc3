/** Comparing a statistics answer with the scenario generator's exact expectations (counts and fen). */

/** The exact integers a LendingStats answer carries (counts and fen), for D and D − 1 year. */
export interface KeyFigures {
  supported: [number, number];
  balanceFen: [number, number];
  creditIssuedFen: [number, number];
  ipPledgeTimes: [number, number];
  ipPledgeBalanceFen: [number, number];
}

export interface StatsLike {
  supportedEnterprises: { value: number; previous: number };
  balance: { fen: number; previousFen: number };
  creditLoansIssued: { fen: number; previousFen: number };
  ipPledge: { enterpriseTimes: { value: number; previous: number }; balance: { fen: number; previousFen: number } };
}

export function keyFigures(s: StatsLike): KeyFigures {
  return {
    supported: [s.supportedEnterprises.value, s.supportedEnterprises.previous],
    balanceFen: [s.balance.fen, s.balance.previousFen],
    creditIssuedFen: [s.creditLoansIssued.fen, s.creditLoansIssued.previousFen],
    ipPledgeTimes: [s.ipPledge.enterpriseTimes.value, s.ipPledge.enterpriseTimes.previous],
    ipPledgeBalanceFen: [s.ipPledge.balance.fen, s.ipPledge.balance.previousFen],
  };
}

export function diffFigures(actual: KeyFigures, expected: KeyFigures): string[] {
  const out: string[] = [];
  for (const k of Object.keys(expected) as (keyof KeyFigures)[]) {
    if (actual[k][0] !== expected[k][0] || actual[k][1] !== expected[k][1]) out.push(`${k}: got ${actual[k].join(' / ')}, expected ${expected[k].join(' / ')}`);
  }
  return out;
}
