import { z } from 'zod';

/** Calendar date `YYYY-MM-DD` (no time zone: the programme counts days in local calendar dates). */
export const IsoDate = z.iso.date();
/** Money in integer fen (分), never a float, within Number.isSafeInteger. */
export const Fen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** A rate or ratio in basis points. */
export const Bp = z.number().int();
export const Count = z.number().int().nonnegative().max(1_000_000_000);
