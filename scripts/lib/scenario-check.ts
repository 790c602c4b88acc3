/**
 * Comparing what the platform computed with what the scenario generator expects (exact, to the fen and
 * the count), and with the published figures (at their published precision).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '@techcredit/scenario';

export { keyFigures, diffFigures, type KeyFigures } from '@techcredit/testkit';
import { keyFigures, diffFigures, type KeyFigures, type StatsLike } from '@techcredit/testkit';

const replacer = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

/** Writes the generator's expected aggregates (to the fen) beside the run; returns the file path. */
export function writeExpected(dir: string, s: Scenario): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `expected-seed${s.seed}-scale${s.scale}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        seed: s.seed,
        scale: s.scale,
        asOf: s.expected.asOf,
        keyFigures: { [s.expected.asOf]: keyFigures(s.expected.stats) },
        stats: s.expected.stats,
        stats2023: s.expected.stats2023,
        slices: s.expected.slices,
        benchmark: s.expected.benchmark,
      },
      replacer,
      2,
    ),
  );
  return file;
}

export async function getJson<T>(url: string, token: string): Promise<T> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url} → ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/** Polls the gateway until the 2024-12-31 statistics equal the expected ones exactly (or the timeout). */
export async function waitForConvergence(opts: {
  gatewayUrl: string;
  token: string;
  expected: KeyFigures;
  asOf: string;
  timeoutMs: number;
  log: (m: string) => void;
}): Promise<{ converged: boolean; seconds: number; differences: string[] }> {
  const t0 = Date.now();
  let differences: string[] = ['no answer yet'];
  let lastLog = 0;
  while (Date.now() - t0 < opts.timeoutMs) {
    try {
      const stats = await getJson<StatsLike & { stats?: StatsLike }>(`${opts.gatewayUrl}/v1/stats/lending?asOf=${opts.asOf}`, opts.token);
      differences = diffFigures(keyFigures(stats.stats ?? stats), opts.expected);
      if (differences.length === 0) return { converged: true, seconds: (Date.now() - t0) / 1000, differences };
    } catch (err) {
      differences = [(err as Error).message];
    }
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      opts.log(`  waiting for the pipeline (${Math.round((Date.now() - t0) / 1000)} s): ${differences[0]}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { converged: false, seconds: (Date.now() - t0) / 1000, differences };
}
