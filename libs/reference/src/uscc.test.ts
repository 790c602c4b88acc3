import fc from 'fast-check';
import { USCC_CHARSET, isUscc, makeUscc, usccCheckChar, validateUscc } from './uscc';

/** Published codes of real enterprises (GB 32100-2015 examples and well-known companies). */
const REAL = [
  '91350100M000100Y43', // the standard's worked example
  '91330100799655058B', // 阿里巴巴(中国)有限公司
  '9144030071526726XG', // 深圳市腾讯计算机系统有限公司
  '914403001922038216', // 华为技术有限公司
  '91110108551385082Q', // 小米科技有限责任公司
];

describe('validateUscc', () => {
  it.each(REAL)('accepts the published code %s', (code) => {
    expect(validateUscc(code)).toEqual({ ok: true });
  });

  it('computes the check character by hand', () => {
    // 91350100M000100Y4: values 9,1,3,5,0,1,0,0,M=21,0,0,0,1,0,0,Y=30,4
    // Σ v·w = 9·1 + 1·3 + 3·9 + 5·27 + 0 + 1·26 + 0 + 0 + 21·20 + 0 + 0 + 0 + 1·8 + 0 + 0 + 30·30 + 4·28
    //       = 9 + 3 + 27 + 135 + 26 + 420 + 8 + 900 + 112 = 1640; 1640 mod 31 = 28; 31 − 28 = 3 → '3'
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(() => usccCheckChar('91350100M000100Y')).toThrow(RangeError);
  });

  it('rejects with a reason', () => {
    expect(validateUscc('91350100M000100Y4')).toMatchObject({ ok: false, reason: 'LENGTH' });
    expect(validateUscc('91350100M000100Y44')).toMatchObject({ ok: false, reason: 'CHECK_DIGIT' });
    expect(validateUscc('91350100m000100Y43')).toMatchObject({ ok: false, reason: 'CHARSET' }); // lower case
    expect(validateUscc('91350100I000100Y43')).toMatchObject({ ok: false, reason: 'CHARSET' }); // I is excluded
    expect(validateUscc('9135A100M000100Y43')).toMatchObject({ ok: false, reason: 'REGION' });
    expect(isUscc('91350100M000100Y43')).toBe(true);
    expect(isUscc(91350100)).toBe(false);
  });
});

describe('makeUscc', () => {
  it('builds deterministic valid codes', () => {
    expect(makeUscc(0)).toBe('91650100000000000M');
    expect(makeUscc(1)).toBe('91650100000000019J');
    expect(makeUscc(123456, '650200')).toBe('91650200000044EE7A');
    expect(makeUscc(123456, '650200').slice(2, 8)).toBe('650200');
    expect(() => makeUscc(-1)).toThrow(RangeError);
    expect(() => makeUscc(1, '6501')).toThrow(RangeError);
  });

  const seq = fc.integer({ min: 0, max: 31 ** 8 - 1 });

  it('every output validates and distinct seqs give distinct codes', () => {
    fc.assert(
      fc.property(seq, seq, (a, b) => {
        expect(validateUscc(makeUscc(a))).toEqual({ ok: true });
        if (a !== b) expect(makeUscc(a)).not.toBe(makeUscc(b));
      }),
    );
  });

  it('changing any one character breaks the code', () => {
    // Weights are non-zero mod the prime 31, so any single substitution changes Σ mod 31.
    fc.assert(
      fc.property(seq, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (s, pos, shift) => {
        const code = makeUscc(s);
        const old = USCC_CHARSET.indexOf(code.charAt(pos));
        const changed = code.slice(0, pos) + USCC_CHARSET.charAt((old + shift) % 31) + code.slice(pos + 1);
        expect(changed).not.toBe(code);
        expect(validateUscc(changed).ok).toBe(false);
      }),
    );
  });
});
