/**
 * Tech insurance, outside investments and loan products for the scenario (DOMAIN.md §10, §11, issue 11). Drawn
 * from streams of their own, so the calibrated registry and loans (and the published 2024 figures) are the same
 * with or without them: insurers, policies bound (some cancelled with a refund) on enterprises of the registry,
 * investments around loan disbursements (some inside the 180-day window, some outside), and the bank's credit
 * product on part of its credit loans (`loan.disbursed` v2, innovation-points loans where its minScore > 0).
 */
import { INSURANCE_KIND_CODES, INVESTOR_KINDS, type InsuranceKind, type InvestorKind } from '@techcredit/reference';
import { addDays } from '@techcredit/money';
import type { Rng } from './prng';
import type { EnterpriseRecord, LoanEventRecord, ProductRecord } from './types';

export interface InsurerRecord {
  insurerId: string;
  name: string;
}

export interface PolicyRecord {
  id: string;
  occurredAt: string;
  bound: { policyId: string; insurerId: string; enterpriseId: string; kind: InsuranceKind; premiumFen: number; coverageFen: number; boundOn: string; expiresOn: string };
  cancelled?: { id: string; occurredAt: string; data: { policyId: string; cancelledOn: string; refundFen: number } };
}

export interface InvestmentRecord {
  id: string;
  occurredAt: string;
  data: { investmentId: string; enterpriseId: string; investorName: string; investorKind: InvestorKind; amountFen: number; closedOn: string };
}

export const INSURERS: readonly InsurerRecord[] = [
  { insurerId: 'PICC_XJ', name: '中国人保财险新疆分公司' },
  { insurerId: 'CPIC_XJ', name: '太平洋财险新疆分公司' },
  { insurerId: 'PAIC_XJ', name: '平安财险新疆分公司' },
];

const INVESTORS: Record<InvestorKind, readonly string[]> = {
  vc: ['天山创投', '丝路资本'],
  government_fund: ['自治区科技成果转化引导基金', '兵团产业投资基金'],
  angel: ['昆仑天使'],
  corporate: ['新疆能源集团产业投资'],
};
const WAN = 1_000_000; // 1万元 in fen
const at = (date: string) => `${date}T11:00:00+08:00`;

/** Policies bound 2023-01-01..2024-12-31 (about 600 at scale 1), one in ten cancelled with part of the premium refunded. */
export function generatePolicies(rng: Rng, enterprises: readonly EnterpriseRecord[], scale: number): PolicyRecord[] {
  const n = Math.max(6, Math.round(600 * scale));
  const out: PolicyRecord[] = [];
  for (let i = 0; i < n; i++) {
    const e = rng.pick(enterprises);
    const boundOn = addDays('2023-01-01', rng.int(0, 730));
    const kind = rng.pick(INSURANCE_KIND_CODES);
    const premiumFen = rng.int(1, 60) * WAN + rng.int(0, 99) * 100;
    const policyId = `POL-${String(i + 1).padStart(6, '0')}`;
    const p: PolicyRecord = {
      id: rng.uuid(),
      occurredAt: at(boundOn),
      bound: { policyId, insurerId: rng.pick(INSURERS).insurerId, enterpriseId: e.enterpriseId, kind, premiumFen, coverageFen: premiumFen * rng.int(20, 200), boundOn, expiresOn: addDays(boundOn, 365) },
    };
    if (rng.chance(10)) {
      const cancelledOn = addDays(boundOn, rng.int(10, 200));
      p.cancelled = { id: rng.uuid(), occurredAt: at(cancelledOn), data: { policyId, cancelledOn, refundFen: Math.floor((premiumFen * rng.int(10, 90)) / 100) } };
    }
    out.push(p);
  }
  return out;
}

/** Investments (about 300 at scale 1) in borrowers, closed −240..+240 days around one of their disbursements. */
export function generateInvestments(rng: Rng, loanEvents: readonly LoanEventRecord[], scale: number): InvestmentRecord[] {
  const disbursed = loanEvents.flatMap((e) => (e.type === 'loan.disbursed' ? [e.data] : []));
  if (disbursed.length === 0) return [];
  const n = Math.max(4, Math.round(300 * scale));
  const out: InvestmentRecord[] = [];
  for (let i = 0; i < n; i++) {
    const loan = rng.pick(disbursed);
    const closedOn = addDays(loan.disbursedOn, rng.int(-240, 240));
    const investorKind = rng.pick(INVESTOR_KINDS);
    out.push({
      id: rng.uuid(),
      occurredAt: at(closedOn),
      data: { investmentId: `INV-${String(i + 1).padStart(6, '0')}`, enterpriseId: loan.enterpriseId, investorName: rng.pick(INVESTORS[investorKind]), investorKind, amountFen: rng.int(100, 10_000) * WAN, closedOn },
    });
  }
  return out;
}

/** Two in three credit loans name their bank's credit product (so they are published as `loan.disbursed` v2). */
export function withProducts(rng: Rng, loanEvents: readonly LoanEventRecord[], products: readonly ProductRecord[]): LoanEventRecord[] {
  const creditProductOf = new Map(products.filter((p) => p.kind === 'credit').map((p) => [p.bankId, p.productId] as const));
  return loanEvents.map((e) => {
    if (e.type !== 'loan.disbursed' || e.data.guaranteeType !== 'credit') return e;
    const productId = creditProductOf.get(e.data.bankId);
    return productId !== undefined && rng.chance(67) ? { ...e, data: { ...e.data, productId } } : e;
  });
}
