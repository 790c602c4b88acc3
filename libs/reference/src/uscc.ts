/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters —
 * 1 registration authority, 1 organisation category, 6-digit administrative division code,
 * 9-character organisation code (GB 11714), 1 check character over the first 17 (mod 31).
 */

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type UsccFailure = 'LENGTH' | 'CHARSET' | 'REGION' | 'CHECK_DIGIT';
export type UsccResult = { ok: true } | { ok: false; reason: UsccFailure; message: string };

function charValue(c: string): number {
  return USCC_CHARSET.indexOf(c);
}

/** The check character for the first 17 characters: 31 − (Σ value×weight mod 31), 31 → '0'. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`need 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = charValue(first17.charAt(i));
    if (v < 0) throw new RangeError(`invalid USCC character ${JSON.stringify(first17.charAt(i))}`);
    sum += v * (WEIGHTS[i] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_CHARSET.charAt(check);
}

/** Validates length, charset (upper case), the 6-digit region code and the check character. */
export function validateUscc(code: string): UsccResult {
  if (code.length !== 18) {
    return { ok: false, reason: 'LENGTH', message: `must be 18 characters, got ${code.length}` };
  }
  for (let i = 0; i < 18; i++) {
    if (charValue(code.charAt(i)) < 0) {
      return {
        ok: false,
        reason: 'CHARSET',
        message: `character ${i + 1} ${JSON.stringify(code.charAt(i))} is not in ${USCC_CHARSET}`,
      };
    }
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) {
    return { ok: false, reason: 'REGION', message: 'characters 3–8 must be a 6-digit administrative division code' };
  }
  const expected = usccCheckChar(code.slice(0, 17));
  if (code.charAt(17) !== expected) {
    return { ok: false, reason: 'CHECK_DIGIT', message: `check character is ${code.charAt(17)}, expected ${expected}` };
  }
  return { ok: true };
}

export function isUscc(code: unknown): code is string {
  return typeof code === 'string' && validateUscc(code).ok;
}

/** GB 11714 organisation-code check character over 8 characters (weights 3,7,9,10,5,8,4,2; mod 11). */
function orgCodeCheckChar(first8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(first8.charAt(i), 36) * (weights[i] ?? 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * A deterministic valid USCC for fixtures and the scenario generator: '91' (enterprise registered by the
 * market regulator) + region + organisation code (seq in base 31 over the USCC charset, 8 characters,
 * plus its GB 11714 check) + check character. Distinct seq give distinct codes (0 ≤ seq < 31^8).
 */
export function makeUscc(seq: number, regionCode6 = '650100'): string {
  if (!Number.isSafeInteger(seq) || seq < 0 || seq >= 31 ** 8) throw new RangeError(`seq out of range: ${seq}`);
  if (!/^\d{6}$/.test(regionCode6)) throw new RangeError(`region code must be 6 digits: ${regionCode6}`);
  let body = '';
  let n = seq;
  for (let i = 0; i < 8; i++) {
    body = USCC_CHARSET.charAt(n % 31) + body;
    n = Math.floor(n / 31);
  }
  const first17 = `91${regionCode6}${body}${orgCodeCheckChar(body)}`;
  return first17 + usccCheckChar(first17);
}
