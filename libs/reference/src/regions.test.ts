import { CLUSTERS, CLUSTER_IDS, PREFECTURES, PREFECTURE_CODES, ZONES, ZONE_IDS, isClusterId, isPrefectureCode, isZoneId, zoneById } from './regions';

describe('reference data (DOMAIN.md §1)', () => {
  it('has 14 prefectures, 10 zones (4 national), 10 clusters', () => {
    expect(PREFECTURE_CODES).toHaveLength(14);
    expect(PREFECTURES['6540']).toBe('伊犁哈萨克自治州');
    expect(ZONES).toHaveLength(10);
    expect(ZONES.map((z) => z.id)).toEqual([...ZONE_IDS]);
    expect(ZONES.filter((z) => z.level === 'national').map((z) => z.id)).toEqual(['urumqi', 'changji', 'karamay', 'aksu_alar']);
    expect(CLUSTER_IDS).toHaveLength(10);
    expect(CLUSTERS.cotton_textile).toBe('棉花和纺织服装');
  });

  it('every zone sits in a known prefecture', () => {
    for (const z of ZONES) expect(isPrefectureCode(z.prefecture)).toBe(true);
    expect(zoneById('korla_shangku').prefecture).toBe('6528');
    expect(zoneById('fukang').prefecture).toBe('6523');
  });

  it('guards', () => {
    expect(isPrefectureCode('6501')).toBe(true);
    expect(isPrefectureCode('6503')).toBe(false);
    expect(isPrefectureCode('toString')).toBe(false);
    expect(isZoneId('hami')).toBe(true);
    expect(isZoneId('Hami')).toBe(false);
    expect(isClusterId('modern_logistics')).toBe(true);
    expect(isClusterId(null)).toBe(false);
  });
});
