/**
 * A small text-table formatter for the terminal reports (demo, scenario): pipe tables (valid Markdown) whose columns
 * line up in a terminal, counting East Asian wide characters (汉字, full-width forms) as two columns. Numbers and
 * amounts are right-aligned by default; a missing value prints as "—".
 */
export type Cell = string | number | null | undefined;
export interface Column {
  header: string;
  /** Default: right for a column whose every value is a number or a numeric string, else left. */
  align?: 'left' | 'right';
}

/** Terminal columns a string takes: 2 for East Asian wide and full-width code points, 0 for combining marks, else 1. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x300 && c <= 0x36f) || c === 0x200b) continue;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

const NUMERIC = /^[+\-−]?[\d,]+(\.\d+)?%?$/;
const text = (c: Cell): string => (c === null || c === undefined || c === '' ? '—' : String(c));

/** The table as lines: a header row, a separator (`---:` on right-aligned columns), one line per row. */
export function formatTable(columns: readonly (string | Column)[], rows: readonly (readonly Cell[])[]): string[] {
  const cols = columns.map((c) => (typeof c === 'string' ? { header: c } : c));
  const body = rows.map((r) => cols.map((_, i) => text(r[i])));
  const align = cols.map((c, i) => c.align ?? (body.length > 0 && body.every((r) => r[i] === '—' || NUMERIC.test(r[i]!)) ? 'right' : 'left'));
  const widths = cols.map((c, i) => Math.max(3, displayWidth(c.header), ...body.map((r) => displayWidth(r[i]!))));
  const pad = (s: string, i: number) => {
    const fill = ' '.repeat(widths[i]! - displayWidth(s));
    return align[i] === 'right' ? fill + s : s + fill;
  };
  const line = (cells: string[]) => `| ${cells.map(pad).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (align[i] === 'right' ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(cols.map((c) => c.header)), rule, ...body.map(line)];
}

/** Thousands separators for a whole number (counts in tables). */
export function grouped(n: number): string {
  return n.toLocaleString('en-US');
}
