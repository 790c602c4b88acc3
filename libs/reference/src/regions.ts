/** Reference data of DOMAIN.md §1: prefectures, high-tech zones, industry clusters. */

/** The 14 prefecture-level divisions (地州市) of Xinjiang, code → name. */
export const PREFECTURES = {
  '6501': '乌鲁木齐市',
  '6502': '克拉玛依市',
  '6504': '吐鲁番市',
  '6505': '哈密市',
  '6523': '昌吉回族自治州',
  '6527': '博尔塔拉蒙古自治州',
  '6528': '巴音郭楞蒙古自治州',
  '6529': '阿克苏地区',
  '6530': '克孜勒苏柯尔克孜自治州',
  '6531': '喀什地区',
  '6532': '和田地区',
  '6540': '伊犁哈萨克自治州',
  '6542': '塔城地区',
  '6543': '阿勒泰地区',
} as const;
export type PrefectureCode = keyof typeof PREFECTURES;
export const PREFECTURE_CODES = Object.keys(PREFECTURES) as [PrefectureCode, ...PrefectureCode[]];

export function isPrefectureCode(s: unknown): s is PrefectureCode {
  return typeof s === 'string' && Object.hasOwn(PREFECTURES, s);
}

export const ZONE_IDS = [
  'urumqi',
  'changji',
  'karamay',
  'aksu_alar',
  'yining',
  'hami',
  'korla_shangku',
  'luntai',
  'shule',
  'fukang',
] as const;
export type ZoneId = (typeof ZONE_IDS)[number];
export type ZoneLevel = 'national' | 'regional';

export interface Zone {
  id: ZoneId;
  name: string;
  level: ZoneLevel;
  /** The prefecture the zone sits in. */
  prefecture: PrefectureCode;
}

/** The 10 high-tech zones (4 national, 6 regional). An enterprise may be in no zone. */
export const ZONES: readonly Zone[] = [
  { id: 'urumqi', name: '乌鲁木齐高新技术产业开发区', level: 'national', prefecture: '6501' },
  { id: 'changji', name: '昌吉高新技术产业开发区', level: 'national', prefecture: '6523' },
  { id: 'karamay', name: '克拉玛依高新技术产业开发区', level: 'national', prefecture: '6502' },
  { id: 'aksu_alar', name: '阿克苏阿拉尔高新技术产业开发区', level: 'national', prefecture: '6529' },
  { id: 'yining', name: '伊宁高新技术产业开发区', level: 'regional', prefecture: '6540' },
  { id: 'hami', name: '哈密高新技术产业开发区', level: 'regional', prefecture: '6505' },
  { id: 'korla_shangku', name: '库尔勒上库高新技术产业开发区', level: 'regional', prefecture: '6528' },
  { id: 'luntai', name: '轮台高新技术产业开发区', level: 'regional', prefecture: '6528' },
  { id: 'shule', name: '疏勒高新技术产业开发区', level: 'regional', prefecture: '6531' },
  { id: 'fukang', name: '阜康高新技术产业开发区', level: 'regional', prefecture: '6523' },
];

export function isZoneId(s: unknown): s is ZoneId {
  return typeof s === 'string' && (ZONE_IDS as readonly string[]).includes(s);
}

export function zoneById(id: ZoneId): Zone {
  const z = ZONES.find((x) => x.id === id);
  if (!z) throw new RangeError(`unknown zone ${id}`);
  return z;
}

/** The ten industry clusters (十大产业集群, 2025), id → name. */
export const CLUSTERS = {
  oil_gas: '油气生产加工',
  coal_clean: '煤炭清洁高效利用',
  new_power: '新型电力系统',
  green_mining: '绿色矿业及加工',
  advanced_manufacturing: '先进制造和新材料等战略性新兴产业',
  grain_food: '粮食和食品加工',
  cotton_textile: '棉花和纺织服装',
  livestock_produce: '绿色畜牧产品和优质果蔬',
  culture_tourism: '文化和旅游',
  modern_logistics: '现代物流',
} as const;
export type ClusterId = keyof typeof CLUSTERS;
export const CLUSTER_IDS = Object.keys(CLUSTERS) as [ClusterId, ...ClusterId[]];

export function isClusterId(s: unknown): s is ClusterId {
  return typeof s === 'string' && Object.hasOwn(CLUSTERS, s);
}
