/** Tech-insurance policy kinds (DOMAIN.md §10) and outside investor kinds (§11). */
export const INSURANCE_KINDS = {
  rd_expense_loss: '研发费用损失险',
  key_rd_equipment: '关键研发设备险',
  patent_enforcement: '专利执行险',
  first_set_equipment: '首台（套）重大技术装备综合险',
  loan_guarantee: '贷款保证保险',
  other_tech: '其他科技保险',
} as const;
export type InsuranceKind = keyof typeof INSURANCE_KINDS;
export const INSURANCE_KIND_CODES = Object.keys(INSURANCE_KINDS) as [InsuranceKind, ...InsuranceKind[]];

export const INVESTOR_KINDS = ['vc', 'government_fund', 'angel', 'corporate'] as const;
export type InvestorKind = (typeof INVESTOR_KINDS)[number];
