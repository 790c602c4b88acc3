/**
 * An authorization matrix (issue 14): every route of a route table × every kind of caller, each cell the
 * expected status. `matrixCells` refuses a table that misses a route or a caller, or names a route the
 * table does not have, so the matrix is generated from the route table and cannot silently fall behind it.
 */
export const MATRIX_CALLERS = ['admin', 'ownBank', 'otherBank', 'ownEnterprise', 'otherEnterprise', 'regulator65', 'otherRegulator', 'ownInsurer', 'otherInsurer', 'noToken'] as const;
export type MatrixCaller = (typeof MATRIX_CALLERS)[number];

export interface MatrixCell<R> {
  route: R;
  key: string;
  caller: MatrixCaller;
  expected: number;
}

export function matrixCells<R>(routes: readonly R[], keyOf: (r: R) => string, expected: Readonly<Record<string, Readonly<Record<MatrixCaller, number>>>>): MatrixCell<R>[] {
  const keys = routes.map(keyOf);
  const missing = keys.filter((k) => !(k in expected));
  const unknown = Object.keys(expected).filter((k) => !keys.includes(k));
  if (missing.length || unknown.length) throw new Error(`authorization matrix out of step with the route table: missing ${missing.join(', ') || '-'}; unknown ${unknown.join(', ') || '-'}`);
  return routes.flatMap((route) => {
    const key = keyOf(route);
    const row = expected[key]!;
    return MATRIX_CALLERS.map((caller) => {
      if (typeof row[caller] !== 'number') throw new Error(`authorization matrix: ${key} has no answer for ${caller}`);
      return { route, key, caller, expected: row[caller] };
    });
  });
}
