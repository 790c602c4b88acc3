import { designationCounts } from './counts';
import { applicationListing } from './applications';
import { page } from './listing';
import { prefectureFilter } from './region';

const zero = { HTE: 0, TSME: 0, ISME: 0, SRDI: 0, LITTLE_GIANT: 0, DEMO: 0, CHAMPION: 0, OTHER_TECH: 0 };

describe('designationCounts (§1: valid on the date, bounds inclusive)', () => {
  const enterprises = [
    // A: HTE 2022-01-01..2024-12-31 and SRDI from 2024-06-01 → on 2024-12-31 both; on 2025-01-01 SRDI only.
    { designations: [{ code: 'HTE' as const, validFrom: '2022-01-01', validTo: '2024-12-31' }, { code: 'SRDI' as const, validFrom: '2024-06-01', validTo: null }] },
    // B: HTE twice (renewed): counts once per code.
    { designations: [{ code: 'HTE' as const, validFrom: '2021-01-01', validTo: '2024-12-31' }, { code: 'HTE' as const, validFrom: '2024-12-01', validTo: '2027-11-30' }] },
    // C: TSME ended 2024-06-30 → not tech at the end of 2024.
    { designations: [{ code: 'TSME' as const, validFrom: '2023-01-01', validTo: '2024-06-30' }] },
    // D: nothing.
    { designations: [] },
  ];

  it('counts each code once per enterprise, and tech enterprises', () => {
    expect(designationCounts(enterprises, '2024-12-31')).toEqual({ counts: { ...zero, HTE: 2, SRDI: 1 }, techEnterprises: 2 });
    // A keeps SRDI, B keeps its renewed HTE; A's HTE ended the day before.
    expect(designationCounts(enterprises, '2025-01-01')).toEqual({ counts: { ...zero, HTE: 1, SRDI: 1 }, techEnterprises: 2 });
    // Mid-2024: A (HTE, SRDI), B (HTE), C (TSME, last valid day).
    expect(designationCounts(enterprises, '2024-06-30')).toEqual({ counts: { ...zero, HTE: 2, SRDI: 1, TSME: 1 }, techEnterprises: 3 });
    expect(designationCounts(enterprises, '2020-01-01')).toEqual({ counts: zero, techEnterprises: 0 });
  });
});

describe('prefectureFilter', () => {
  it('intersects the requested prefecture with the region scope', () => {
    expect(prefectureFilter(undefined, undefined)).toBeNull();
    expect(prefectureFilter(undefined, '65')).toBeNull();
    expect(prefectureFilter('6501', '65')).toBe('6501');
    expect(prefectureFilter(undefined, '6502')).toBe('6502');
    expect(prefectureFilter('6502', '6502')).toBe('6502');
    expect(prefectureFilter('6501', '6502')).toBe(false);
  });
});

describe('page', () => {
  it('orders by id and slices', () => {
    const items = [{ id: 'c' }, { id: 'a' }, { id: 'b' }];
    expect(page(items, (x) => x.id, 2, 1)).toEqual({ items: [{ id: 'b' }, { id: 'c' }], total: 3, limit: 2, offset: 1 });
    expect(page(items, (x) => x.id, 10, 5)).toEqual({ items: [], total: 3, limit: 10, offset: 5 });
  });
});

describe('applicationListing', () => {
  it('counts every status of the selection, then filters and pages', () => {
    const apps = [
      { id: 1, status: 'pending' as const, designation: 'HTE' },
      { id: 2, status: 'approved' as const, designation: 'HTE' },
      { id: 3, status: 'rejected' as const, designation: 'TSME' },
      { id: 4, status: 'approved' as const, designation: 'TSME' },
    ];
    expect(applicationListing(apps, {}, 10, 0).counts).toEqual({ pending: 1, approved: 2, rejected: 1, total: 4 });
    const approved = applicationListing(apps, { status: 'approved' }, 1, 1);
    expect(approved).toMatchObject({ total: 2, items: [{ id: 4 }], counts: { total: 4 } });
    expect(applicationListing(apps, { designation: 'HTE' }, 10, 0).counts).toEqual({ pending: 1, approved: 1, rejected: 0, total: 2 });
  });
});
