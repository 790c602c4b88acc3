/**
 * Drives a generated scenario into the platform as its users would: admins register banks, enterprises and
 * their designations through the bulk API (batches of 1,000), a regional regulator posts the all-loans
 * reference balances, banks publish products, each enterprise files its own indicators, and banks send their
 * loan events in batches of 1,000 — through `POST /v1/loan-events` (`loansVia: 'gateway'`) or, as a bank's
 * system would, straight to Kafka with the bank producer of `@techcredit/bus` (`'kafka'`, with every
 * `gatewayEvery`-th bank still through the gateway). Every batch carries an Idempotency-Key (or its own event
 * ids) so retries are harmless. Requests go out `concurrency` at a time, phase after phase (registry before
 * everything, loans last), each bank's batches in order. Shows progress.
 */
import { createHash } from 'node:crypto';
import type { Principal } from '@techcredit/auth';
import { BankBatchRefused, BankProducer, Bus } from '@techcredit/bus';
import { MAX_BATCH_ITEMS, Topics } from '@techcredit/contracts';
import { createLogger } from '@techcredit/log';
import type { Scenario } from '@techcredit/scenario';

export interface PostOptions {
  gatewayUrl: string;
  token: (p: Principal) => string;
  log?: (msg: string) => void;
  /** Requests (or Kafka sends) in flight at once (default 6). */
  concurrency?: number;
  /** Items per batch request or Kafka send (≤ 1000, the default). */
  batchSize?: number;
  /** How banks send their loan events (default `gateway`); `kafka` needs `kafka`. */
  loansVia?: 'gateway' | 'kafka';
  /**
   * The broker and the platform's namespace: needed by `loansVia: 'kafka'`; when set, the driver also waits,
   * after the registry, until every consumer group has applied it (pacing: loan events and filings that
   * arrive before their enterprise wait in line and park, which costs far more than the wait).
   */
  kafka?: { brokers: string[]; namespace?: string };
  /** With `loansVia: 'kafka'`: every n-th bank (by bankId) still posts through the gateway (default 4; 0 = none). */
  gatewayEvery?: number;
  /**
   * Which parts to post (default all but `applications`; `insurance`: insurers, policies, investments): lets a
   * test post the loan stream in several steps.
   * `applications` (the demo's): the 2025 programme targets, then every designation application and its decision.
   */
  parts?: { registry?: boolean; products?: boolean; filings?: boolean; loans?: boolean; insurance?: boolean; applications?: boolean };
  /** Extra loanId → bankId entries, for a part of a stream whose disbursements were posted earlier. */
  bankOfLoan?: ReadonlyMap<string, string>;
}

export interface PostResult {
  /** HTTP requests to the gateway. */
  requests: number;
  loanEvents: number;
  /** Of `loanEvents`, those produced straight to Kafka, and in how many sends. */
  loanEventsViaKafka: number;
  kafkaSends: number;
  seconds: number;
}

class ApiError extends Error {}

async function call(url: string, token: string, body: unknown, idempotencyKey?: string): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      body: JSON.stringify(body),
    }).catch((err: unknown) => err as Error);
    let inFlight = false;
    if (!(res instanceof Error) && res.status < 500) {
      const text = await res.text();
      // A retry that meets its own first attempt still running (409 with Retry-After) waits for it.
      inFlight = res.status === 409 && text.includes('idempotency-in-flight');
      if (res.status >= 400 && !inFlight) throw new ApiError(`POST ${url} → ${res.status}: ${text.slice(0, 800)}`);
      if (!inFlight) return text ? JSON.parse(text) : undefined;
    }
    // Transient (503 while Kafka is busy, a reset connection, a retry in flight): retry with backoff; the
    // Idempotency-Key (or the event ids) makes the retry safe.
    if (attempt >= 8) throw new ApiError(`POST ${url} failed after ${attempt} attempts: ${res instanceof Error ? res.message : inFlight ? 'still in flight' : res.status}`);
    await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
  }
}

/** Waits (≤ 15 min, then goes on: the services park and retry anyway) until the namespace's groups have consumed `topic`. */
async function consumersCaughtUp(kafka: { brokers: string[]; namespace?: string }, topic: string, log: (m: string) => void): Promise<void> {
  const bus = new Bus({ brokers: kafka.brokers, namespace: kafka.namespace, clientId: 'scenario-pacing', logger: createLogger('scenario-pacing', 'warn') });
  const t0 = Date.now();
  let lastLog = 0;
  try {
    while (Date.now() - t0 < 15 * 60_000) {
      const lags = await bus.consumerLag(topic);
      const behind = lags.filter((l) => l.lag > 0);
      if (lags.length > 0 && behind.length === 0) return;
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        log(`  waiting for ${topic} consumers: ${behind.map((l) => `${l.group} ${l.lag}`).join(', ') || 'no group subscribed yet'}`);
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    log(`  ${topic} consumers still behind after 15 min; going on`);
  } finally {
    await bus.disconnect();
  }
}

/** A send the broker did not acknowledge (it restarted, a leader moved) is sent again: same event ids, applied once. */
async function sendWithRetry(producer: BankProducer, events: readonly unknown[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await producer.send(events);
      return;
    } catch (err) {
      if (err instanceof BankBatchRefused || attempt >= 4) throw err;
      await new Promise((r) => setTimeout(r, 1000 * 2 ** attempt));
    }
  }
}

async function pool<T>(items: readonly T[], concurrency: number, fn: (item: T, i: number) => Promise<void>, onProgress?: (done: number) => void): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
      done++;
      onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

function progressLogger(log: (m: string) => void, what: string, total: number) {
  let lastPct = -1;
  const t0 = Date.now();
  return (done: number) => {
    const pct = Math.floor((done * 10) / Math.max(1, total)) * 10;
    if (pct !== lastPct || done === total) {
      lastPct = pct;
      const s = (Date.now() - t0) / 1000;
      log(`  ${what}: ${done}/${total} (${pct}%, ${s > 0 ? Math.round(done / s) : done}/s)`);
    }
  };
}

/** A batch's Idempotency-Key: what it carries, so a re-run of the same scenario replays instead of re-publishing. */
const batchKey = (kind: string, items: readonly unknown[]): string =>
  `${kind}-${createHash('sha256').update(JSON.stringify(items)).digest('hex').slice(0, 40)}`;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function postScenario(s: Scenario, opts: PostOptions): Promise<PostResult> {
  const log = opts.log ?? (() => undefined);
  const conc = opts.concurrency ?? 6;
  const size = Math.min(MAX_BATCH_ITEMS, opts.batchSize ?? MAX_BATCH_ITEMS);
  const loansVia = opts.loansVia ?? 'gateway';
  if (loansVia === 'kafka' && !opts.kafka) throw new Error('postScenario: loansVia kafka needs the kafka brokers (and namespace)');
  const gw = opts.gatewayUrl.replace(/\/$/, '');
  const admin = opts.token({ role: 'admin', sub: 'scenario-admin' });
  const regulator = opts.token({ role: 'regulator', region: '65', sub: 'scenario-regulator' });
  const t0 = Date.now();
  let requests = 0;
  let loanEventsViaKafka = 0;
  let kafkaSends = 0;
  const post = async (path: string, token: string, body: unknown, key?: string) => {
    requests++;
    return call(`${gw}${path}`, token, body, key);
  };

  const parts = { registry: true, products: true, filings: true, loans: true, insurance: true, applications: false, ...opts.parts };
  const phase = async (name: string, run: () => Promise<void>) => {
    const t = Date.now();
    await run();
    log(`  ${name} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };
  if (parts.registry) await phase('registry', postRegistry);
  if (parts.registry && opts.kafka) await phase('registry applied by every consumer', () => consumersCaughtUp(opts.kafka!, Topics.registry, log));
  if (parts.products) await phase('products', postProducts);
  if (parts.filings) await phase('filings', postFilings);
  if (parts.loans) await phase('loan events', postLoans);
  if (parts.applications) await phase('targets, designation applications and decisions', postApplications);
  if (parts.insurance) await phase('insurers, policies, investments', postInsurance);
  return { requests, loanEvents: parts.loans ? s.loanEvents.length : 0, loanEventsViaKafka, kafkaSends, seconds: (Date.now() - t0) / 1000 };

  /** One registry kind through its bulk route, `conc` batches in flight. */
  async function postBatches(path: string, field: string, items: readonly unknown[]): Promise<void> {
    const batches = chunks(items, size);
    await pool(batches, conc, (b) => post(path, admin, { [field]: b }, batchKey(field, b)).then(() => undefined), progressLogger(log, `${field} batches`, batches.length));
  }

  async function postRegistry(): Promise<void> {
    log(`registry: ${s.banks.length} banks, ${s.enterprises.length} enterprises, ${s.designationGrants.length} designations (batches of ${size})`);
    await postBatches('/v1/banks/batch', 'banks', s.banks);
    await postBatches('/v1/enterprises/batch', 'enterprises', s.enterprises);
    await postBatches('/v1/designations/batch', 'designations', s.designationGrants);
    await pool(s.totalLoans, conc, (t) => post('/v1/reference/total-loans', regulator, { date: t.date, balanceFen: t.balanceFen }).then(() => undefined));
  }

  async function postProducts(): Promise<void> {
    log(`products: ${s.products.length}`);
    await pool(s.products, conc, (p) => post('/v1/credit-products', opts.token({ role: 'bank', bankId: p.bankId, sub: `scenario-${p.bankId}` }), p).then(() => undefined));
  }

  /** Issue 11: admins register the insurers and record the investments; each insurer posts its own policies, then the cancellations. */
  async function postInsurance(): Promise<void> {
    log(`insurance: ${s.insurers.length} insurers, ${s.policies.length} policies, ${s.investments.length} investments`);
    await pool(s.insurers, conc, (i) => post('/v1/insurers', admin, i).then(() => undefined));
    await pool(s.investments, conc, (i) => post('/v1/investments', admin, i.data, `investment-${i.id}`).then(() => undefined));
    for (const insurer of s.insurers) {
      const token = opts.token({ role: 'insurer', insurerId: insurer.insurerId, sub: `scenario-${insurer.insurerId}` });
      const own = s.policies.filter((p) => p.bound.insurerId === insurer.insurerId);
      const bound = own.map((p) => ({ id: p.id, type: 'insurance.policy_bound', occurredAt: p.occurredAt, data: p.bound }));
      const cancelled = own.flatMap((p) => (p.cancelled ? [{ id: p.cancelled.id, type: 'insurance.policy_cancelled', occurredAt: p.cancelled.occurredAt, data: p.cancelled.data }] : []));
      for (const events of [...chunks(bound, size), ...chunks(cancelled, size)]) await post('/v1/insurance-events', token, { events }, batchKey('events', events.map((e) => e.id)));
    }
  }

  async function postFilings(): Promise<void> {
    log(`filings: ${s.filings.length}`);
    await pool(
      s.filings,
      conc,
      (f) => {
        const { enterpriseId, filedAt: _filedAt, ...filing } = f;
        const token = opts.token({ role: 'enterprise', enterpriseId, sub: `scenario-${enterpriseId}` });
        return post(`/v1/enterprises/${enterpriseId}/indicators`, token, filing).then(() => undefined);
      },
      progressLogger(log, 'filings', s.filings.length),
    );
  }

  /**
   * The service platform's 2025 (§9.3, §12): the targets as the region's regulator, each application as its
   * enterprise (assessed by the platform: the answer must be the generator's), then, once the registry holds
   * them all, each decision as the programme office. Keys derive from the application, so a re-run replays.
   */
  async function postApplications(): Promise<void> {
    log(`targets: ${s.programmeTargets.length}; applications: ${s.applications.length} (${s.applications.filter((a) => a.decision.decision === 'approved').length} to approve)`);
    await pool(s.programmeTargets, conc, (t) => post('/v1/targets', regulator, t, `target-${t.targetId}`).then(() => undefined));
    let t = Date.now();
    const lap = (what: string) => {
      log(`  ${what} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      t = Date.now();
    };
    const ids: string[] = [];
    await pool(s.applications, conc, async (a, i) => {
      const token = opts.token({ role: 'enterprise', enterpriseId: a.enterpriseId, sub: `scenario-${a.enterpriseId}` });
      const answer = (await post(`/v1/enterprises/${a.enterpriseId}/designation-applications`, token, a.body, `application-${a.enterpriseId}-${a.body.year}`)) as {
        applicationId: string;
        result: { qualified: boolean };
      };
      if (answer.result.qualified !== a.qualified) throw new ApiError(`application of ${a.enterpriseId}: assessed ${answer.result.qualified}, generated ${a.qualified}`);
      ids[i] = answer.applicationId;
    });
    lap(`${s.applications.length} applications assessed and published`);
    for (let waited = 0; ; waited += 500) {
      const res = await fetch(`${gw}/v1/designation-applications?limit=1`, { headers: { authorization: `Bearer ${admin}` } });
      const body = (await res.json()) as { counts?: { total: number } };
      if ((body.counts?.total ?? 0) >= s.applications.length) break;
      if (waited > 120_000) throw new ApiError(`the registry holds ${body.counts?.total ?? 0} of ${s.applications.length} applications after 2 min`);
      await new Promise((r) => setTimeout(r, 500));
    }
    lap('every application recorded by the registry');
    await pool(s.applications, conc, (a, i) => post(`/v1/designation-applications/${ids[i]}/decision`, admin, a.decision, `decision-${ids[i]}`).then(() => undefined));
    lap(`${s.applications.length} decisions checked and published`);
  }

  async function postLoans(): Promise<void> {
    // Loan events: each bank posts its own, in time order, in batches; a loan's events all belong to its bank.
    const bankOfLoan = new Map<string, string>(opts.bankOfLoan ?? []);
    for (const e of s.loanEvents) if (e.type === 'loan.disbursed') bankOfLoan.set(e.data.loanId, e.data.bankId);
    const byBank = new Map<string, Scenario['loanEvents']>();
    for (const e of s.loanEvents) {
      const bankId = bankOfLoan.get(e.data.loanId);
      if (!bankId) throw new Error(`scenario event ${e.id} refers to unknown loan ${e.data.loanId}`);
      const list = byBank.get(bankId) ?? [];
      list.push(e);
      byBank.set(bankId, list);
    }
    const banks = [...byBank.keys()].sort();
    const every = opts.gatewayEvery ?? 4;
    const viaKafka = (bankId: string): boolean => loansVia === 'kafka' && !(every > 0 && banks.indexOf(bankId) % every === 0);
    const batchesOf = new Map(banks.map((b) => [b, chunks(byBank.get(b)!, size)]));
    const total = [...batchesOf.values()].reduce((n, b) => n + b.length, 0);
    const kafkaBanks = banks.filter(viaKafka);
    const bankToken = (bankId: string) => opts.token({ role: 'bank', bankId, sub: `scenario-${bankId}` });
    log(
      `loan events: ${s.loanEvents.length} in ${total} batches from ${banks.length} banks` +
        (loansVia === 'kafka' ? ` (${kafkaBanks.length} banks straight to Kafka, ${banks.length - kafkaBanks.length} through the gateway)` : ' (through the gateway)'),
    );
    // Each bank's system keeps its producer connected (set up once, all at once, before the first send).
    const producers = new Map(
      kafkaBanks.map((bankId) => [bankId, new BankProducer({ brokers: opts.kafka!.brokers, namespace: opts.kafka!.namespace, bankId, logger: createLogger(`bank-${bankId}`, 'warn') })]),
    );
    const report = progressLogger(log, 'loan-event batches', total);
    let batchesDone = 0;
    try {
      await Promise.all([...producers.values()].map((p) => p.connect()));
      // Banks send concurrently, each bank's batches in order (a loan's events stay in order on its partition).
      await pool(banks, conc, async (bankId) => {
        const batches = batchesOf.get(bankId)!;
        const producer = producers.get(bankId);
        for (const events of batches) {
          if (producer) {
            await sendWithRetry(producer, events);
            kafkaSends++;
            loanEventsViaKafka += events.length;
          } else {
            await post('/v1/loan-events', bankToken(bankId), { events }, batchKey('events', events.map((e) => e.id)));
          }
          report(++batchesDone);
        }
      });
    } finally {
      await Promise.all([...producers.values()].map((p) => p.disconnect().catch(() => undefined)));
    }
  }
}
