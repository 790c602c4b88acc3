/**
 * Local infrastructure without Docker: a real Apache Kafka 4.x broker (KRaft, one combined
 * broker+controller, jars resolved from Maven Central) and FerretDB v1.24.2 (built from the Go module
 * proxy) on a local PostgreSQL 15 (Debian's package, installed with apt when missing; its own cluster in
 * `.runtime/`, on a port of its own). Downloads and builds are cached per machine under
 * `${XDG_CACHE_HOME:-~/.cache}/techcredit`; runtime data lives in `<repo>/.runtime` (git-ignored).
 * `FERRETDB_BACKEND=sqlite` keeps the old SQLite backend (docs/decisions/0008).
 *
 *   npm run infra -- up | down | status | restart-kafka | restart-db
 *
 * With KAFKA_BROKERS and MONGO_URL both set, nothing is started: `up` only checks that they answer.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, cpSync, chmodSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';

export const KAFKA_VERSION = '4.1.1';
export const FERRETDB_VERSION = 'v1.24.2';

const repoRoot = resolve(__dirname, '..', '..');
const cacheDir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'techcredit');
const runtimeDir = process.env.TECHCREDIT_RUNTIME_DIR ?? join(repoRoot, '.runtime');
const kafkaPort = Number(process.env.KAFKA_PORT ?? 9092);
const controllerPort = Number(process.env.KAFKA_CONTROLLER_PORT ?? kafkaPort + 1);
const mongoPort = Number(process.env.MONGO_PORT ?? 27017);
const pgPort = Number(process.env.PG_PORT ?? 5433);
/**
 * FerretDB's PostgreSQL pool. Every open cursor holds one of these until its last getMore (libs/store
 * READ_BATCH), so the pool is sized well above the services' driver pools together (8 × 20 in-flight
 * requests at one replica each) plus their cursors; PostgreSQL allows more for the GIN step and psql.
 */
const FERRETDB_PG_POOL = 900;
const backend: 'postgresql' | 'sqlite' = process.env.FERRETDB_BACKEND === 'sqlite' ? 'sqlite' : 'postgresql';
const PG_MAJOR = '15';
const PG_DATABASE = 'ferretdb';

export interface Endpoints {
  kafkaBrokers: string[];
  mongoUrl: string;
  /**
   * The PostgreSQL database behind FerretDB, when there is one: `libs/store` adds there the GIN expression
   * indexes that FerretDB's equality filters need (passed to services as FERRETDB_POSTGRES_URL).
   */
  postgresUrl?: string;
  /** `local`: processes this module started and can restart; `external`: env-provided. */
  mode: 'local' | 'external';
}

const say = (msg: string): void => {
  process.stderr.write(`[infra] ${msg}\n`);
};

export function externalEndpoints(): Endpoints | undefined {
  const brokers = process.env.KAFKA_BROKERS;
  const mongoUrl = process.env.MONGO_URL;
  if (!brokers || !mongoUrl) return undefined;
  const postgresUrl = process.env.FERRETDB_POSTGRES_URL || undefined;
  return { kafkaBrokers: brokers.split(',').map((s) => s.trim()), mongoUrl, postgresUrl, mode: 'external' };
}

export const localPostgresUrl = (): string => `postgres://postgres@127.0.0.1:${pgPort}/${PG_DATABASE}`;

export function localEndpoints(): Endpoints {
  return {
    kafkaBrokers: [`127.0.0.1:${kafkaPort}`],
    mongoUrl: `mongodb://127.0.0.1:${mongoPort}`,
    postgresUrl: backend === 'postgresql' ? localPostgresUrl() : undefined,
    mode: 'local',
  };
}

// ---------- health checks ----------

export async function kafkaAnswers(brokers: string[], timeoutMs = 3000): Promise<boolean> {
  const kafka = new Kafka({
    brokers,
    clientId: 'techcredit-infra',
    logLevel: logLevel.NOTHING,
    connectionTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export async function mongoAnswers(url: string, timeoutMs = 3000): Promise<boolean> {
  const conn = mongoose.createConnection(url, { serverSelectionTimeoutMS: timeoutMs });
  try {
    await conn.asPromise();
    await conn.db!.admin().command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await conn.close().catch(() => undefined);
  }
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number, logFile?: string): Promise<void> {
  const start = Date.now();
  let lastNote = start;
  while (Date.now() - start < timeoutMs) {
    if (await probe()) {
      say(`${what} answers (${((Date.now() - start) / 1000).toFixed(1)} s)`);
      return;
    }
    if (Date.now() - lastNote > 5000) {
      say(`waiting for ${what}… ${Math.round((Date.now() - start) / 1000)} s`);
      lastNote = Date.now();
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const tail = logFile && existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '';
  throw new Error(`${what} did not answer within ${timeoutMs / 1000} s${tail ? `; last log lines:\n${tail}` : ''}`);
}

// ---------- fetch / build (cached per machine) ----------

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): void {
  say(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], cwd: opts.cwd, env: opts.env ?? process.env });
  if (r.error) throw new Error(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
}

export function kafkaLibDir(): string {
  const dir = join(cacheDir, `kafka-${KAFKA_VERSION}`, 'libs');
  if (existsSync(join(dir, `kafka_2.13-${KAFKA_VERSION}.jar`))) return dir;
  say(`resolving Apache Kafka ${KAFKA_VERSION} jars from Maven Central (once per machine)…`);
  const tmp = `${dir}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  run('mvn', [
    '-B',
    '--no-transfer-progress',
    '-f',
    join(__dirname, 'kafka', 'pom.xml'),
    'dependency:copy-dependencies',
    `-DoutputDirectory=${tmp}`,
    '-DincludeScope=runtime',
  ]);
  rmSync(dir, { recursive: true, force: true });
  cpSync(tmp, dir, { recursive: true });
  rmSync(tmp, { recursive: true, force: true });
  say(`Kafka jars cached in ${dir} (${readdirSync(dir).length} jars)`);
  return dir;
}

/**
 * FerretDB v1.24.2 from the Go module proxy. `go install …/cmd/ferretdb@v1.24.2` builds, but the binary
 * panics at start: the module zip lacks the generated `build/version/version.txt` that FerretDB embeds.
 * So we download the same module, write that file (`v1.24.2`), and `go build ./cmd/ferretdb`
 * (docs/decisions/0002-ferretdb-build.md).
 */
export function ferretdbBinary(): string {
  const bin = join(cacheDir, 'bin', `ferretdb-${FERRETDB_VERSION}`);
  if (existsSync(bin)) return bin;
  say(`building FerretDB ${FERRETDB_VERSION} with Go (once per machine, ~1–3 min)…`);
  mkdirSync(cacheDir, { recursive: true });
  const dl = spawnSync('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`], {
    encoding: 'utf8',
    cwd: cacheDir,
    env: { ...process.env, GOFLAGS: '-mod=mod' },
  });
  if (dl.status !== 0) throw new Error(`go mod download failed: ${dl.stderr || dl.error?.message}`);
  const moduleDir = (JSON.parse(dl.stdout) as { Dir: string }).Dir;
  const src = join(cacheDir, `ferretdb-src-${FERRETDB_VERSION}`);
  rmSync(src, { recursive: true, force: true });
  cpSync(moduleDir, src, { recursive: true });
  spawnSync('chmod', ['-R', 'u+w', src]);
  writeFileSync(join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
  mkdirSync(join(cacheDir, 'bin'), { recursive: true });
  run('go', ['build', '-trimpath', '-o', `${bin}.partial`, './cmd/ferretdb'], { cwd: src });
  cpSync(`${bin}.partial`, bin);
  chmodSync(bin, 0o755);
  rmSync(`${bin}.partial`, { force: true });
  rmSync(src, { recursive: true, force: true });
  say(`FerretDB built: ${bin}`);
  return bin;
}

// ---------- processes ----------

const pidFile = (name: string): string => join(runtimeDir, `${name}.pid`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPid(name: string): number | undefined {
  if (!existsSync(pidFile(name))) return undefined;
  const pid = Number(readFileSync(pidFile(name), 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
}

function spawnDetached(name: string, cmd: string, args: string[], cwd: string): number {
  const log = join(runtimeDir, `${name}.log`);
  const out = openSync(log, 'a');
  const child = spawn(cmd, args, { cwd, detached: true, stdio: ['ignore', out, out] });
  child.unref();
  if (!child.pid) throw new Error(`${name} did not start`);
  writeFileSync(pidFile(name), String(child.pid));
  say(`${name} started (pid ${child.pid}, log ${log})`);
  return child.pid;
}

function kafkaProperties(dataDir: string): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${kafkaPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${kafkaPort}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=12',
    // A single broker: internal topics must not ask for more replicas than exist (kafkajs#1752).
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    'log.retention.hours=-1',
  ].join('\n');
}

async function startKafka(): Promise<void> {
  const libs = kafkaLibDir();
  const dataDir = join(runtimeDir, 'kafka-data');
  const props = join(runtimeDir, 'kafka.properties');
  writeFileSync(props, kafkaProperties(dataDir));
  const cp = `${libs}/*`;
  if (!existsSync(join(dataDir, 'meta.properties'))) {
    mkdirSync(dataDir, { recursive: true });
    const id = spawnSync('java', ['-cp', cp, 'kafka.tools.StorageTool', 'random-uuid'], { encoding: 'utf8' });
    if (id.status !== 0) throw new Error(`kafka-storage random-uuid failed: ${id.stderr}`);
    run('java', ['-cp', cp, 'kafka.tools.StorageTool', 'format', '-t', id.stdout.trim(), '-c', props]);
  }
  spawnDetached(
    'kafka',
    'java',
    [
      '-Xms256m',
      '-Xmx1g',
      `-Dlog4j2.configurationFile=${join(__dirname, 'kafka', 'log4j2.yaml')}`,
      '-cp',
      cp,
      'kafka.Kafka',
      props,
    ],
    runtimeDir,
  );
}

// ---------- PostgreSQL 15 (Debian) behind FerretDB ----------

const pgBinDir = (): string => `/usr/lib/postgresql/${PG_MAJOR}/bin`;
const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** PostgreSQL's server binaries, installed from Debian's packages when missing (root on a fresh machine). */
function ensurePostgresInstalled(): void {
  if (existsSync(join(pgBinDir(), 'postgres'))) return;
  if (!isRoot()) throw new Error(`PostgreSQL ${PG_MAJOR} is not installed: run \`apt-get install postgresql-${PG_MAJOR}\` (as root)`);
  say(`installing PostgreSQL ${PG_MAJOR} from Debian's packages (once per machine)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-q'], { env });
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', `postgresql-${PG_MAJOR}`], { env });
}

/** Runs a PostgreSQL tool as the `postgres` user when we are root (the server refuses to run as root). */
function pgTool(tool: string, args: string[]): void {
  const bin = join(pgBinDir(), tool);
  if (isRoot()) run('runuser', ['-u', 'postgres', '--', bin, ...args]);
  else run(bin, args);
}

/**
 * The cluster lives in `.runtime/pg-data` when the `postgres` user can reach it; a clone under a folder it
 * cannot enter (e.g. /root) keeps its cluster under /var/tmp instead, named after the clone.
 */
function pgDataDir(): string {
  const preferred = join(runtimeDir, 'pg-data');
  if (!isRoot()) return preferred;
  const probe = spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', runtimeDir]);
  if (probe.status === 0) return preferred;
  const tag = Buffer.from(repoRoot).toString('hex').slice(-24);
  return join('/var/tmp', `techcredit-pg-${tag}`);
}

async function pgAnswers(timeoutMs = 1500): Promise<boolean> {
  const r = spawnSync(join(pgBinDir(), 'pg_isready'), ['-h', '127.0.0.1', '-p', String(pgPort), '-t', String(Math.ceil(timeoutMs / 1000))]);
  return r.status === 0;
}

async function startPostgres(): Promise<void> {
  ensurePostgresInstalled();
  if (await pgAnswers()) {
    say(`PostgreSQL already answers on 127.0.0.1:${pgPort}`);
  } else {
    const data = pgDataDir();
    if (!existsSync(join(data, 'PG_VERSION'))) {
      say(`initialising a PostgreSQL ${PG_MAJOR} cluster in ${data}`);
      rmSync(data, { recursive: true, force: true });
      mkdirSync(data, { recursive: true });
      if (isRoot()) run('chown', ['postgres:postgres', data]);
      pgTool('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    }
    const log = join(isRoot() ? data : runtimeDir, 'postgresql.log');
    // Loopback only, socket in /tmp; settings for a single-machine platform database (docs/decisions/0008).
    const opts = [
      `-p ${pgPort}`,
      "-c listen_addresses=127.0.0.1",
      '-c unix_socket_directories=/tmp',
      '-c max_connections=1000',
      '-c shared_buffers=512MB',
      '-c synchronous_commit=off',
      '-c wal_compression=on',
      '-c max_wal_size=2GB',
      '-c checkpoint_timeout=15min',
      '-c jit=off',
    ].join(' ');
    pgTool('pg_ctl', ['-D', data, '-l', log, '-o', opts, '-w', '-t', '60', 'start']);
    writeFileSync(join(runtimeDir, 'postgres.datadir'), data);
  }
  const created = spawnSync(join(pgBinDir(), 'psql'), ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres', '-tAc', `SELECT 1 FROM pg_database WHERE datname='${PG_DATABASE}'`], { encoding: 'utf8' });
  if (created.stdout.trim() !== '1') {
    run(join(pgBinDir(), 'createdb'), ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres', '-E', 'UTF8', PG_DATABASE]);
  }
}

function stopPostgres(): void {
  const marker = join(runtimeDir, 'postgres.datadir');
  if (!existsSync(marker)) {
    say('postgresql: not started by this clone');
    return;
  }
  const data = readFileSync(marker, 'utf8').trim();
  if (existsSync(join(data, 'postmaster.pid'))) pgTool('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  rmSync(marker, { force: true });
  say('postgresql stopped');
}

async function startFerretdb(): Promise<void> {
  const bin = ferretdbBinary();
  const state = join(runtimeDir, 'ferretdb-state');
  mkdirSync(state, { recursive: true });
  const common = [`--state-dir=${state}`, `--listen-addr=127.0.0.1:${mongoPort}`, '--debug-addr=-', '--telemetry=disable', '--log-level=warn'];
  if (backend === 'sqlite') {
    const data = join(runtimeDir, 'ferretdb-data');
    mkdirSync(data, { recursive: true });
    spawnDetached('ferretdb', bin, ['--handler=sqlite', `--sqlite-url=file:${data}/`, ...common], runtimeDir);
    return;
  }
  await startPostgres();
  spawnDetached(
    'ferretdb',
    bin,
    ['--handler=postgresql', `--postgresql-url=${localPostgresUrl()}?pool_max_conns=${FERRETDB_PG_POOL}`, ...common],
    runtimeDir,
  );
}

/** Brings Kafka and the MongoDB-wire database up (or checks env-provided ones); idempotent. */
export async function up(): Promise<Endpoints> {
  const ext = externalEndpoints();
  if (ext) {
    say(`using KAFKA_BROKERS=${ext.kafkaBrokers.join(',')} and MONGO_URL (nothing started)`);
    await waitFor('Kafka (external)', () => kafkaAnswers(ext.kafkaBrokers), 30_000);
    await waitFor('MongoDB (external)', () => mongoAnswers(ext.mongoUrl), 30_000);
    return ext;
  }
  const ep = localEndpoints();
  mkdirSync(runtimeDir, { recursive: true });
  mkdirSync(cacheDir, { recursive: true });
  const [kafkaUp, mongoUp] = await Promise.all([kafkaAnswers(ep.kafkaBrokers, 1500), mongoAnswers(ep.mongoUrl, 1500)]);
  if (!mongoUp) await startFerretdb();
  else say(`MongoDB-wire database already answers on ${ep.mongoUrl}`);
  if (!kafkaUp) await startKafka();
  else say(`Kafka already answers on ${ep.kafkaBrokers.join(',')}`);
  await waitFor('FerretDB', () => mongoAnswers(ep.mongoUrl, 1500), 60_000, join(runtimeDir, 'ferretdb.log'));
  await waitFor('Kafka', () => kafkaAnswers(ep.kafkaBrokers, 1500), 120_000, join(runtimeDir, 'kafka.log'));
  return ep;
}

async function stopProcess(name: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const pid = readPid(name);
  if (!pid) {
    say(`${name}: not running (no live pid file)`);
    return;
  }
  process.kill(pid, signal);
  const start = Date.now();
  while (alive(pid) && Date.now() - start < 30_000) await new Promise((r) => setTimeout(r, 200));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(pidFile(name), { force: true });
  say(`${name} stopped`);
}

export async function down(): Promise<void> {
  if (externalEndpoints()) {
    say('KAFKA_BROKERS / MONGO_URL set: nothing of ours to stop');
    return;
  }
  await stopProcess('kafka');
  await stopProcess('ferretdb');
  if (backend === 'postgresql') stopPostgres();
}

/** Stops FerretDB and PostgreSQL and starts them again (fault tests: the database goes away and comes back). */
export async function restartDatabase(downtimeMs = 2000): Promise<void> {
  await stopDatabase('both');
  await new Promise((r) => setTimeout(r, downtimeMs));
  await startDatabaseAgain();
}

/** Stops and restarts the local broker (fault tests). Only for processes this module started. */
export async function restartKafka(downtimeMs = 2000): Promise<void> {
  if (!readPid('kafka')) throw new Error('restartKafka: no local Kafka process started by deploy/local');
  await stopProcess('kafka');
  await new Promise((r) => setTimeout(r, downtimeMs));
  await startKafka();
  await waitFor('Kafka', () => kafkaAnswers(localEndpoints().kafkaBrokers, 1500), 120_000, join(runtimeDir, 'kafka.log'));
}

/** Stops the broker: SIGTERM (a controlled shutdown) by default, or SIGKILL (a crash) when asked. */
export async function stopKafka(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  await stopProcess('kafka', signal);
}

export async function startKafkaAgain(): Promise<void> {
  await startKafka();
  await waitFor('Kafka', () => kafkaAnswers(localEndpoints().kafkaBrokers, 1500), 120_000, join(runtimeDir, 'kafka.log'));
}

/**
 * Stops the database (fault tests): FerretDB, its PostgreSQL, or both (default). FerretDB gets `signal`
 * (SIGTERM by default, SIGKILL for a crash); PostgreSQL a fast shutdown. Only processes this module started.
 */
export async function stopDatabase(which: 'ferretdb' | 'postgresql' | 'both' = 'both', signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!readPid('ferretdb')) throw new Error('stopDatabase: no local FerretDB process started by deploy/local');
  if (which !== 'postgresql') await stopProcess('ferretdb', signal);
  if (which !== 'ferretdb' && backend === 'postgresql') stopPostgres();
}

/** Starts again what `stopDatabase` stopped (PostgreSQL first, then FerretDB) and waits until it answers. */
export async function startDatabaseAgain(): Promise<void> {
  if (readPid('ferretdb')) {
    if (backend === 'postgresql') await startPostgres();
  } else await startFerretdb();
  await waitFor('FerretDB', () => mongoAnswers(localEndpoints().mongoUrl, 1500), 60_000, join(runtimeDir, 'ferretdb.log'));
}

export async function status(): Promise<{ kafka: boolean; mongo: boolean; endpoints: Endpoints }> {
  const ep = externalEndpoints() ?? localEndpoints();
  const [kafka, mongo] = await Promise.all([kafkaAnswers(ep.kafkaBrokers), mongoAnswers(ep.mongoUrl)]);
  return { kafka, mongo, endpoints: ep };
}

async function main(): Promise<void> {
  const cmd = process.argv[2] ?? 'status';
  if (cmd === 'up') {
    const ep = await up();
    console.log(JSON.stringify({ kafkaBrokers: ep.kafkaBrokers.join(','), mongoUrl: ep.mongoUrl, postgresUrl: ep.postgresUrl, mode: ep.mode }));
  } else if (cmd === 'down') await down();
  else if (cmd === 'restart-kafka') await restartKafka();
  else if (cmd === 'restart-db') await restartDatabase();
  else if (cmd === 'status') {
    const s = await status();
    console.log(`kafka ${s.endpoints.kafkaBrokers.join(',')}: ${s.kafka ? 'up' : 'down'}`);
    console.log(`mongo ${s.endpoints.mongoUrl}: ${s.mongo ? 'up' : 'down'}`);
    process.exitCode = s.kafka && s.mongo ? 0 : 1;
  } else {
    console.error('usage: npm run infra -- up | down | status | restart-kafka | restart-db');
    process.exitCode = 2;
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`[infra] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
