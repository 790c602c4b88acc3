import { sliceLabels } from './labels';

describe('sliceLabels', () => {
  it('names reference keys and banks, and the none slice', () => {
    expect(sliceLabels('prefecture', ['6501', '6543'], [])).toEqual({ '6501': '乌鲁木齐市', '6543': '阿勒泰地区' });
    expect(sliceLabels('zone', ['urumqi', 'none'], [])).toEqual({ urumqi: '乌鲁木齐高新技术产业开发区', none: '(none)' });
    expect(sliceLabels('cluster', ['oil_gas'], [])).toEqual({ oil_gas: '油气生产加工' });
    expect(sliceLabels('designation', ['SRDI'], [])).toEqual({ SRDI: '专精特新中小企业' });
    expect(sliceLabels('bank', ['B1', 'B2'], [{ bankId: 'B1', name: '甲银行', relendingEligible: true, relendingQuotaFen: 0 }])).toEqual({ B1: '甲银行', B2: 'B2' });
  });
});
