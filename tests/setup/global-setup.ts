import { ensureInfra } from '../../libs/testkit/src/infra';

/** Jest global setup for the integration project: real Kafka + MongoDB-wire database (see libs/testkit). */
export default async function globalSetup(): Promise<void> {
  const { mode, kafkaBrokers, mongoUrl } = await ensureInfra();
  process.stderr.write(`\n[tests] infrastructure: ${mode} (kafka ${kafkaBrokers}, mongo ${mongoUrl})\n`);
}
