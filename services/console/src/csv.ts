/** CSV in and out (RFC 4180: comma, CRLF, quotes doubled), with a UTF-8 BOM on the way out so spreadsheet programs read Chinese. */

const needsQuotes = /[",\r\n]/;
const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return needsQuotes.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Rows of cells; quoted cells may hold commas, quotes ("") and line breaks; a BOM and blank lines are dropped. */
export function parseCsv(text: string): string[][] {
  const src = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cur);
      cur = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(cur);
      rows.push(row);
      row = [];
      cur = '';
    } else cur += c;
  }
  if (cur !== '' || row.length > 0) {
    row.push(cur);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/** Fields of the loan events whose values are integers (fen, bp); every other field is a string. */
const INTEGER_FIELDS = new Set(['principalFen', 'rateBp', 'amountFen']);
const ENVELOPE = new Set(['id', 'type', 'occurredAt']);

export interface LoanEventItem {
  id: string;
  type: string;
  occurredAt: string;
  data: Record<string, string | number>;
}

/**
 * A bank's CSV of loan events (header: id,type,occurredAt, then the events' fields) as the items of
 * `POST /v1/loan-events`: a row's non-empty cells become its `data`, integers where the contract wants
 * integers. Nothing is checked here: the gateway's check says what it would refuse, row by row.
 */
export function loanEventsFromCsv(text: string): LoanEventItem[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  const names = header.map((h) => h.trim());
  return rows.map((r) => {
    const item: LoanEventItem = { id: '', type: '', occurredAt: '', data: {} };
    names.forEach((name, i) => {
      const v = (r[i] ?? '').trim();
      if (ENVELOPE.has(name)) item[name as 'id' | 'type' | 'occurredAt'] = v;
      else if (v !== '') item.data[name] = INTEGER_FIELDS.has(name) && /^-?\d+$/.test(v) ? Number(v) : v;
    });
    return item;
  });
}
