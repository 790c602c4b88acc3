/** Exact decimal strings for HTTP (phase-2 fact 3): amounts beside their integer fen. */
const two = (n: number): string => String(n % 100).padStart(2, '0');

/** Integer fen ≥ 0 as yuan with 2 decimals: 30000000 → "300000.00". */
export const fenToYuan = (fen: number): string => `${Math.trunc(fen / 100)}.${two(fen)}`;
