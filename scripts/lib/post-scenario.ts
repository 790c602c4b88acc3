/**
 * Drives a generated scenario through the public gateway API, as the platform's users would:
 * admins register banks and enterprises (and their designations), a regional regulator posts the
 * all-loans reference balances, banks publish products and post their loan events in batches (with an
 * Idempotency-Key), and each enterprise files its own indicators. Shows progress.
 */
import { createHash } from 'node:crypto';
import type { Principal } from '@techcredit/auth';
import type { Scenario } from '@techcredit/scenario';

export interface PostOptions {
  gatewayUrl: string;
  token: (p: Principal) => string;
  log?: (msg: string) => void;
  concurrency?: number;
  /** Loan events per POST /v1/loan-events (≤ 1000). */
  batchSize?: number;
  /** Which parts to post (default all): lets a test post the loan stream in several steps. */
  parts?: { registry?: boolean; products?: boolean; filings?: boolean; loans?: boolean };
  /** Extra loanId → bankId entries, for a part of a stream whose disbursements were posted earlier. */
  bankOfLoan?: ReadonlyMap<string, string>;
}

export interface PostResult {
  requests: number;
  loanEvents: number;
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
    if (!(res instanceof Error) && res.status < 500) {
      const text = await res.text();
      if (res.status >= 400) throw new ApiError(`POST ${url} → ${res.status}: ${text.slice(0, 800)}`);
      return text ? JSON.parse(text) : undefined;
    }
    // Transient (503 while Kafka is busy, a reset connection): retry with backoff; the Idempotency-Key
    // (or the event ids) makes the retry safe.
    if (attempt >= 8) throw new ApiError(`POST ${url} failed after ${attempt} attempts: ${res instanceof Error ? res.message : res.status}`);
    await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
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

export async function postScenario(s: Scenario, opts: PostOptions): Promise<PostResult> {
  const log = opts.log ?? (() => undefined);
  const conc = opts.concurrency ?? 16;
  const gw = opts.gatewayUrl.replace(/\/$/, '');
  const admin = opts.token({ role: 'admin', sub: 'scenario-admin' });
  const regulator = opts.token({ role: 'regulator', region: '65', sub: 'scenario-regulator' });
  const t0 = Date.now();
  let requests = 0;
  const post = async (path: string, token: string, body: unknown, key?: string) => {
    requests++;
    return call(`${gw}${path}`, token, body, key);
  };

  const parts = { registry: true, products: true, filings: true, loans: true, ...opts.parts };
  if (parts.registry) await postRegistry();
  if (parts.products) await postProducts();
  if (parts.filings) await postFilings();
  if (parts.loans) await postLoans();
  return { requests, loanEvents: parts.loans ? s.loanEvents.length : 0, seconds: (Date.now() - t0) / 1000 };

  async function postRegistry(): Promise<void> {
    log(`registry: ${s.banks.length} banks, ${s.enterprises.length} enterprises, ${s.designationGrants.length} designations`);
    await pool(s.banks, conc, (b) => post('/v1/banks', admin, b).then(() => undefined));
    await pool(s.enterprises, conc, (e) => post('/v1/enterprises', admin, e).then(() => undefined), progressLogger(log, 'enterprises', s.enterprises.length));
    await pool(
      s.designationGrants,
      conc,
      (g) => {
        const { enterpriseId, ...grant } = g;
        return post(`/v1/enterprises/${enterpriseId}/designations`, admin, grant).then(() => undefined);
      },
      progressLogger(log, 'designations', s.designationGrants.length),
    );
    for (const t of s.totalLoans) await post('/v1/reference/total-loans', regulator, { date: t.date, balanceFen: t.balanceFen });
  }

  async function postProducts(): Promise<void> {
    log(`products: ${s.products.length}`);
    await pool(s.products, conc, (p) => post('/v1/credit-products', opts.token({ role: 'bank', bankId: p.bankId, sub: `scenario-${p.bankId}` }), p).then(() => undefined));
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
    const size = Math.min(1000, opts.batchSize ?? 500);
    const batches: { bankId: string; events: Scenario['loanEvents'] }[] = [];
    for (const [bankId, events] of byBank) for (let i = 0; i < events.length; i += size) batches.push({ bankId, events: events.slice(i, i + size) });
    log(`loan events: ${s.loanEvents.length} in ${batches.length} batches from ${byBank.size} banks`);
    const report = progressLogger(log, 'loan-event batches', batches.length);
    // Banks post concurrently, each bank's batches in order.
    let batchesDone = 0;
    await pool([...byBank.keys()], Math.min(conc, 8), async (bankId) => {
      const token = opts.token({ role: 'bank', bankId, sub: `scenario-${bankId}` });
      for (const b of batches.filter((x) => x.bankId === bankId)) {
        const key = createHash('sha256').update(b.events.map((e) => e.id).join(',')).digest('hex').slice(0, 40);
        await post('/v1/loan-events', token, { events: b.events }, key);
        report(++batchesDone);
      }
    });
  }
}
