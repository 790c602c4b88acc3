/** Plausible, unique Chinese enterprise names (synthetic: no real company is meant). */
import type { ClusterId, PrefectureCode } from '@techcredit/reference';
import type { Rng } from './prng';

const PLACE: Record<PrefectureCode, string> = {
  '6501': '乌鲁木齐',
  '6502': '克拉玛依',
  '6504': '吐鲁番',
  '6505': '哈密',
  '6523': '昌吉',
  '6527': '博乐',
  '6528': '库尔勒',
  '6529': '阿克苏',
  '6530': '阿图什',
  '6531': '喀什',
  '6532': '和田',
  '6540': '伊犁',
  '6542': '塔城',
  '6543': '阿勒泰',
};

const WORDS = [
  '天山', '昆仑', '金泰', '华源', '中亚', '瑞丰', '博瑞', '恒通', '西域', '丝路', '鑫达', '天润', '汇智', '众创', '金沙',
  '绿洲', '雪莲', '胡杨', '雅丹', '博格达', '明珠', '聚能', '新峰', '宏远', '盛世', '同创', '嘉和', '远航', '星辰', '赛里木',
  '天池', '晨光', '立信', '宝元', '科睿', '正泰和', '卓越', '合众', '海纳', '凯达', '佳禾', '润泽', '鼎盛', '金穗', '银河',
  '长风', '沃土', '清源', '驼铃', '玉龙', '开元', '天宇', '智汇', '创新源', '振华', '安澜', '航宇', '融通', '德坤', '阳光',
];

const TRADES: Record<ClusterId | 'general', readonly string[]> = {
  oil_gas: ['石油科技', '油气技术服务', '石化新材料', '油田装备'],
  coal_clean: ['煤化工科技', '清洁能源', '煤炭技术'],
  new_power: ['新能源科技', '电力科技', '储能技术', '光伏科技'],
  green_mining: ['矿业科技', '有色金属新材料', '矿产资源开发'],
  advanced_manufacturing: ['新材料科技', '智能装备', '精密制造', '半导体材料', '信息技术'],
  grain_food: ['食品科技', '粮油科技', '生物科技'],
  cotton_textile: ['纺织科技', '棉业科技', '服饰科技'],
  livestock_produce: ['农牧科技', '果业科技', '生物育种'],
  culture_tourism: ['文化科技', '数字文旅'],
  modern_logistics: ['物流科技', '供应链科技'],
  general: ['科技', '信息技术', '生物医药', '环保科技', '软件技术', '数据科技'],
};

const SUFFIXES = [
  ['有限公司', 6],
  ['有限责任公司', 3],
  ['股份有限公司', 1],
] as const;

/** A new name not yet in `taken` (recorded there). */
export function enterpriseName(rng: Rng, prefecture: PrefectureCode, cluster: ClusterId | null, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const base = `${PLACE[prefecture]}${rng.pick(WORDS)}${rng.pick(TRADES[cluster ?? 'general'])}`;
    const name = attempt < 20 ? `${base}${rng.weighted(SUFFIXES)}` : `${base}第${attempt - 19}分公司`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}
