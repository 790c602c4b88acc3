/** The gateway's check of a loan-event batch, row by row (DOM-free: unit-tested). */
export interface CheckAnswer {
  ok?: boolean;
  items?: { index: number; ok?: boolean; accepted?: boolean; errors?: { path?: (string | number)[]; message: string }[] }[];
  invalidItems?: number[];
  errors?: { index?: number; path?: (string | number)[]; message: string }[];
  detail?: string;
}

/** Row-by-row problems of a check answer (a 422 problem's `errors[].index`, or per-item results). */
export function problemsByRow(answer: CheckAnswer, n: number): string[][] {
  const rows: string[][] = Array.from({ length: n }, () => []);
  for (const item of answer.items ?? []) for (const e of item.errors ?? []) rows[item.index]?.push(`${(e.path ?? []).join('.')}: ${e.message}`);
  for (const e of answer.errors ?? []) if (e.index !== undefined) rows[e.index]?.push(`${(e.path ?? []).slice(2).join('.')}: ${e.message}`);
  return rows;
}
