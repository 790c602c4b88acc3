/**
 * bench:store — what one MongoDB-wire database does for the access patterns TechCredit uses, on this
 * machine: insertMany and sequential insertOne rates, and findOne / updateOne by `_id` and by a declared
 * secondary field on a collection of N documents, with and without the GIN step of `libs/store`
 * (docs/decisions/0008). Prints one table.
 *
 *   npm run bench:store [-- --docs 100000 --probes 300]
 */
import { randomBytes } from 'node:crypto';
import { createLogger } from '@techcredit/log';
import { connectStore, ensureCollection } from '@techcredit/store';
import { up } from '../deploy/local/infra';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function main(): Promise<void> {
  const N = arg('docs', 100_000);
  const probes = arg('probes', 300);
  const ep = await up();
  const logger = createLogger('bench-store', 'warn');
  const ns = `bench_store_${randomBytes(3).toString('hex')}`;
  const rows: [string, string][] = [];
  console.log(`bench:store — ${N.toLocaleString('en')} documents, ${probes} probes each, database ${ep.mongoUrl}${ep.postgresUrl ? ' (FerretDB on PostgreSQL)' : ''}`);
  for (const gin of ep.postgresUrl ? [false, true] : [false]) {
    const conn = await connectStore({ url: ep.mongoUrl, dbName: `${ns}_${gin ? 'gin' : 'plain'}`, logger, postgresUrl: gin ? ep.postgresUrl : undefined });
    const coll = await ensureCollection<{ _id: string; loanId: string; bankId: string; amountFen: number }>(conn, {
      name: 'docs',
      indexes: [{ key: { loanId: 1 } }],
    });
    const label = gin ? 'with GIN step' : ep.postgresUrl ? 'no GIN step' : 'as is';
    const t0 = performance.now();
    for (let i = 0; i < N; i += 1000) {
      const batch = [];
      for (let j = i; j < Math.min(N, i + 1000); j++) batch.push({ _id: `e${j}`, loanId: `L${j % (N / 4)}`, bankId: `B${j % 30}`, amountFen: j });
      await coll.insertMany(batch, { ordered: false });
      if ((i / 1000) % 20 === 0) process.stderr.write(`  [${label}] inserted ${i + batch.length}/${N}\r`);
    }
    const insertManyS = (performance.now() - t0) / 1000;
    process.stderr.write('\n');
    const one: number[] = [];
    for (let i = 0; i < probes; i++) {
      const s = performance.now();
      await coll.insertOne({ _id: `x${i}`, loanId: `LX${i}`, bankId: 'B1', amountFen: i });
      one.push(performance.now() - s);
    }
    const time = async (f: (i: number) => Promise<unknown>): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < probes; i++) {
        const k = Math.floor(((i * 7919) % probes) * (N / probes));
        const s = performance.now();
        await f(k);
        out.push(performance.now() - s);
      }
      return out;
    };
    const byId = await time((k) => coll.findOne({ _id: `e${k}` }));
    const byField = await time((k) => coll.find({ loanId: `L${k % (N / 4)}` }).toArray());
    const upd = await time((k) => coll.updateOne({ _id: `e${k}` }, { $set: { amountFen: k + 1 } }));
    rows.push([`insertMany (${label})`, `${Math.round(N / insertManyS).toLocaleString('en')} docs/s`]);
    rows.push([`insertOne sequential (${label})`, `p50 ${pct(one, 50).toFixed(2)} ms, p99 ${pct(one, 99).toFixed(2)} ms`]);
    rows.push([`findOne by _id (${label})`, `p50 ${pct(byId, 50).toFixed(2)} ms, p99 ${pct(byId, 99).toFixed(2)} ms`]);
    rows.push([`find by loanId, 4 docs (${label})`, `p50 ${pct(byField, 50).toFixed(2)} ms, p99 ${pct(byField, 99).toFixed(2)} ms`]);
    rows.push([`updateOne by _id (${label})`, `p50 ${pct(upd, 50).toFixed(2)} ms, p99 ${pct(upd, 99).toFixed(2)} ms`]);
    await conn.db!.dropDatabase();
    await conn.close();
  }
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log('| what | figure |\n|---|---|');
  for (const [k, v] of rows) console.log(`| ${k.padEnd(w)} | ${v} |`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
