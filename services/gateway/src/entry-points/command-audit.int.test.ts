/**
 * The audit hook of `command()` on a loopback express app, with in-memory idempotency and audit stores (no
 * Kafka, no database): what the real stores cannot be made to do on cue — fail to store a record, or see a
 * keyed command run a second time after a crash — and that the answer and the key then behave.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { Registry } from 'prom-client';
import type { Principal } from '@techcredit/auth';
import type { Envelope } from '@techcredit/contracts';
import { HttpProblem, jsonBody, problemHandler } from '@techcredit/service';
import type { AuditEntry, AuditRecord } from '../domain/audit';
import { chainRecord } from '../domain/audit';
import type { AuditStore } from '../data-access/audit-store';
import type { IdempotencyStore } from '../data-access/idempotency-store';
import type { IdempotencyRecord } from '../domain/idempotency';
import { auditMetrics, collectingPublisher, type AuditTrail } from './audit';
import { command } from './command';
import { correlation } from './correlation';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function memoryKeys(): IdempotencyStore & { docs: Map<string, IdempotencyRecord> } {
  const docs = new Map<string, IdempotencyRecord>();
  return {
    docs,
    async claim(id, meta, nowMs) {
      const existing = docs.get(id);
      if (existing) return { claimed: false, record: existing };
      docs.set(id, { fingerprint: meta.fingerprint, state: 'pending', lockedAt: nowMs });
      return { claimed: true, lockedAt: nowMs };
    },
    async takeOver(id, lockedAt, nowMs) {
      const d = docs.get(id);
      if (d?.state !== 'pending' || d.lockedAt !== lockedAt) return false;
      d.lockedAt = nowMs;
      return true;
    },
    async complete(id, lockedAt, answer, _nowMs, auditId) {
      const d = docs.get(id);
      if (d?.state === 'pending' && d.lockedAt === lockedAt) docs.set(id, { ...d, state: 'done', answer, ...(auditId ? { auditId } : {}) });
    },
    async release(id, lockedAt) {
      if (docs.get(id)?.lockedAt === lockedAt) docs.delete(id);
    },
  };
}

/** Records by id (a second append of an id returns the first), failing the next `failNext` appends. */
function memoryAudit(): AuditStore & { records: AuditRecord[]; failNext: number } {
  const store = {
    records: [] as AuditRecord[],
    failNext: 0,
    async append(entry: AuditEntry) {
      if (store.failNext > 0) {
        store.failNext -= 1;
        throw new Error('database unreachable');
      }
      const existing = store.records.find((r) => r.id === entry.id);
      if (existing) return { record: existing, appended: false };
      const record = chainRecord(entry, store.records.at(-1));
      store.records.push(record);
      return { record, appended: true };
    },
    list: () => Promise.reject(new Error('unused')),
    day: () => Promise.reject(new Error('unused')),
  };
  return store;
}

describe('command(): the audit hook', () => {
  const keys = memoryKeys();
  const audit = memoryAudit();
  const registry = new Registry();
  const trail: AuditTrail = { store: audit, metrics: auditMetrics(registry), logger: { error: () => undefined }, now: () => new Date() };
  const published: string[] = [];
  const publisher = collectingPublisher({
    publish: async (items) => {
      published.push(...items.map((i) => i.meta.id!));
      return items.map((i) => ({ id: i.meta.id! }) as Envelope);
    },
  });
  const principal: Principal = { role: 'bank', bankId: 'B001', sub: 'hook-test' };
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use(correlation, jsonBody());
    const v1 = express.Router();
    v1.use((req, _res, next) => {
      req.principal = principal;
      next();
    });
    const opts = { store: keys, audit: trail, logger: { warn: () => undefined }, waitMs: 0 };
    v1.post(
      '/things/:n',
      command(opts, async (req, res, eventId) => {
        const n = Number(req.params.n);
        if (n === 0) throw new HttpProblem({ status: 422, type: 'validation', title: 'Invalid', detail: 'zero' });
        const ids = Array.from({ length: n }, (_, i) => eventId(i));
        await publisher.publish(ids.map((id) => ({ def: undefined as never, data: {}, meta: { id, correlationId: String(res.locals.correlationId) } })));
        return { status: 202, body: { eventIds: ids } };
      }),
    );
    app.use('/v1', v1);
    app.use(problemHandler({ error: () => undefined }));
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  const post = async (path: string, key?: string) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) }, body: '{}' });
    return { status: res.status, body: (await res.json()) as Json, headers: res.headers };
  };

  it('records the ids of every event the command published, and the route pattern', async () => {
    const a = await post('/v1/things/3');
    expect(a.status).toBe(202);
    expect(audit.records.at(-1)).toMatchObject({ kind: 'command', route: '/v1/things/:n', path: '/v1/things/3', role: 'bank', bankId: 'B001', eventIds: a.body.eventIds });
    expect(a.body.eventIds).toHaveLength(3);
  });

  it('a refusal the command itself answers is not recorded, nor is its replay', async () => {
    const before = audit.records.length;
    expect((await post('/v1/things/0', 'refused')).status).toBe(422);
    expect((await post('/v1/things/0', 'refused')).headers.get('idempotent-replayed')).toBe('true');
    expect(audit.records.length).toBe(before);
  });

  it('an unstorable record answers 503 and releases the key; the retry runs again with the same event ids and records once', async () => {
    audit.failNext = 1;
    const before = audit.records.length;
    const failed = await post('/v1/things/2', 'retry-me');
    expect([failed.status, failed.body.type, failed.headers.get('retry-after')]).toEqual([503, 'urn:techcredit:problem:audit-unavailable', '2']);
    expect(audit.records.length).toBe(before);
    const firstIds = published.slice(-2);
    const retried = await post('/v1/things/2', 'retry-me');
    expect([retried.status, retried.body.eventIds]).toEqual([202, firstIds]);
    expect(audit.records.slice(before).map((r) => [r.kind, r.idempotencyKey, r.eventIds])).toEqual([['command', 'retry-me', firstIds]]);
    expect(await registry.getSingleMetricAsString('techcredit_audit_append_failures_total')).toMatch(/ 1$/m);
  });

  it('a keyed command run again after a crash (its key taken over) finds its record and adds none; a replay names it', async () => {
    const first = await post('/v1/things/1', 'crashy');
    const recorded = audit.records.at(-1)!;
    // The holder "crashed" before completing: the key is pending again, its lease long gone.
    const [id, doc] = [...keys.docs.entries()].find(([, d]) => d.auditId === recorded.id)!;
    keys.docs.set(id, { fingerprint: doc.fingerprint, state: 'pending', lockedAt: 0 });
    const rerun = await post('/v1/things/1', 'crashy');
    expect([rerun.status, rerun.headers.get('idempotent-replayed'), rerun.body]).toEqual([202, null, first.body]);
    expect(audit.records.filter((r) => r.idempotencyKey === 'crashy')).toHaveLength(1);
    const replay = await post('/v1/things/1', 'crashy');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(audit.records.at(-1)).toMatchObject({ kind: 'replay', replayOf: recorded.id, eventIds: [], idempotencyKey: 'crashy' });
  });
});
