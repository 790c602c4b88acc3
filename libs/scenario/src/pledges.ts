/**
 * IP pledges for the ip_pledge loans (DOMAIN.md §4): assets with plausible registration numbers, appraised
 * so the principal stays within the pledge-rate caps of the policy in force (a few deliberate breaches,
 * which the pledge service must flag), expiring after the loan matures.
 */
import { addYears } from '@techcredit/money';
import { policyBook } from '@techcredit/policy';
import { UNIT_FEN } from './calibration';
import type { LoanPlan } from './loans';
import type { Rng } from './prng';
import { dateBetween } from './registry';
import type { PledgeAssetData, PledgeRegisteredData } from './types';

type AssetKind = PledgeAssetData['kind'];

const KIND_WEIGHTS: readonly (readonly [AssetKind, number])[] = [
  ['invention_patent', 55],
  ['utility_model', 20],
  ['software_copyright', 10],
  ['trademark', 10],
  ['design_patent', 3],
  ['copyright', 2],
];

/** Protection from filing/registration: patents 20/10/15 years, trademarks 10, copyrights 50 (§4 expiry). */
const LIFE_YEARS: Record<AssetKind, number> = {
  invention_patent: 20,
  utility_model: 10,
  design_patent: 15,
  trademark: 10,
  copyright: 50,
  software_copyright: 50,
};
/** Filing years chosen so every asset outlives the loan (maturity ≤ 2027). */
const FILED: Record<AssetKind, readonly [number, number]> = {
  invention_patent: [2012, 2022],
  utility_model: [2019, 2023],
  design_patent: [2016, 2023],
  trademark: [2019, 2023],
  copyright: [2015, 2023],
  software_copyright: [2015, 2023],
};

/** CN application number check character: Σ digit × weight (2..9, 2..5) mod 11, 10 → X. */
function cnCheck(digits: string): string {
  const w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
  const r = [...digits].reduce((a, d, i) => a + Number(d) * (w[i] ?? 0), 0) % 11;
  return r === 10 ? 'X' : String(r);
}

export class PledgeFactory {
  private serial = 0;
  private pledges = 0;

  constructor(
    private readonly rng: Rng,
    private readonly breaches: number,
  ) {}

  /** A distinct 7-digit serial (a permutation of the counter). */
  private next7(): string {
    return String((this.serial++ * 7_368_787 + 1_234_567) % 10_000_000).padStart(7, '0');
  }

  private registrationNo(kind: AssetKind, year: number): string {
    const n = this.next7();
    switch (kind) {
      case 'invention_patent':
      case 'utility_model':
      case 'design_patent': {
        const digits = `${year}${kind === 'invention_patent' ? 1 : kind === 'utility_model' ? 2 : 3}${n}`;
        return `ZL${digits}.${cnCheck(digits)}`;
      }
      case 'trademark':
        return `${this.rng.int(1, 6)}${n}`;
      case 'software_copyright':
        return `${year}SR${n}`;
      case 'copyright':
        return `新作登字-${year}-F-0${n}`;
    }
  }

  /** The pledge of an ip_pledge loan, registered on its disbursement date. */
  pledgeFor(loan: LoanPlan, loanId: string): PledgeRegisteredData {
    const rng = this.rng;
    const principalFen = BigInt(loan.principal * UNIT_FEN);
    const caps = policyBook.require('pledgeCaps', loan.disbursedOn);
    const breach = this.pledges++ < this.breaches;
    // coverage = Σ cap × appraised value; 110–160% of the principal (70–95% for a deliberate breach)
    const coveragePct = BigInt(breach ? rng.int(70, 95) : rng.int(110, 160));
    const n = rng.weighted([[1, 60], [2, 30], [3, 10]] as const);
    const kinds = Array.from({ length: n }, () => rng.weighted(KIND_WEIGHTS));
    const shares = kinds.map(() => BigInt(rng.int(1, 4)));
    const totalShare = shares.reduce((a, x) => a + x, 0n);
    const assets = kinds.map((kind, i): PledgeAssetData => {
      const [y0, y1] = FILED[kind];
      const filedOn = dateBetween(rng, `${y0}-01-01`, `${y1}-06-30`);
      const cover = (principalFen * coveragePct * (shares[i] ?? 1n)) / (100n * totalShare);
      const cap = BigInt(caps[kind]);
      return {
        kind,
        registrationNo: this.registrationNo(kind, Number(filedOn.slice(0, 4))),
        appraisedValueFen: Number((cover * 10_000n + cap - 1n) / cap),
        expiresOn: addYears(filedOn, LIFE_YEARS[kind]),
      };
    });
    const appraised = assets.reduce((a, x) => a + x.appraisedValueFen, 0);
    const year = Number(loan.disbursedOn.slice(0, 4));
    return {
      pledgeId: `PL-${year}-${String(this.pledges).padStart(6, '0')}`,
      loanId,
      assets,
      cnipaRegistrationNo: `Y${year}98${this.next7()}`,
      registeredOn: loan.disbursedOn,
      // appraisal 0.3–0.8% of the appraised value (at least 5,000元, at most 20万元); insurance 0.5–1.5% of principal
      appraisalFeeFen: Math.min(20_000_000, Math.max(500_000, Math.floor((appraised * rng.int(30, 80)) / 10_000))),
      insurancePremiumFen: Number((principalFen * BigInt(rng.int(50, 150))) / 10_000n),
    };
  }
}
