/**
 * `npm run bench:bus [-- --events 100000]`: raw kafkajs produce→consume throughput on this broker, and
 * the throughput of the libs' consumer runner (parse + validate + inbox + one ledger document per event in
 * the MongoDB-wire database), with their ratio. Prints figures; asserts nothing.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { createLogger } from '@techcredit/log';
import { connectStore, insertOnce } from '@techcredit/store';
import { Bus } from '@techcredit/bus';
import { up } from '../deploy/local/infra';
import { LEDGER_TOPIC, LedgerEntry, ledgerModel } from '../libs/bus/test/fixture';


export async function rawKafkajs(brokers: string[], ns: string, N: number): Promise<{ produceS: number; consumeS: number }> {
  const kafka = new Kafka({ brokers, clientId: 'bench-raw', logLevel: logLevel.NOTHING });
  const topic = `${ns}.raw`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 12 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const payload = JSON.stringify({ account: 'x', amountFen: 1, pad: 'y'.repeat(200) });
  const t0 = Date.now();
  for (let i = 0; i < N; i += 1000) {
    await producer.send({ topic, acks: -1, messages: Array.from({ length: Math.min(1000, N - i) }, (_, j) => ({ key: `k${(i + j) % 97}`, value: payload })) });
  }
  const produceS = (Date.now() - t0) / 1000;
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: `${ns}.raw-group` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let n = 0;
  const t1 = Date.now();
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        n += batch.messages.length;
        if (n >= N) resolve();
      },
    });
  });
  const consumeS = (Date.now() - t1) / 1000;
  await consumer.disconnect();
  return { produceS, consumeS };
}

async function runner(brokers: string[], mongoUrl: string, ns: string, N: number): Promise<{ produceS: number; consumeS: number }> {
  const logger = createLogger('bench-bus', 'warn');
  const conn = await connectStore({ url: mongoUrl, dbName: `${ns}_ledger`, logger, postgresUrl: process.env.FERRETDB_POSTGRES_URL });
  const bus = new Bus({ brokers, clientId: 'bench-runner', namespace: ns, logger });
  await bus.ensureTopics([LEDGER_TOPIC]);
  const t0 = Date.now();
  for (let i = 0; i < N; i += 1000) {
    await bus.publishEnvelopes(
      Array.from({ length: Math.min(1000, N - i) }, (_, j) => ({
        def: LedgerEntry,
        envelope: bus.envelope(LedgerEntry, { account: `acct-${(i + j) % 97}`, amountFen: 1 + ((i + j) % 1000) }),
      })),
    );
  }
  const produceS = (Date.now() - t0) / 1000;
  const Ledger = ledgerModel(conn);
  let applied = 0;
  const t1 = Date.now();
  let last = t1;
  await new Promise<void>((resolve) => {
    bus.consume({
      groupId: 'bench',
      topics: [LEDGER_TOPIC],
      events: [LedgerEntry],
      store: conn,
      handle: async (ev) => {
        const d = ev.data as { account: string; amountFen: number };
        await insertOnce(Ledger, { _id: ev.id, account: d.account, amountFen: d.amountFen });
        applied++;
        if (Date.now() - last > 5000) {
          last = Date.now();
          console.log(`  runner: ${applied}/${N} (${Math.round(applied / ((last - t1) / 1000))} ev/s)`);
        }
        if (applied >= N) resolve();
        return { outcome: 'done' };
      },
    });
  });
  const consumeS = (Date.now() - t1) / 1000;
  await bus.disconnect();
  await conn.dropDatabase();
  await conn.close();
  return { produceS, consumeS };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { events: { type: 'string', default: '100000' } } });
  const N = Number(values.events);
  const ep = await up();
  const ns = `bench-${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;
  console.log(`bench:bus — ${N} events, broker ${ep.kafkaBrokers.join(',')}, database ${ep.mongoUrl}`);
  const raw = await rawKafkajs(ep.kafkaBrokers, ns, N);
  console.log(`  raw kafkajs: produce ${Math.round(N / raw.produceS)} ev/s, consume ${Math.round(N / raw.consumeS)} ev/s`);
  const lib = await runner(ep.kafkaBrokers, ep.mongoUrl, ns, N);
  const rawEnd = N / raw.consumeS;
  const libEnd = N / lib.consumeS;
  console.log('');
  console.log('| path | produce ev/s | consume ev/s |');
  console.log('|---|---|---|');
  console.log(`| raw kafkajs (no parsing, no writes) | ${Math.round(N / raw.produceS)} | ${Math.round(rawEnd)} |`);
  console.log(`| libs/bus runner + ledger documents | ${Math.round(N / lib.produceS)} | ${Math.round(libEnd)} |`);
  console.log(`ratio runner/raw (consume): ${(libEnd / rawEnd).toFixed(3)}`);
  process.exit(0);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
