/** Child process for the crash test: consumes the ledger topic slowly until killed. */
import { createLogger } from '@techcredit/log';
import { connectStore } from '@techcredit/store';
import { Bus } from '../src';
import { startLedgerConsumer } from './fixture';

async function main(): Promise<void> {
  const ns = process.env.TECHCREDIT_NAMESPACE!;
  const logger = createLogger('ledger-consumer', process.env.LOG_LEVEL ?? 'warn');
  const conn = await connectStore({ url: process.env.MONGO_URL!, dbName: `${ns}_ledger`, logger });
  const bus = new Bus({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'ledger-consumer', namespace: ns, logger });
  const handle = startLedgerConsumer(bus, conn, { delayMs: Number(process.env.DELAY_MS ?? 5) });
  await handle.ready;
  process.stdout.write('ready\n');
  const stop = async () => {
    await bus.disconnect();
    await conn.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}
void main();
