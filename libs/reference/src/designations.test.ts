import { DESIGNATION_CODES, designationsValidOn, isDesignationCode, isTechOn, type HeldDesignation } from './designations';

describe('designations', () => {
  const held: HeldDesignation[] = [
    { code: 'HTE', validFrom: '2022-01-01', validTo: '2024-12-31' },
    { code: 'TSME', validFrom: '2024-06-01' }, // open-ended
    { code: 'SRDI', validFrom: '2023-03-01', validTo: null },
  ];

  it('lists the 8 codes', () => {
    expect(DESIGNATION_CODES).toEqual(['HTE', 'TSME', 'ISME', 'SRDI', 'LITTLE_GIANT', 'DEMO', 'CHAMPION', 'OTHER_TECH']);
    expect(isDesignationCode('LITTLE_GIANT')).toBe(true);
    expect(isDesignationCode('hte')).toBe(false);
  });

  it('validity is inclusive at both ends', () => {
    expect(designationsValidOn(held, '2021-12-31')).toEqual(new Set());
    expect(designationsValidOn(held, '2022-01-01')).toEqual(new Set(['HTE']));
    expect(designationsValidOn(held, '2024-06-01')).toEqual(new Set(['HTE', 'TSME', 'SRDI']));
    expect(designationsValidOn(held, '2024-12-31')).toEqual(new Set(['HTE', 'TSME', 'SRDI']));
    expect(designationsValidOn(held, '2025-01-01')).toEqual(new Set(['TSME', 'SRDI']));
  });

  it('isTechOn, optionally restricted to some codes', () => {
    expect(isTechOn(held, '2021-12-31')).toBe(false);
    expect(isTechOn(held, '2022-01-01')).toBe(true);
    expect(isTechOn(held, '2023-01-01', ['TSME', 'LITTLE_GIANT'])).toBe(false);
    expect(isTechOn(held, '2024-06-01', ['TSME', 'LITTLE_GIANT'])).toBe(true);
    expect(isTechOn([], '2024-06-01')).toBe(false);
  });
});
