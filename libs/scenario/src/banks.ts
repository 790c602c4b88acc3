/**
 * Banks and their products. The 21 national banks eligible for PBoC tech-innovation re-lending (§5) plus
 * local banks that are not. Quotas are TechCredit choices (亿元 at scale 1; 渤海银行's is deliberately tight).
 */
import type { DesignationCode, PrefectureCode } from '@techcredit/reference';
import { UNIT_FEN } from './calibration';
import type { Rng } from './prng';
import type { BankRecord, ProductRecord } from './types';

interface BankSpec {
  bankId: string;
  name: string;
  relendingEligible: boolean;
  /** Re-lending quota in 亿元 at scale 1. */
  quotaYi: number;
  /** Relative share of the region's tech lending. */
  share: number;
  prefectures?: PrefectureCode[];
}

export const BANK_SPECS: readonly BankSpec[] = [
  { bankId: 'CDB', name: '国家开发银行', relendingEligible: true, quotaYi: 300, share: 8 },
  { bankId: 'EXIM', name: '中国进出口银行', relendingEligible: true, quotaYi: 80, share: 3 },
  { bankId: 'ADBC', name: '中国农业发展银行', relendingEligible: true, quotaYi: 150, share: 5 },
  { bankId: 'ICBC', name: '中国工商银行', relendingEligible: true, quotaYi: 400, share: 12 },
  { bankId: 'ABC', name: '中国农业银行', relendingEligible: true, quotaYi: 400, share: 11 },
  { bankId: 'BOC', name: '中国银行', relendingEligible: true, quotaYi: 300, share: 9 },
  { bankId: 'CCB', name: '中国建设银行', relendingEligible: true, quotaYi: 400, share: 12 },
  { bankId: 'BOCOM', name: '交通银行', relendingEligible: true, quotaYi: 120, share: 5 },
  { bankId: 'PSBC', name: '中国邮政储蓄银行', relendingEligible: true, quotaYi: 100, share: 4 },
  { bankId: 'CITIC', name: '中信银行', relendingEligible: true, quotaYi: 60, share: 3 },
  { bankId: 'CEB', name: '中国光大银行', relendingEligible: true, quotaYi: 40, share: 2 },
  { bankId: 'HXB', name: '华夏银行', relendingEligible: true, quotaYi: 30, share: 2 },
  { bankId: 'CMBC', name: '中国民生银行', relendingEligible: true, quotaYi: 40, share: 2 },
  { bankId: 'CMB', name: '招商银行', relendingEligible: true, quotaYi: 60, share: 3 },
  { bankId: 'CIB', name: '兴业银行', relendingEligible: true, quotaYi: 60, share: 3 },
  { bankId: 'CGB', name: '广发银行', relendingEligible: true, quotaYi: 20, share: 1 },
  { bankId: 'PAB', name: '平安银行', relendingEligible: true, quotaYi: 20, share: 1 },
  { bankId: 'SPDB', name: '浦发银行', relendingEligible: true, quotaYi: 40, share: 2 },
  { bankId: 'HFB', name: '恒丰银行', relendingEligible: true, quotaYi: 5, share: 1 },
  { bankId: 'CZB', name: '浙商银行', relendingEligible: true, quotaYi: 10, share: 1 },
  { bankId: 'CBHB', name: '渤海银行', relendingEligible: true, quotaYi: 2, share: 1 },
  { bankId: 'XJBANK', name: '新疆银行', relendingEligible: false, quotaYi: 0, share: 4 },
  { bankId: 'URMQCB', name: '乌鲁木齐银行', relendingEligible: false, quotaYi: 0, share: 4, prefectures: ['6501', '6523'] },
  { bankId: 'KLB', name: '昆仑银行', relendingEligible: false, quotaYi: 0, share: 3, prefectures: ['6502', '6501'] },
];

/** Bank registrations at a scale (quota in fen, whole 万元). */
export function generateBanks(scale: number): BankRecord[] {
  return BANK_SPECS.map((b) => ({
    bankId: b.bankId,
    name: b.name,
    relendingEligible: b.relendingEligible,
    relendingQuotaFen: Math.round(b.quotaYi * 10_000 * scale) * UNIT_FEN,
  }));
}

/** Weighted bank choice for a loan. */
export const bankWeights: readonly (readonly [string, number])[] = BANK_SPECS.map((b) => [b.bankId, b.share]);

const TECH: DesignationCode[] = ['HTE', 'TSME', 'ISME', 'SRDI', 'LITTLE_GIANT'];
const WAN = UNIT_FEN;

/** A few products per bank (§3): 创新积分贷 and 知识产权质押贷 everywhere, a guaranteed loan at the larger banks. */
export function generateProducts(rng: Rng): ProductRecord[] {
  const out: ProductRecord[] = [];
  for (const b of BANK_SPECS) {
    const region = b.prefectures ? { prefectures: [...b.prefectures] } : {};
    out.push({
      productId: `${b.bankId}-CREDIT`,
      bankId: b.bankId,
      name: `${b.name}科创积分贷`,
      kind: 'credit',
      minScore: rng.pick([55, 60, 65]),
      eligibleDesignations: [...TECH],
      ...region,
      minAmountFen: 100 * WAN,
      maxAmountFen: rng.pick([1000, 2000, 3000]) * WAN,
      maxTermMonths: rng.pick([12, 24, 36]),
      annualRateBp: rng.int(300, 380),
      requiresPledge: false,
      active: true,
    });
    out.push({
      productId: `${b.bankId}-IP`,
      bankId: b.bankId,
      name: `${b.name}知识产权质押贷`,
      kind: 'ip_pledge',
      minScore: rng.pick([45, 50, 55]),
      eligibleDesignations: [...TECH, 'OTHER_TECH'],
      ...region,
      minAmountFen: 50 * WAN,
      maxAmountFen: rng.pick([3000, 5000]) * WAN,
      maxTermMonths: rng.pick([12, 24, 36]),
      annualRateBp: rng.int(320, 420),
      requiresPledge: true,
      active: true,
    });
    if (b.share >= 5) {
      out.push({
        productId: `${b.bankId}-GUAR`,
        bankId: b.bankId,
        name: `${b.name}科技担保贷`,
        kind: 'guarantee',
        minScore: 50,
        eligibleDesignations: ['HTE', 'TSME', 'SRDI', 'LITTLE_GIANT'],
        minAmountFen: 200 * WAN,
        maxAmountFen: 10_000 * WAN,
        maxTermMonths: 36,
        annualRateBp: rng.int(330, 450),
        requiresPledge: false,
        active: rng.chance(90),
      });
    }
  }
  return out;
}
