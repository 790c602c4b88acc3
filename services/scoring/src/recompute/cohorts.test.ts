import type { Designation, EnterpriseView } from '@techcredit/projections';
import { policyBook } from '@techcredit/policy';
import { indicators, NO_FLAGS } from '../domain/test-fixtures';
import { recomputeCohorts, type CohortInputs } from './cohorts';
import { FilingBook, ScoreBook } from './state';

/**
 * Two enterprises established 2015 (growth on 2024-12-31 while revenue < 2亿元), every indicator 0 except
 * rdExpense (weight 8 in growth): A 10, B 20 → 2L+E = 1 and 3 over 2N = 4 → 2.00 and 6.00 points;
 * the other 17 indicators tie (0.5 × 92 = 46) → A 48.00, B 52.00.
 */
const enterprise = (enterpriseId: string, designations: Designation[] = []): EnterpriseView => ({
  enterpriseId, name: enterpriseId, prefecture: '6501', zone: null, cluster: null, establishedOn: '2015-05-05', designations,
});
const registry = new Map<string, EnterpriseView>([['A', enterprise('A')], ['B', enterprise('B', [{ code: 'LITTLE_GIANT', validFrom: '2024-12-31', validTo: null }])]]);

function setup() {
  const filings = new FilingBook();
  const scores = new ScoreBook();
  const noPolicy: number[] = [];
  const inputs = (computedAt: string): CohortInputs => ({
    filings, scores, book: policyBook, computedAt, registry: { enterprise: async (id) => registry.get(id) ?? null }, onNoPolicy: (y) => noPolicy.push(y),
  });
  const file = (eventId: string, enterpriseId: string, filedAt: string, over: Parameters<typeof indicators>[0], year = 2024) =>
    filings.offer({ eventId, enterpriseId, filedAt, filing: { year, indicators: indicators(over), flags: NO_FLAGS } });
  return { filings, scores, noPolicy, inputs, file };
}
const growth2024 = new Map([[2024, new Set(['growth'] as const)]]);

describe('recomputeCohorts', () => {
  it('scores a dirty cohort (LITTLE_GIANT valid on Dec 31 counts) and reports every score as changed the first time', async () => {
    const t = setup();
    t.file('f1', 'A', '2024-03-01T10:00:00Z', { rdExpense: 10 });
    t.file('f2', 'B', '2024-03-01T10:00:00Z', { rdExpense: 20 });
    const [o, ...rest] = await recomputeCohorts(growth2024, t.inputs('2025-01-01T00:00:00.000Z'));
    expect(rest).toEqual([]);
    expect([o!.year, o!.stage, o!.members]).toEqual([2024, 'growth', 2]);
    expect(o!.changed.map((s) => [s.data.enterpriseId, s.data.total, s.data.bonus, s.data.computedAt])).toEqual([
      ['A', '48.00', 0, '2025-01-01T00:00:00.000Z'],
      ['B', '57.00', 5, '2025-01-01T00:00:00.000Z'], // 52 + 5 (LITTLE_GIANT valid from 2024-12-31)
    ]);
    expect(o!.all).toEqual(o!.changed);
  });

  it('an unchanged cohort yields no changed score; a re-filing changes only the scores it moves', async () => {
    const t = setup();
    t.file('f1', 'A', '2024-03-01T10:00:00Z', { rdExpense: 10 });
    t.file('f2', 'B', '2024-03-01T10:00:00Z', { rdExpense: 20 });
    for (const s of (await recomputeCohorts(growth2024, t.inputs('2025-01-01T00:00:00Z')))[0]!.changed) t.scores.set(s);
    expect((await recomputeCohorts(growth2024, t.inputs('2025-01-02T00:00:00Z')))[0]!.changed).toEqual([]);
    // B now files rdExpense 10 too: a tie, 2L+E = 2 each → 4.00 points → A 50.00, B 55.00.
    t.file('f3', 'B', '2024-06-01T10:00:00Z', { rdExpense: 10 });
    const [o] = await recomputeCohorts(growth2024, t.inputs('2025-01-03T00:00:00Z'));
    expect(o!.changed.map((s) => [s.data.enterpriseId, s.data.total])).toEqual([['A', '50.00'], ['B', '55.00']]);
    const prevA = t.scores.get('A', 2024)!.eventId;
    expect(o!.changed[0]!.eventId).not.toBe(prevA);
  });

  it('an enterprise that moved stage brings its old cohort along (both recomputed)', async () => {
    const t = setup();
    t.file('f1', 'A', '2024-03-01T10:00:00Z', { rdExpense: 10 });
    t.file('f2', 'B', '2024-03-01T10:00:00Z', { rdExpense: 20 });
    for (const s of (await recomputeCohorts(growth2024, t.inputs('2025-01-01T00:00:00Z')))[0]!.changed) t.scores.set(s);
    // B re-files revenue 2亿元 → stable; only the stable cohort is marked dirty.
    t.file('f3', 'B', '2024-06-01T10:00:00Z', { rdExpense: 20, revenue: 20_000_000_000 });
    const out = await recomputeCohorts(new Map([[2024, new Set(['stable'] as const)]]), t.inputs('2025-01-02T00:00:00Z'));
    expect(out.map((o) => [o.stage, o.members, o.changed.map((s) => [s.data.enterpriseId, s.data.stage, s.data.total])])).toEqual([
      ['stable', 1, [['B', 'stable', '55.00']]], // alone: every percentile 0.5 → 50 + 5
      ['growth', 1, [['A', 'growth', '50.00']]], // alone now
    ]);
  });

  it('a year without a scoring policy on Dec 31 is reported and left unscored', async () => {
    const t = setup();
    t.file('f1', 'A', '2019-03-01T10:00:00Z', { rdExpense: 10 }, 2019); // the default policies start 2020-01-01
    const out = await recomputeCohorts(new Map([[2019, new Set(['growth'] as const)]]), t.inputs('2025-01-01T00:00:00Z'));
    expect([out, t.noPolicy]).toEqual([[], [2019]]);
  });
});
