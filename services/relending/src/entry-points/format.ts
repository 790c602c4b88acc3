/** Exact decimal strings for HTTP (phase-2 fact 3): amounts and rates beside their integers. */
const two = (n: number): string => String(n % 100).padStart(2, '0');

/** Integer fen ≥ 0 as yuan with 2 decimals: 480000000 → "4800000.00". */
export const fenToYuan = (fen: number): string => `${Math.trunc(fen / 100)}.${two(fen)}`;

/** A rate in bp ≥ 0 as a percentage with 2 decimals: 175 → "1.75". */
export const bpToPercent = (bp: number): string => `${Math.trunc(bp / 100)}.${two(bp)}`;

/** Today's calendar date in China Standard Time (UTC+8, no daylight saving), the programme's local date. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
