import type { Lang } from './i18n';

/** Names of the 18 indicators (DOMAIN.md §2) and of the designations (§1), in both languages. */
export const INDICATORS: readonly { key: string; zh: string; en: string; unit: 'fen' | 'bp' | 'count' }[] = [
  { key: 'rdExpense', zh: '研发费用金额', en: 'R&D expense', unit: 'fen' },
  { key: 'rdExpenseGrowth', zh: '研发费用增速', en: 'R&D expense growth', unit: 'bp' },
  { key: 'rdIntensity', zh: '研发费用占营业收入比例', en: 'R&D intensity', unit: 'bp' },
  { key: 'sciStaffRatio', zh: '科技人员占职工总数比重', en: 'Sci-tech staff ratio', unit: 'bp' },
  { key: 'inventionPatentApps', zh: '发明专利申请量', en: 'Invention patent applications', unit: 'count' },
  { key: 'pctApps', zh: 'PCT专利申请量', en: 'PCT applications', unit: 'count' },
  { key: 'techContractTurnover', zh: '技术合同成交额', en: 'Tech contract turnover', unit: 'fen' },
  { key: 'highTechRevenue', zh: '高新技术产品收入', en: 'High-tech product revenue', unit: 'fen' },
  { key: 'revenue', zh: '营业收入', en: 'Revenue', unit: 'fen' },
  { key: 'revenueGrowth', zh: '营业收入增长率', en: 'Revenue growth', unit: 'bp' },
  { key: 'postgradRatio', zh: '研究生以上人员占比', en: 'Postgraduate ratio', unit: 'bp' },
  { key: 'rdSuperDeduction', zh: '研发费用加计扣除减免额', en: 'R&D super-deduction', unit: 'fen' },
  { key: 'roe', zh: '净资产利润率', en: 'Return on equity', unit: 'bp' },
  { key: 'graduatesHired', zh: '吸纳应届毕业生人数', en: 'Graduates hired', unit: 'count' },
  { key: 'platforms', zh: '省级及以上研发平台数量', en: 'Provincial+ R&D platforms', unit: 'count' },
  { key: 'awards', zh: '省级及以上科技奖励数量', en: 'Provincial+ science awards', unit: 'count' },
  { key: 'vcRaised', zh: '获得的风险投资金额', en: 'Venture capital raised', unit: 'fen' },
  { key: 'standards', zh: '主持或参与制定标准数量', en: 'Standards set', unit: 'count' },
];

const UNIT_LABEL: Record<Lang, Record<'fen' | 'bp' | 'count', string>> = {
  zh: { fen: '分', bp: '基点', count: '个' },
  en: { fen: 'fen', bp: 'bp', count: 'count' },
};

export function indicatorName(key: string, lang: Lang): string {
  const i = INDICATORS.find((x) => x.key === key);
  return i ? i[lang] : key;
}

export function indicatorUnit(key: string, lang: Lang): string {
  const i = INDICATORS.find((x) => x.key === key);
  return i ? UNIT_LABEL[lang][i.unit] : '';
}

export const DESIGNATIONS: Record<string, { zh: string; en: string }> = {
  HTE: { zh: '高新技术企业', en: 'High-tech enterprise' },
  TSME: { zh: '科技型中小企业', en: 'Tech-based SME' },
  ISME: { zh: '创新型中小企业', en: 'Innovative SME' },
  SRDI: { zh: '专精特新中小企业', en: 'Specialised SME (SRDI)' },
  LITTLE_GIANT: { zh: '专精特新“小巨人”', en: '“Little giant”' },
  DEMO: { zh: '国家级技术创新示范企业', en: 'National innovation demonstrator' },
  CHAMPION: { zh: '制造业单项冠军', en: 'Manufacturing champion' },
  OTHER_TECH: { zh: '其他科技企业', en: 'Other tech enterprise' },
};

export const designationName = (code: string, lang: Lang): string => DESIGNATIONS[code]?.[lang] ?? code;
