/**
 * Exact ordering of ISO-8601 date-times with an offset (`2024-05-01T10:00:00.123456+08:00`, `…Z`), as
 * instants: whole seconds through the epoch, then the fractional digits compared as decimals, so
 * sub-millisecond precision is not lost and offsets never compare as text.
 */
const DATETIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})$/i;

interface Instant {
  seconds: number;
  fraction: string;
}

function parseInstant(s: string): Instant {
  const m = DATETIME.exec(s);
  if (!m) throw new RangeError(`not an ISO date-time with offset: ${s}`);
  const offset = (m[3] as string).toUpperCase() === 'Z' ? 'Z' : (m[3] as string).replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(`${m[1]}${offset}`);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO date-time with offset: ${s}`);
  return { seconds: ms / 1000, fraction: (m[2] ?? '').replace(/0+$/, '') };
}

/** −1, 0 or 1 as instant `a` is before, the same as, or after instant `b`. */
export function compareInstants(a: string, b: string): -1 | 0 | 1 {
  const x = parseInstant(a);
  const y = parseInstant(b);
  if (x.seconds !== y.seconds) return x.seconds < y.seconds ? -1 : 1;
  const width = Math.max(x.fraction.length, y.fraction.length);
  const fx = x.fraction.padEnd(width, '0');
  const fy = y.fraction.padEnd(width, '0');
  return fx < fy ? -1 : fx > fy ? 1 : 0;
}
