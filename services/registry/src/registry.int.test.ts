/**
 * registry service on the real infrastructure: registry events published to Kafka, read back over the
 * internal HTTP API (DOMAIN.md §1). The all-loans reference event shares the topic and is ignored.
 */
import { randomUUID } from 'node:crypto';
import { Bus } from '@techcredit/bus';
import { BankRegisteredEvent, DesignationGrantedEvent, EnterpriseRegisteredEvent, totalLoansPosted, type EventDef } from '@techcredit/contracts';
import { createLogger } from '@techcredit/log';
import { makeUscc } from '@techcredit/reference';
import { startPlatform, testNamespace, waitUntil, type Platform } from '@techcredit/testkit';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const [A, B, C, D] = [1, 2, 3, 4].map((n) => makeUscc(800_000 + n)) as [string, string, string, string];

const events: [EventDef, unknown][] = [
  [EnterpriseRegisteredEvent, { enterpriseId: A, name: '甲科技', prefecture: '6501', zone: 'urumqi', cluster: 'oil_gas', establishedOn: '2010-01-01' }],
  [EnterpriseRegisteredEvent, { enterpriseId: B, name: '乙科技', prefecture: '6501', zone: null, cluster: null, establishedOn: '2012-02-02' }],
  [EnterpriseRegisteredEvent, { enterpriseId: C, name: '丙科技', prefecture: '6502', zone: 'karamay', cluster: null, establishedOn: '2018-03-03' }],
  [DesignationGrantedEvent, { enterpriseId: A, code: 'SRDI', validFrom: '2024-06-01', validTo: null }],
  [DesignationGrantedEvent, { enterpriseId: A, code: 'HTE', validFrom: '2022-01-01', validTo: '2024-12-31' }],
  [DesignationGrantedEvent, { enterpriseId: B, code: 'TSME', validFrom: '2023-01-01', validTo: '2024-06-30' }],
  [DesignationGrantedEvent, { enterpriseId: C, code: 'HTE', validFrom: '2023-05-01', validTo: null }],
  [BankRegisteredEvent, { bankId: 'BANKB', name: '乙银行', relendingEligible: false, relendingQuotaFen: 0 }],
  [BankRegisteredEvent, { bankId: 'BANKA', name: '甲银行', relendingEligible: true, relendingQuotaFen: 5_000_000_000 }],
  [totalLoansPosted, { date: '2024-12-31', balanceFen: 1_000, region: '65' }],
  // Registered twice in one batch: the later registration wins (the bulk path inserts the first, updates after).
  [EnterpriseRegisteredEvent, { enterpriseId: D, name: '丁科技', prefecture: '6540', zone: null, cluster: null, establishedOn: '2019-04-04' }],
  [EnterpriseRegisteredEvent, { enterpriseId: D, name: '丁科技(更名)', prefecture: '6540', zone: null, cluster: 'new_power', establishedOn: '2019-04-04' }],
];

async function metric(url: string, outcome: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('techcredit_events_total{') && l.includes('group="registry.registry"') && l.includes(`outcome="${outcome}"`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('registry service over Kafka and HTTP', () => {
  let platform: Platform;
  let bus: Bus;
  let url: string;
  const get = async (path: string): Promise<{ status: number; body: Json }> => {
    const res = await fetch(url + path);
    return { status: res.status, body: (await res.json()) as Json };
  };

  beforeAll(async () => {
    const namespace = testNamespace('registry');
    platform = await startPlatform({ namespace, services: ['registry'], gateway: false });
    url = platform.services.get('registry')!.url;
    bus = new Bus({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'registry-test', namespace, logger: createLogger('registry-test', 'silent') });
    await bus.publishEnvelopes(events.map(([def, data]) => ({ def, envelope: bus.envelope(def, data, { id: randomUUID(), source: 'test:admin' }) })));
    await waitUntil('registry events applied', async () => (await metric(url, 'done')) >= events.length);
  }, 90_000);

  afterAll(async () => {
    await bus?.disconnect();
    await platform?.stop();
  });

  it('accepts the all-loans reference event on the registry topic without dead-lettering it', async () => {
    expect(await metric(url, 'dead-lettered')).toBe(0);
  });

  it('returns an enterprise with its designation history, sorted by validFrom', async () => {
    const { status, body } = await get(`/v1/enterprises/${A}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      enterpriseId: A, name: '甲科技', prefecture: '6501', zone: 'urumqi', cluster: 'oil_gas', establishedOn: '2010-01-01',
      designations: [
        { code: 'HTE', validFrom: '2022-01-01', validTo: '2024-12-31' },
        { code: 'SRDI', validFrom: '2024-06-01', validTo: null },
      ],
    });
    expect((await get(`/v1/enterprises/${makeUscc(800_009)}`)).status).toBe(404); // valid code, never registered
    expect((await get(`/v1/enterprises/${A.slice(0, 17)}0`)).status).toBe(422); // wrong check character
    expect((await get(`/v1/enterprises/${A}?region=6502`)).status).toBe(404); // outside the caller's region
    expect((await get(`/v1/enterprises/${A}?region=65`)).status).toBe(200);
  });

  it('lists enterprises by prefecture with paging, within the region scope', async () => {
    const page = await get('/v1/enterprises?prefecture=6501&limit=1&offset=1');
    expect(page.body).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(page.body.items.map((e: Json) => e.enterpriseId)).toEqual([[A, B].sort()[1]]);
    expect((await get('/v1/enterprises')).body.total).toBe(4);
    expect((await get('/v1/enterprises?region=6502')).body.items.map((e: Json) => e.enterpriseId)).toEqual([C]);
    expect((await get('/v1/enterprises?prefecture=6501&region=6502')).body).toEqual({ items: [], total: 0, limit: 100, offset: 0 });
    expect((await get('/v1/enterprises?prefecture=9999')).status).toBe(422);
    expect((await get('/v1/enterprises?limit=501')).status).toBe(422);
  });

  it('serves banks', async () => {
    expect((await get('/v1/banks')).body).toEqual({
      items: [
        { bankId: 'BANKA', name: '甲银行', relendingEligible: true, relendingQuotaFen: 5_000_000_000 },
        { bankId: 'BANKB', name: '乙银行', relendingEligible: false, relendingQuotaFen: 0 },
      ],
      total: 2, limit: 100, offset: 0,
    });
    expect((await get('/v1/banks/BANKB')).body.name).toBe('乙银行');
    expect((await get('/v1/banks/NOPE')).status).toBe(404);
  });

  it('counts designations valid on a date, for the region or one prefecture', async () => {
    const zero = { HTE: 0, TSME: 0, ISME: 0, SRDI: 0, LITTLE_GIANT: 0, DEMO: 0, CHAMPION: 0, OTHER_TECH: 0 };
    // 2024-06-30: A (HTE, SRDI), B (TSME, last day), C (HTE).
    expect((await get('/v1/registry/designation-counts?asOf=2024-06-30')).body).toEqual({
      asOf: '2024-06-30', region: '65', counts: { ...zero, HTE: 2, SRDI: 1, TSME: 1 }, techEnterprises: 3,
    });
    // 2025-01-01: A's HTE ended 2024-12-31, B's TSME ended → A (SRDI), C (HTE).
    expect((await get('/v1/registry/designation-counts?asOf=2025-01-01')).body.counts).toEqual({ ...zero, HTE: 1, SRDI: 1 });
    expect((await get('/v1/registry/designation-counts?asOf=2024-06-30&region=6501')).body).toEqual({
      asOf: '2024-06-30', region: '6501', counts: { ...zero, HTE: 1, SRDI: 1, TSME: 1 }, techEnterprises: 2,
    });
    expect((await get('/v1/registry/designation-counts')).status).toBe(422);
  });

  it('applies re-registrations in order, within one batch and in a later one', async () => {
    expect((await get(`/v1/enterprises/${D}`)).body).toMatchObject({ name: '丁科技(更名)', cluster: 'new_power' });
    const later = bus.envelope(EnterpriseRegisteredEvent, { enterpriseId: D, name: '丁科技集团', prefecture: '6540', zone: null, cluster: null, establishedOn: '2019-04-04' }, { source: 'test:admin' });
    const bank = bus.envelope(BankRegisteredEvent, { bankId: 'BANKC', name: '丙银行', relendingEligible: false, relendingQuotaFen: 0 }, { source: 'test:admin' });
    const bankAgain = bus.envelope(BankRegisteredEvent, { bankId: 'BANKC', name: '丙银行', relendingEligible: true, relendingQuotaFen: 7_000 }, { source: 'test:admin' });
    await bus.publishEnvelopes([later, bank, bankAgain].map((envelope) => ({ def: envelope.type === BankRegisteredEvent.type ? BankRegisteredEvent : EnterpriseRegisteredEvent, envelope })));
    const renamed = await waitUntil('the later registration applied', async () => {
      const { body } = await get(`/v1/enterprises/${D}`);
      return body.name === '丁科技集团' ? body : undefined;
    });
    expect(renamed).toMatchObject({ cluster: null, prefecture: '6540' });
    const c = await waitUntil('bank registered twice', async () => ((await get('/v1/banks/BANKC')).body.relendingQuotaFen === 7_000 ? true : undefined));
    expect(c).toBe(true);
  });
});
