/**
 * The audit trail through the real gateway (two replicas) on the real infrastructure (Kafka + FerretDB):
 * accepted writes are recorded once, a replay as a replay, refusals never (only counted); the chain of the
 * day verifies, and a record changed or removed behind the platform's back is named by `/v1/audit/verify`.
 * DOMAIN.md §15, docs/decisions/0015.
 */
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import type { Principal } from '@techcredit/auth';
import { makeUscc } from '@techcredit/reference';
import type { RunningService } from '@techcredit/service';
import { gatewayClient, startPlatform, testNamespace, waitUntil, type GatewayClient, type Platform } from '@techcredit/testkit';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const admin: Principal = { role: 'admin', sub: 'audit-admin' };
const bank1: Principal = { role: 'bank', bankId: 'B001', sub: 'audit-b1' };
const reg65: Principal = { role: 'regulator', region: '65', sub: 'audit-r65' };
const reg6501: Principal = { role: 'regulator', region: '6501', sub: 'audit-r6501' };
const bankReg = (bankId: string) => ({ bankId, name: `银行${bankId}`, relendingEligible: false, relendingQuotaFen: 0 });
const today = () => new Date().toISOString().slice(0, 10);

describe('audit trail through the gateway', () => {
  let platform: Platform;
  let gw: GatewayClient;
  let replica: RunningService;
  let db: mongoose.Connection;
  let date: string;
  const audit = async (query: string, as: Principal = admin): Promise<Json> => (await gw.read(`/v1/audit?date=${date}${query}`, as)) as Json;
  const verify = async (as: Principal = admin): Promise<Json> => (await gw.read(`/v1/audit/verify?date=${date}`, as)) as Json;
  const metric = async (url: string, line: RegExp): Promise<number> => {
    const m = line.exec(await (await fetch(`${url}/metrics`)).text());
    return m ? Number(m[1]) : 0;
  };

  beforeAll(async () => {
    platform = await startPlatform({ namespace: testNamespace('audit'), services: [], gateway: true });
    gw = gatewayClient(platform);
    replica = await platform.addInstance('gateway');
    const gateway = platform.services.get('gateway')!;
    db = await mongoose.createConnection(process.env.MONGO_URL!, { dbName: gateway.ctx.db.db!.databaseName }).asPromise();
    date = today();
  }, 90_000);

  afterAll(async () => {
    await db?.close();
    await platform?.stop();
  });

  const written: Record<string, Json> = {};

  it('records each accepted write once: who, route, event ids, key, correlation id, status; a replay as a replay', async () => {
    const plain = await gw.command('/v1/banks', admin, bankReg('B-AUD1'), { 'x-correlation-id': 'audit-corr-1' });
    const keyed = await gw.command('/v1/banks', admin, bankReg('B-AUD2'), { 'idempotency-key': 'audit-key-1' });
    const again = await gw.post('/v1/banks', admin, bankReg('B-AUD2'), { 'idempotency-key': 'audit-key-1' });
    expect([again.status, again.headers.get('idempotent-replayed'), again.body]).toEqual([202, 'true', keyed]);
    const events = [1, 2].map((n) => ({ id: randomUUID(), type: 'loan.repaid', occurredAt: '2024-06-01T10:00:00Z', data: { loanId: 'L-AUD', amountFen: n, repaidOn: '2024-06-01' } }));
    await gw.command('/v1/loan-events', bank1, { events });
    const E = makeUscc(940_001);
    await gw.command(`/v1/enterprises/${E}/designations`, admin, { code: 'HTE', validFrom: '2023-01-01', validTo: null });
    Object.assign(written, { plain, keyed, events, E });

    const page = await audit('');
    expect(page).toMatchObject({ date, limit: 100, offset: 0, hasMore: false });
    const items = page.items as Json[];
    expect(items.map((r) => [r.seq, r.kind, r.route])).toEqual([
      [1, 'command', '/v1/banks'],
      [2, 'command', '/v1/banks'],
      [3, 'replay', '/v1/banks'],
      [4, 'command', '/v1/loan-events'],
      [5, 'command', '/v1/enterprises/:id/designations'],
    ]);
    expect(items[0]).toMatchObject({
      day: date,
      subject: 'audit-admin',
      role: 'admin',
      method: 'POST',
      path: '/v1/banks',
      status: 202,
      eventIds: [plain.eventId],
      correlationId: 'audit-corr-1',
      prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(items[0]).not.toHaveProperty('idempotencyKey');
    expect(items[1]).toMatchObject({ eventIds: [keyed.eventId], idempotencyKey: 'audit-key-1' });
    expect(items[2]).toMatchObject({ eventIds: [], idempotencyKey: 'audit-key-1', replayOf: items[1]!.id, status: 202 });
    expect(items[3]).toMatchObject({ role: 'bank', bankId: 'B001', subject: 'audit-b1', eventIds: events.map((e) => e.id) });
    expect(items[4]).toMatchObject({ path: `/v1/enterprises/${E}/designations` });
    for (let i = 1; i < items.length; i++) expect(items[i]!.prevHash).toBe(items[i - 1]!.hash);
  });

  it('stores no denied or invalid request, and counts them in /metrics', async () => {
    const before = await metric(platform.gatewayUrl!, /techcredit_gateway_rejected_total\{reason="denied",method="POST",route="\/v1\/banks"[^}]*\} (\d+)/);
    expect((await gw.post('/v1/banks', bank1, bankReg('B-NO'))).status).toBe(403);
    expect((await fetch(`${platform.gatewayUrl}/v1/banks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bankReg('B-NO')) })).status).toBe(401);
    expect((await gw.post('/v1/banks', admin, { ...bankReg('B-NO'), relendingQuotaFen: -1 })).status).toBe(422);
    const otherBanks = { events: [{ id: randomUUID(), type: 'loan.disbursed', occurredAt: '2024-03-01T09:00:00Z', data: { loanId: 'L-NO', bankId: 'B002', enterpriseId: written.E, principalFen: 1, rateBp: 345, disbursedOn: '2024-03-01', maturityOn: '2025-03-01', guaranteeType: 'credit' } }] };
    expect((await gw.post('/v1/loan-events', bank1, otherBanks)).status).toBe(403);
    expect((await gw.post('/v1/banks', admin, bankReg('B-OTHER'), { 'idempotency-key': 'audit-key-1' })).status).toBe(409);
    expect(((await audit('')).items as Json[]).length).toBe(5);
    await waitUntil('denied counted', async () => (await metric(platform.gatewayUrl!, /techcredit_gateway_rejected_total\{reason="denied",method="POST",route="\/v1\/banks"[^}]*\} (\d+)/)) === before + 1);
    const text = await (await fetch(`${platform.gatewayUrl}/metrics`)).text();
    expect(text).toMatch(/techcredit_gateway_rejected_total\{reason="denied",method="POST",route="unmatched"[^}]*\} 1/);
    expect(text).toMatch(/techcredit_gateway_rejected_total\{reason="invalid",method="POST",route="\/v1\/banks"[^}]*\} 1/);
    expect(text).toMatch(/techcredit_gateway_rejected_total\{reason="denied",method="POST",route="\/v1\/loan-events"[^}]*\} 1/);
    expect(text).toMatch(/techcredit_gateway_rejected_total\{reason="conflict",method="POST",route="\/v1\/banks"[^}]*\} 1/);
    expect(text).toMatch(/techcredit_audit_records_total\{kind="replay"[^}]*\} 1/);
  });

  it('filters by subject and route, pages in chain order; admin and regulator 65 read it, nobody else', async () => {
    expect(((await audit('&subject=audit-b1')).items as Json[]).map((r) => r.seq)).toEqual([4]);
    expect(((await audit(`&route=${encodeURIComponent('/v1/enterprises/:id/designations')}`)).items as Json[]).map((r) => r.seq)).toEqual([5]);
    const second = await audit('&limit=2&offset=2', reg65);
    expect([(second.items as Json[]).map((r) => r.seq), second.hasMore]).toEqual([[3, 4], true]);
    expect((await gw.get(`/v1/audit?date=${date}`, reg6501)).status).toBe(403);
    expect((await gw.get(`/v1/audit/verify?date=${date}`, bank1)).status).toBe(403);
    expect((await gw.get('/v1/audit', admin)).status).toBe(422);
    expect((await gw.get(`/v1/audit?date=${date}&route=banks`, admin)).status).toBe(422);
  });

  it('two replicas writing at once keep one chain: consecutive seqs, every link right', async () => {
    const replicaClient = gatewayClient({ ...platform, gatewayUrl: replica.url });
    await Promise.all(
      Array.from({ length: 16 }, (_, i) => (i % 2 ? gw : replicaClient).command('/v1/banks', admin, bankReg(`B-RACE${i}`), { 'idempotency-key': `race-${i}` })),
    );
    const items = (await audit('&limit=500')).items as Json[];
    expect(items.map((r) => r.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(await verify(reg65)).toEqual({ date, ok: true, records: 21, lastHash: items[20]!.hash });
  });

  it('names the record changed behind the platform’s back, then the one removed before it', async () => {
    const records = db.collection('audit_records');
    const fourth = (await records.findOne({ day: date, seq: 4 }))!;
    await records.updateOne({ _id: fourth._id }, { $set: { bankId: 'B002' } });
    expect(await verify()).toMatchObject({ ok: false, records: 21, firstBreak: { seq: 4, id: fourth._id, reason: 'hash-mismatch' } });

    const second = (await records.findOne({ day: date, seq: 2 }))!;
    await records.deleteOne({ _id: second._id });
    const verdict = await verify();
    expect(verdict).toMatchObject({ ok: false, records: 20, firstBreak: { seq: 2, reason: 'missing' } });
    expect(verdict.firstBreak.detail).toContain(((await records.findOne({ day: date, seq: 3 }))!)._id);
    // Another day's chain is untouched by this one.
    expect(await gw.read('/v1/audit/verify?date=2020-01-01', admin)).toMatchObject({ ok: true, records: 0 });
  });
});
