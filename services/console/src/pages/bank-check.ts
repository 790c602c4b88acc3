/**
 * The gateway's dry run of a loan-event batch (`POST /v1/loan-events/check`, docs/api.md "Checking a loan
 * batch"), row by row. DOM-free: unit-tested.
 */
export interface Issue {
  index?: number;
  path?: (string | number)[];
  message: string;
}

export interface CheckAnswer {
  /** What `POST /v1/loan-events` would answer: 202, 422 or 403. */
  status?: number;
  wouldAccept?: boolean;
  acceptable?: number;
  refused?: { index: number; reason: string; errors: Issue[] }[];
  /** A 422 problem (a body that is not a batch): issues with an item index where there is one. */
  errors?: Issue[];
  detail?: string;
}

/** The path of an issue past `events.<index>`: `data.amountFen`. */
const where = (e: Issue) => (e.path ?? []).slice(2).join('.');

/** Row-by-row problems (index = row of the batch): the refused rows' reason and issues, or a 422's indexed issues. */
export function problemsByRow(answer: CheckAnswer, n: number): string[][] {
  const rows: string[][] = Array.from({ length: n }, () => []);
  for (const r of answer.refused ?? []) {
    const issues = r.errors.length ? r.errors.map((e) => `${where(e)}: ${e.message}`) : [r.reason];
    rows[r.index]?.push(...issues.map((i) => (r.reason === 'INVALID' ? i : `${r.reason} ${i}`)));
  }
  for (const e of answer.errors ?? []) if (e.index !== undefined) rows[e.index]?.push(`${where(e)}: ${e.message}`);
  return rows;
}
