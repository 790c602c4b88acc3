import { existsSync } from 'node:fs';
import { externalEndpoints, up as localUp } from '../../../deploy/local/infra';

/**
 * Where integration tests find Kafka and the MongoDB-wire database, in this order:
 * 1. `KAFKA_BROKERS` and `MONGO_URL` when set (nothing is started);
 * 2. testcontainers (`apache/kafka` + `mongo:7`) when a Docker engine answers;
 * 3. the local processes of `deploy/local` (real Kafka from Maven jars, FerretDB on SQLite).
 * Exposes the choice as TECHCREDIT_INFRA_MODE = external | docker | local.
 */
export type InfraMode = 'external' | 'docker' | 'local';

let stopDocker: (() => Promise<void>) | undefined;

async function dockerAnswers(): Promise<boolean> {
  if (!process.env.DOCKER_HOST && !existsSync('/var/run/docker.sock')) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = await Promise.race([
      getContainerRuntimeClient(),
      new Promise<never>((_, rej) => setTimeout(() => rej(new Error('docker timeout')), 5000)),
    ]);
    return !!client;
  } catch {
    return false;
  }
}

export async function ensureInfra(): Promise<{ mode: InfraMode; kafkaBrokers: string; mongoUrl: string }> {
  const ext = externalEndpoints();
  let mode: InfraMode;
  let kafkaBrokers: string;
  let mongoUrl: string;
  if (ext) {
    mode = 'external';
    kafkaBrokers = ext.kafkaBrokers.join(',');
    mongoUrl = ext.mongoUrl;
  } else if (process.env.TECHCREDIT_NO_DOCKER !== '1' && (await dockerAnswers())) {
    mode = 'docker';
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const { MongoDBContainer } = await import('@testcontainers/mongodb');
    const [kafka, mongo] = await Promise.all([
      new KafkaContainer('apache/kafka:4.1.1').withKraft().start(),
      new MongoDBContainer('mongo:7').start(),
    ]);
    kafkaBrokers = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
    mongoUrl = `mongodb://${mongo.getHost()}:${mongo.getMappedPort(27017)}/?directConnection=true`;
    stopDocker = async () => {
      await Promise.allSettled([kafka.stop(), mongo.stop()]);
    };
  } else {
    mode = 'local';
    const ep = await localUp();
    kafkaBrokers = ep.kafkaBrokers.join(',');
    mongoUrl = ep.mongoUrl;
    if (ep.postgresUrl) process.env.FERRETDB_POSTGRES_URL = ep.postgresUrl;
  }
  process.env.KAFKA_BROKERS = kafkaBrokers;
  process.env.MONGO_URL = mongoUrl;
  process.env.TECHCREDIT_INFRA_MODE = mode;
  return { mode, kafkaBrokers, mongoUrl };
}

export async function releaseInfra(): Promise<void> {
  await stopDocker?.();
}
