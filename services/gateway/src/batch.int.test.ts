/**
 * The bulk registry routes and the Idempotency-Key under concurrency, on the real broker and database, with
 * the real registry service behind the gateway: a good batch is published as one and the registry serves it;
 * a batch with one bad item is a 422 naming it and publishes nothing; a keyed batch replays; 20 concurrent
 * requests with one key publish one set of events. Events are read back from Kafka in the test's namespace.
 *
 * "Nothing published" is shown with a later marker on the same keys: same key, same partition, so once the
 * marker's events are read, any event of the refused batch would have been read before them.
 */
import { randomUUID } from 'node:crypto';
import { Topics } from '@techcredit/contracts';
import { makeUscc } from '@techcredit/reference';
import { eventually, gatewayClient, startPlatform, testNamespace, topicReader, type GatewayClient, type Json, type Platform, type TopicReader } from '@techcredit/testkit';

const admin = { role: 'admin', sub: 'batch-admin' } as const;
let seq = 940_000;
const freshUscc = () => makeUscc(++seq);
const enterprise = (id = freshUscc()) => ({ enterpriseId: id, name: `企业${id.slice(-4)}`, prefecture: '6501', zone: 'urumqi', cluster: null, establishedOn: '2016-06-06' });
const designation = (enterpriseId = freshUscc(), code = 'HTE') => ({ enterpriseId, code, validFrom: '2023-01-01', validTo: null });
let bankSeq = 0;
const bank = (bankId = `BK${String(++bankSeq).padStart(3, '0')}`) => ({ bankId, name: `${bankId} 银行`, relendingEligible: true, relendingQuotaFen: 1_000_000 });

describe('bulk registry routes on the real broker and database', () => {
  let platform: Platform;
  let api: GatewayClient;
  let reader: TopicReader;
  let registryUrl: string;

  beforeAll(async () => {
    const namespace = testNamespace('batch');
    platform = await startPlatform({ namespace, services: ['registry'], env: { IDEMPOTENCY_WAIT_MS: '30000' } });
    api = gatewayClient(platform);
    registryUrl = platform.services.get('registry')!.url;
    reader = await topicReader(namespace, [Topics.registry]);
  }, 120_000);

  afterAll(async () => {
    await reader?.stop();
    await platform?.stop();
  });

  const registry = async (path: string): Promise<{ status: number; body: Json }> => {
    const res = await fetch(`${registryUrl}${path}`);
    return { status: res.status, body: (await res.json()) as Json };
  };
  /** Events on the registry topic about `subject`, once a marker published after them has been read. */
  const eventsAbout = async (subjects: readonly string[], markerIds: readonly string[]) => {
    for (const id of markerIds) await reader.waitFor(id);
    return reader.events.filter((e) => subjects.includes(e.subject));
  };

  it('POST /v1/enterprises/batch publishes one event per item with the returned ids; the registry serves them', async () => {
    const items = [enterprise(), enterprise(), { ...enterprise(), prefecture: '6531', zone: null, cluster: 'cotton_textile' }];
    const res = await api.post('/v1/enterprises/batch', admin, { enterprises: items }, { 'x-correlation-id': 'bulk-ent' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 3, eventIds: [expect.any(String), expect.any(String), expect.any(String)], correlationId: 'bulk-ent' });
    const ids = res.body.eventIds as string[];
    expect(new Set(ids).size).toBe(3);
    for (const [i, id] of ids.entries()) {
      expect(await reader.waitFor(id)).toMatchObject({
        topic: Topics.registry,
        type: 'enterprise.registered',
        key: items[i]!.enterpriseId,
        subject: items[i]!.enterpriseId,
        source: 'admin:batch-admin',
        correlationId: 'bulk-ent',
        data: items[i],
      });
    }
    for (const e of items) {
      await eventually(`registry serves ${e.enterpriseId}`, () => registry(`/v1/enterprises/${e.enterpriseId}`), (r) => expect(r.body).toEqual({ ...e, designations: [] }));
    }
  });

  it('POST /v1/designations/batch grants each designation to the enterprise it names', async () => {
    const [a, b] = [enterprise(), enterprise()];
    await api.command('/v1/enterprises/batch', admin, { enterprises: [a, b] });
    const grants = [designation(a.enterpriseId, 'HTE'), designation(a.enterpriseId, 'TSME'), { ...designation(b.enterpriseId, 'SRDI'), validTo: '2025-12-31' }];
    const res = await api.post('/v1/designations/batch', admin, { designations: grants });
    expect([res.status, res.body.accepted, res.body.eventIds.length]).toEqual([202, 3, 3]);
    expect(await reader.waitFor(res.body.eventIds[2] as string)).toMatchObject({ type: 'enterprise.designation_granted', key: b.enterpriseId, data: grants[2] });
    await eventually(
      'designations served',
      async () => [(await registry(`/v1/enterprises/${a.enterpriseId}`)).body.designations, (await registry(`/v1/enterprises/${b.enterpriseId}`)).body.designations],
      ([da, db]) => {
        expect(da).toEqual([
          { code: 'HTE', validFrom: '2023-01-01', validTo: null },
          { code: 'TSME', validFrom: '2023-01-01', validTo: null },
        ]);
        expect(db).toEqual([{ code: 'SRDI', validFrom: '2023-01-01', validTo: '2025-12-31' }]);
      },
    );
  });

  it('POST /v1/banks/batch registers the banks', async () => {
    const items = [bank(), { ...bank(), relendingEligible: false, relendingQuotaFen: 0 }];
    const res = await api.post('/v1/banks/batch', admin, { banks: items });
    expect([res.status, res.body.accepted]).toEqual([202, 2]);
    for (const b of items) await eventually(`registry serves ${b.bankId}`, () => registry(`/v1/banks/${b.bankId}`), (r) => expect(r.body).toEqual(b));
  });

  describe.each([
    {
      path: '/v1/enterprises/batch',
      field: 'enterprises',
      noun: 'enterprise',
      items: () => [enterprise(), { ...enterprise(), establishedOn: '2016-02-30' }, enterprise()],
      subject: (x: Json) => x.enterpriseId as string,
      badPath: ['establishedOn'],
    },
    {
      path: '/v1/designations/batch',
      field: 'designations',
      noun: 'designation',
      items: () => [designation(), { ...designation(), code: 'NOBEL' }, designation()],
      subject: (x: Json) => x.enterpriseId as string,
      badPath: ['code'],
    },
    {
      path: '/v1/banks/batch',
      field: 'banks',
      noun: 'bank',
      items: () => [bank(), { ...bank(), relendingQuotaFen: -1 }, bank()],
      subject: (x: Json) => x.bankId as string,
      badPath: ['relendingQuotaFen'],
    },
  ])('$path', ({ path, field, noun, items, subject, badPath }) => {
    it('one bad item: 422 naming it by index with its zod issue; nothing of the batch is published', async () => {
      const batch = items();
      const res = await api.post(path, admin, { [field]: batch });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ invalidItems: [1], detail: `1 ${noun}(s) invalid, at index 1; nothing was published` });
      expect(res.body.errors).toEqual([{ in: 'body', index: 1, path: [field, 1, ...badPath], message: expect.any(String), code: expect.any(String) }]);
      // The same items again, fixed: only these events appear for the items' subjects.
      const fixed = batch.map((x, i) => (i === 1 ? items()[0] : x));
      const subjects = [...batch, fixed[1]!].map(subject);
      const marker = await api.command(path, admin, { [field]: fixed });
      const seen = await eventsAbout(subjects, marker.eventIds as string[]);
      expect(seen.map((e) => e.id).sort()).toEqual([...(marker.eventIds as string[])].sort());
    });

    it('an Idempotency-Key replays the first answer without publishing again; another body with it is 409', async () => {
      const batch = items().filter((_, i) => i !== 1);
      const key = `replay-${randomUUID()}`;
      const first = await api.post(path, admin, { [field]: batch }, { 'idempotency-key': key });
      expect(first.status).toBe(202);
      const again = await api.post(path, admin, { [field]: batch }, { 'idempotency-key': key });
      expect([again.status, again.body, again.headers.get('idempotent-replayed')]).toEqual([202, first.body, 'true']);
      const other = await api.post(path, admin, { [field]: batch.slice(0, 1) }, { 'idempotency-key': key });
      expect([other.status, other.body.type]).toEqual([409, 'urn:techcredit:problem:idempotency-key-reused']);
      const marker = await api.command(path, admin, { [field]: batch });
      const seen = await eventsAbout(batch.map(subject), marker.eventIds as string[]);
      expect(seen.map((e) => e.id).sort()).toEqual([...(first.body.eventIds as string[]), ...(marker.eventIds as string[])].sort());
    });
  });

  describe('the same Idempotency-Key concurrently (one atomic insert decides)', () => {
    it('20 identical requests in parallel: one publish; the others replay its answer (or 409 while it runs)', async () => {
      const batch = [enterprise(), enterprise(), enterprise()];
      const key = `race-same-${randomUUID()}`;
      const answers = await Promise.all(Array.from({ length: 20 }, () => api.post('/v1/enterprises/batch', admin, { enterprises: batch }, { 'idempotency-key': key })));
      const ran = answers.filter((a) => a.status === 202 && a.headers.get('idempotent-replayed') === null);
      expect(ran).toHaveLength(1);
      for (const a of answers) {
        if (a.status === 202) expect(a.body).toEqual(ran[0]!.body);
        else expect([a.status, a.body.type]).toEqual([409, 'urn:techcredit:problem:idempotency-in-flight']);
      }
      const marker = await api.command('/v1/enterprises/batch', admin, { enterprises: batch });
      const seen = await eventsAbout(batch.map((e) => e.enterpriseId), marker.eventIds as string[]);
      expect(seen.map((e) => e.id).sort()).toEqual([...(ran[0]!.body.eventIds as string[]), ...(marker.eventIds as string[])].sort());
    });

    it('20 different bodies under one key in parallel: exactly one is published, the 19 others are 409', async () => {
      const bodies = Array.from({ length: 20 }, () => ({ banks: [bank(), bank()] }));
      const key = `race-diff-${randomUUID()}`;
      const answers = await Promise.all(bodies.map((b) => api.post('/v1/banks/batch', admin, b, { 'idempotency-key': key })));
      const won = answers.flatMap((a, i) => (a.status === 202 ? [i] : []));
      expect(won).toHaveLength(1);
      expect(answers.filter((a) => a.status === 409).map((a) => a.body.type)).toEqual(Array(19).fill('urn:techcredit:problem:idempotency-key-reused'));
      const all = bodies.flatMap((b) => b.banks);
      const marker = await api.command('/v1/banks/batch', admin, { banks: all });
      const seen = await eventsAbout(all.map((b) => b.bankId), marker.eventIds as string[]);
      const winner = answers[won[0]!]!.body.eventIds as string[];
      expect(seen.map((e) => e.id).sort()).toEqual([...winner, ...(marker.eventIds as string[])].sort());
      expect(winner.map((id) => seen.find((e) => e.id === id)!.data)).toEqual(bodies[won[0]!]!.banks);
    });
  });
});
