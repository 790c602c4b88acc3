/**
 * Display of figures exactly as the API gives them: decimal strings are only grouped by thousands, never
 * recomputed or rounded (issue 9: never a figure the API did not give).
 */

/** "1789164000.00" → "1,789,164,000.00"; "-6484.59" → "-6,484.59"; a number as its integer string, grouped; null → "—". */
export function grouped(v: string | number | null | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  const s = String(v);
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(s);
  if (!m) return s;
  return `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

/** Removes the grouping `grouped` added (tests compare what is on screen with the API's answer). */
export const ungrouped = (s: string): string => s.replace(/,/g, '');

/** A numeric string or number for a chart axis (the chart draws the API's value; labels keep the string). */
export function chartNumber(v: string | number | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Integer fen as yuan with 2 decimals, by string (exact at any size): 22487756 → "224877.56", -5 → "-0.05". */
export function fenToYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isInteger(fen)) return '—';
  const digits = String(Math.abs(fen)).padStart(3, '0');
  return `${fen < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
