import fc from 'fast-check';
import type { HteInput, TsmeInput } from '@techcredit/contracts';
import { policyBook } from '@techcredit/policy';
import { assess, TSME_CLEAN_FLAGS, evaluateHte, evaluateTsme, grantValidity, hteRdThresholdBp, rdQuality, targetProgress, tsmeIndicators } from './index';

const TSME = policyBook.require('tsmeEvaluation', '2025-06-01');
const HTE = policyBook.require('hteEligibility', '2025-06-01');
const VALIDITY = policyBook.require('designationValidity', '2025-06-01');
const meta = { year: 2025, assessedOn: '2025-06-01', policyFrom: '2020-01-01' };
const noHte = { hteHeld: false };

/** A small enterprise passing every condition: staff 20 pts (30%), R&D 50 pts (6% of revenue), IP 18 pts (3 class-2). */
const tsme: TsmeInput = {
  employees: 100,
  sciStaff: 30,
  revenueFen: 1_000_000_000,
  totalAssetsFen: 2_000_000_000,
  rdExpenseFen: 60_000_000,
  costsFen: 900_000_000,
  ipClass1: 0,
  ipClass2: 3,
  ...TSME_CLEAN_FLAGS,
};
const points = (x: TsmeInput) => {
  const i = tsmeIndicators(x, TSME);
  return { staff: i.staff.points, rd: i.rd.points, ip: i.ip.points };
};

describe('TSME evaluation (§9.1): band edges, exact in integers', () => {
  it('staff 29.99% → 16 points, 30% → 20 (sciStaff/employees compared × 10000)', () => {
    expect(points({ ...tsme, employees: 10_000, sciStaff: 2_999 }).staff).toBe(16);
    expect(points({ ...tsme, employees: 10_000, sciStaff: 3_000 }).staff).toBe(20);
    expect(points({ ...tsme, employees: 100, sciStaff: 10 }).staff).toBe(4);
    expect(points({ ...tsme, employees: 100, sciStaff: 9 }).staff).toBe(0);
  });

  it('R&D 5.99% of revenue → 40 points, 6% → 50; the better of revenue and costs ratios counts', () => {
    const costsLarge = { costsFen: 100_000_000_000 }; // rd/costs < 10%: 0 by costs
    expect(points({ ...tsme, ...costsLarge, revenueFen: 1_000_000, rdExpenseFen: 59_900 }).rd).toBe(40);
    expect(points({ ...tsme, ...costsLarge, revenueFen: 1_000_000, rdExpenseFen: 60_000 }).rd).toBe(50);
    // 2% of revenue (10 points) but 30% of costs (50 points): 50.
    expect(points({ ...tsme, revenueFen: 1_000_000, rdExpenseFen: 20_000, costsFen: 66_667 }).rd).toBe(40); // 29.99..% of costs
    expect(points({ ...tsme, revenueFen: 1_000_000, rdExpenseFen: 20_000, costsFen: 66_666 }).rd).toBe(50); // 30.0003% of costs
    expect(points({ ...tsme, revenueFen: 0, costsFen: 0, rdExpenseFen: 5 }).rd).toBe(0); // no denominator, no points
  });

  it('IP: ipClass2 3 → 18, 4 → 24; any ipClass1 → 30', () => {
    expect(points({ ...tsme, ipClass2: 3 }).ip).toBe(18);
    expect(points({ ...tsme, ipClass2: 4 }).ip).toBe(24);
    expect(points({ ...tsme, ipClass2: 0 }).ip).toBe(0);
    expect(points({ ...tsme, ipClass2: 1 }).ip).toBe(6);
    expect(points({ ...tsme, ipClass1: 1, ipClass2: 0 }).ip).toBe(30);
  });

  it('scored route: 20 + 50 + 18 = 88 ≥ 60 → qualified; every condition and indicator reported', () => {
    const r = evaluateTsme(tsme, noHte, TSME, meta);
    expect(r).toMatchObject({ qualified: true, route: 'scored', totalPoints: 88, failed: [] });
    expect(r.indicators.map((i) => [i.key, i.points])).toEqual([['staff', 20], ['rd', 50], ['ip', 18]]);
    expect(r.conditions.map((c) => c.key)).toEqual(['resident', 'employees', 'revenue', 'totalAssets', 'notRestricted', 'noMajorIncident', 'notListed', 'directQualification', 'totalPoints', 'staffPoints']);
  });

  it('total 59 is not enough, 60 is: staff 4 + R&D 50 + IP 6 = 60', () => {
    const at60 = { ...tsme, sciStaff: 10, ipClass2: 1 };
    expect(evaluateTsme(at60, noHte, TSME, meta)).toMatchObject({ qualified: true, totalPoints: 60 });
    const at54 = { ...at60, ipClass2: 0 }; // 4 + 50 + 0
    expect(evaluateTsme(at54, noHte, TSME, meta)).toMatchObject({ qualified: false, route: null, totalPoints: 54, failed: ['totalPoints'] });
  });

  it('staff points must not be 0: 0 + 50 + 30 = 80 is still not qualified', () => {
    const r = evaluateTsme({ ...tsme, sciStaff: 9, ipClass1: 2 }, noHte, TSME, meta);
    expect(r).toMatchObject({ qualified: false, totalPoints: 80, failed: ['staffPoints'] });
  });

  it.each([['nationalAwardTop3In5y'], ['provincialRdInstitution'], ['ledStandardIn5y'], ['hteHeld']])('direct qualification by %s, even with 0 points', (fact) => {
    const weak = { ...tsme, sciStaff: 0, rdExpenseFen: 0, ipClass2: 0 };
    expect(evaluateTsme(weak, noHte, TSME, meta)).toMatchObject({ qualified: false, totalPoints: 0 });
    const x = fact === 'hteHeld' ? weak : { ...weak, [fact]: true };
    const r = evaluateTsme(x, { hteHeld: fact === 'hteHeld' }, TSME, meta);
    expect(r).toMatchObject({ qualified: true, route: 'direct', failed: [] });
    // A failed condition still wins over a direct fact.
    expect(evaluateTsme({ ...x, employees: 501 }, { hteHeld: fact === 'hteHeld' }, TSME, meta)).toMatchObject({ qualified: false, route: null, failed: ['employees'] });
  });

  it('each failed condition is named: 500 employees / 2亿元 pass, one more fails', () => {
    const edge = { ...tsme, employees: 500, sciStaff: 150, revenueFen: 20_000_000_000, totalAssetsFen: 20_000_000_000, rdExpenseFen: 1_200_000_000 };
    expect(evaluateTsme(edge, noHte, TSME, meta).qualified).toBe(true);
    const r = evaluateTsme(
      { ...edge, employees: 501, revenueFen: 20_000_000_001, totalAssetsFen: 20_000_000_001, resident: false, restrictedIndustry: true, majorIncident: true, onDishonestList: true },
      noHte,
      TSME,
      meta,
    );
    expect(r.failed).toEqual(['resident', 'employees', 'revenue', 'totalAssets', 'notRestricted', 'noMajorIncident', 'notListed']);
    expect(r.conditions.find((c) => c.key === 'employees')).toMatchObject({ pass: false, figures: { employees: 501, max: 500 } });
  });
});

const hte: HteInput = {
  establishedOn: '2020-03-01',
  employees: 100,
  sciStaff: 10,
  ipCount: 1,
  inSupportedField: true,
  rd3yFen: 500,
  revenue3yFen: 10_000,
  domesticRd3yFen: 300,
  highTechRevenueFen: 6_000,
  totalRevenueFen: 10_000,
  innovationPoints: 71,
  incidentLastYear: false,
};
const hteAt = (x: Partial<HteInput>, assessedOn = '2025-06-01') => evaluateHte({ ...hte, ...x }, HTE, { ...meta, assessedOn });
const failedOf = (x: Partial<HteInput>, assessedOn?: string) => hteAt(x, assessedOn).failed;

describe('HTE pre-check (§9.2): every condition at its edge', () => {
  it('all at their minimum pass', () => {
    expect(hteAt({})).toMatchObject({ qualified: true, failed: [] });
    expect(hteAt({}).conditions).toHaveLength(9);
  });

  it('R&D rule per revenue tier: ≤ 5,000万元 5%, ≤ 2亿元 4%, above 3% (rd3y/revenue3y)', () => {
    expect(hteRdThresholdBp(5_000_000_000, HTE)).toBe(500);
    expect(hteRdThresholdBp(5_000_000_001, HTE)).toBe(400);
    expect(hteRdThresholdBp(20_000_000_000, HTE)).toBe(400);
    expect(hteRdThresholdBp(20_000_000_001, HTE)).toBe(300);
    const tier = (totalRevenueFen: number, rd3yFen: number) => failedOf({ totalRevenueFen, highTechRevenueFen: totalRevenueFen, rd3yFen, domesticRd3yFen: rd3yFen });
    expect(tier(5_000_000_000, 499)).toEqual(['rdIntensity']);
    expect(tier(5_000_000_000, 500)).toEqual([]);
    expect(tier(5_000_000_001, 399)).toEqual(['rdIntensity']);
    expect(tier(5_000_000_001, 400)).toEqual([]);
    expect(tier(20_000_000_000, 399)).toEqual(['rdIntensity']);
    expect(tier(20_000_000_000, 400)).toEqual([]);
    expect(tier(20_000_000_001, 299)).toEqual(['rdIntensity']);
    expect(tier(20_000_000_001, 300)).toEqual([]);
  });

  it('domestic R&D 59.99% fails, 60% passes', () => {
    expect(failedOf({ rd3yFen: 10_000, revenue3yFen: 100_000, domesticRd3yFen: 5_999 })).toEqual(['domesticRd']);
    expect(failedOf({ rd3yFen: 10_000, revenue3yFen: 100_000, domesticRd3yFen: 6_000 })).toEqual([]);
  });

  it('registered 1 year on the application date, founded on a leap day', () => {
    // 2024-02-29 + 1 year = 2025-02-28 (Feb 29 → Feb 28).
    expect(failedOf({ establishedOn: '2024-02-29' }, '2025-02-27')).toEqual(['registeredYears']);
    expect(failedOf({ establishedOn: '2024-02-29' }, '2025-02-28')).toEqual([]);
    // Founded 2023-03-01: not a year on the leap day 2024-02-29, a year on 2024-03-01.
    expect(failedOf({ establishedOn: '2023-03-01' }, '2024-02-29')).toEqual(['registeredYears']);
    expect(failedOf({ establishedOn: '2023-03-01' }, '2024-03-01')).toEqual([]);
  });

  it('the other conditions, each alone', () => {
    expect(failedOf({ ipCount: 0 })).toEqual(['ipCount']);
    expect(failedOf({ inSupportedField: false })).toEqual(['supportedField']);
    expect(failedOf({ sciStaff: 9 })).toEqual(['sciStaff']);
    expect(failedOf({ highTechRevenueFen: 5_999 })).toEqual(['highTechRevenue']);
    expect(failedOf({ innovationPoints: 70 })).toEqual(['innovationPoints']);
    expect(failedOf({ incidentLastYear: true })).toEqual(['noIncident']);
    expect(hteAt({ sciStaff: 9 }).conditions.find((c) => c.key === 'sciStaff')).toMatchObject({ pass: false, figures: { sciStaff: 9, employees: 100, ratioBp: 900, minBp: 1000 } });
  });
});

describe('assess (policy book lookup)', () => {
  it('applies the versions in force on the assessment date and names them', () => {
    expect(assess({ designation: 'TSME', year: 2025, input: tsme }, '2025-06-01', noHte, policyBook)).toMatchObject({ designation: 'TSME', policyFrom: '2020-01-01', qualified: true });
    expect(assess({ designation: 'HTE', year: 2025, input: hte }, '2025-06-01', noHte, policyBook)).toMatchObject({ designation: 'HTE', qualified: true, assessedOn: '2025-06-01' });
    expect(() => assess({ designation: 'HTE', year: 2025, input: hte }, '2019-12-31', noHte, policyBook)).toThrow(RangeError);
  });
});

describe('grant validity (§9.3)', () => {
  it('TSME: decision date to Dec 31 of the evaluation year; after the year it cannot be granted', () => {
    expect(grantValidity('TSME', 2025, '2025-06-15', VALIDITY)).toEqual({ ok: true, validFrom: '2025-06-15', validTo: '2025-12-31' });
    expect(grantValidity('TSME', 2025, '2025-12-31', VALIDITY)).toEqual({ ok: true, validFrom: '2025-12-31', validTo: '2025-12-31' });
    expect(grantValidity('TSME', 2025, '2026-01-01', VALIDITY).ok).toBe(false);
  });

  it('HTE: three years, to the day before the third anniversary (a leap-day decision ends Feb 27)', () => {
    expect(grantValidity('HTE', 2025, '2025-06-15', VALIDITY)).toEqual({ ok: true, validFrom: '2025-06-15', validTo: '2028-06-14' });
    expect(grantValidity('HTE', 2024, '2024-02-29', VALIDITY)).toEqual({ ok: true, validFrom: '2024-02-29', validTo: '2027-02-27' });
    expect(grantValidity('HTE', 2025, '2025-01-01', VALIDITY)).toEqual({ ok: true, validFrom: '2025-01-01', validTo: '2027-12-31' });
  });
});

describe('target progress (§12), hand-worked', () => {
  const net = { targetId: 'hte-net-2025', metric: 'designation:HTE' as const, region: '65' as const, baselineDate: '2024-12-31', dueDate: '2025-12-31', targetValue: 700, mode: 'change' as const };
  const total = { ...net, targetId: 'hte-total-2025', targetValue: 3200, mode: 'level' as const };

  it('HTE net +700 on 2025-06-30 with 2,900 (181 of 365 days)', () => {
    expect(targetProgress(net, '2025-06-30', 2529, 2900)).toMatchObject({
      targetLevel: 3229,
      changeSinceBaseline: 371,
      sharePercent: '53.00', // 371 / 700
      projectedValue: 3277, // 2529 + 371 × 365 / 181 = 2529 + 748.15
      onTrack: true, // 371 × 365 = 135,415 ≥ 700 × 181 = 126,700
      remaining: 329,
      daysElapsed: 181,
      daysLeft: 184,
      paceSoFarPerMonth: '62.35', // 371 × 365 / (12 × 181)
      paceNeededPerMonth: '54.39', // 329 × 365 / (12 × 184) = 120,085 / 2,208
    });
  });

  it('HTE total 3,200 on the same date; off track with a slower half year', () => {
    expect(targetProgress(total, '2025-06-30', 2529, 2900)).toMatchObject({ targetLevel: 3200, sharePercent: '55.29', onTrack: true, remaining: 300, paceNeededPerMonth: '49.59' });
    // 300 more by mid-year: 300 × 365 = 109,500 < 671 × 181 = 121,451.
    expect(targetProgress(total, '2025-06-30', 2529, 2829)).toMatchObject({ projectedValue: 3134, onTrack: false });
  });

  it('on the baseline date and once due', () => {
    expect(targetProgress(total, '2024-12-31', 2529, 2529)).toMatchObject({ projectedValue: null, onTrack: false, paceSoFarPerMonth: null, sharePercent: '0.00' });
    expect(targetProgress(total, '2025-12-31', 2529, 3210)).toMatchObject({ projectedValue: 3210, onTrack: true, remaining: 0, paceNeededPerMonth: null, daysLeft: 0 });
  });
});

describe('rdQuality (§12)', () => {
  it('share of filed HTE strictly below 5% (499 counts, 500 does not)', () => {
    expect(rdQuality(2024, [499, 500, 100, 800], 500)).toEqual({ year: 2024, filed: 4, below: 2, thresholdBp: 500, sharePercent: '50.00' });
    expect(rdQuality(2024, [1, 2, 700], 500).sharePercent).toBe('66.67');
    expect(rdQuality(2024, [], 500).sharePercent).toBeNull();
  });
});

const count = (max: number) => fc.integer({ min: 0, max });
const tsmeArb: fc.Arbitrary<TsmeInput> = fc
  .record({
    employees: count(800),
    staffShare: count(10_000),
    revenueFen: count(30_000_000_000),
    totalAssetsFen: count(30_000_000_000),
    rdExpenseFen: count(3_000_000_000),
    costsFen: count(30_000_000_000),
    ipClass1: count(3),
    ipClass2: count(6),
    resident: fc.boolean(),
    restrictedIndustry: fc.boolean(),
    majorIncident: fc.boolean(),
    onDishonestList: fc.boolean(),
    nationalAwardTop3In5y: fc.boolean(),
    provincialRdInstitution: fc.boolean(),
    ledStandardIn5y: fc.boolean(),
  })
  .map(({ staffShare, ...x }) => ({ ...x, sciStaff: Math.floor((x.employees * staffShare) / 10_000) }));
const total = (x: TsmeInput) => evaluateTsme(x, noHte, TSME, meta).totalPoints ?? 0;

describe('TSME properties', () => {
  it('improving any input (more sciStaff, R&D or IP; less revenue or costs) never lowers the points', () => {
    fc.assert(
      fc.property(tsmeArb, count(1_000_000_000), fc.constantFrom('sciStaff', 'rdExpenseFen', 'ipClass1', 'ipClass2', 'revenueFen', 'costsFen'), (x, d, key) => {
        const better = { ...x };
        if (key === 'sciStaff') better.sciStaff = Math.min(x.employees, x.sciStaff + d);
        else if (key === 'revenueFen' || key === 'costsFen') better[key] = Math.max(0, x[key] - d);
        else better[key] = x[key] + d;
        // A zero denominator gives no points by definition: lowering to 0 is not an improvement.
        fc.pre(!((key === 'revenueFen' || key === 'costsFen') && better[key] === 0));
        const before = points(x);
        const after = points(better);
        expect(after.staff).toBeGreaterThanOrEqual(before.staff ?? 0);
        expect(after.rd).toBeGreaterThanOrEqual(before.rd ?? 0);
        expect(after.ip).toBeGreaterThanOrEqual(before.ip ?? 0);
        expect(total(better)).toBeGreaterThanOrEqual(total(x));
      }),
    );
  });

  it('a failed condition always means not qualified; qualified implies no failure named', () => {
    fc.assert(
      fc.property(tsmeArb, fc.boolean(), (x, hteHeld) => {
        const r = evaluateTsme(x, { hteHeld }, TSME, meta);
        const conditionFailed = r.conditions.slice(0, 7).some((c) => c.pass === false);
        if (conditionFailed) expect(r.qualified).toBe(false);
        expect(r.qualified).toBe(r.failed.length === 0);
        if (r.route === 'scored') expect(r.totalPoints! >= 60 && (r.indicators[0]!.points ?? 0) > 0).toBe(true);
      }),
    );
  });

  it('HTE: qualified iff every condition passes', () => {
    fc.assert(
      fc.property(fc.record({ sciStaff: count(100), rd3yFen: count(2_000), domesticRd3yFen: count(2_000), highTechRevenueFen: count(10_000), innovationPoints: count(100), ipCount: count(2) }), (v) => {
        const r = hteAt({ ...v, domesticRd3yFen: Math.min(v.domesticRd3yFen, v.rd3yFen) });
        expect(r.qualified).toBe(r.conditions.every((c) => c.pass));
        expect(r.failed).toEqual(r.conditions.filter((c) => !c.pass).map((c) => c.key));
      }),
    );
  });
});
