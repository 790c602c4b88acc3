import { Parser } from '@asyncapi/parser';
import { POLICY_KEYS } from '@techcredit/policy';
import { z } from 'zod';
import * as contracts from './index';
import { asyncApiDocument, asyncApiMessageId, eventKeyTemplate } from './asyncapi';
import { defineEvent, dlqTopic, Topics, type EventDef } from './envelope';
import { allEvents } from './events';
import { loanDisbursed } from './loans';
import { USCC_PATTERN } from './registry';
import { totalLoansPosted } from './stats';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const doc = asyncApiDocument() as Json;
/** Spectral severities: 0 error, 1 warning, 2 information, 3 hint. */
const parse = async (d: unknown) => {
  const { document, diagnostics } = await new Parser().parse(JSON.stringify(d));
  return { document, errors: diagnostics.filter((x) => x.severity === 0), warnings: diagnostics.filter((x) => x.severity === 1) };
};

/** The generated document, parsed once (a parse takes about a second). */
let parsedDoc: ReturnType<typeof parse> | undefined;
const parsedOnce = () => (parsedDoc ??= parse(doc));

const isEventDef = (x: unknown): x is EventDef =>
  typeof x === 'object' && x !== null && typeof (x as EventDef).type === 'string' && typeof (x as EventDef).version === 'number' && typeof (x as EventDef).key === 'function' && (x as EventDef).schema instanceof z.ZodType;

describe('allEvents', () => {
  it('holds every EventDef the package exports, each (type, version) once', () => {
    const exported = (Object.values(contracts) as unknown[]).filter(isEventDef);
    expect(exported.length).toBeGreaterThanOrEqual(14);
    for (const def of exported) expect([asyncApiMessageId(def), allEvents.includes(def)]).toEqual([asyncApiMessageId(def), true]);
    const ids = allEvents.map(asyncApiMessageId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('asyncApiDocument', () => {
  it('is a valid AsyncAPI 3.0 document: @asyncapi/parser reports no error and no warning', async () => {
    const { document, errors, warnings } = await parsedOnce();
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    expect(document?.info().version()).toMatch(/^1\.0\.0\+[0-9a-f]{12}$/);
  });

  it('is checked for real: a message that does not exist, or a payload schema that is not JSON Schema, is an error', async () => {
    const badRef = structuredClone(doc);
    badRef.channels.loan.messages['loan.nothing.v1'] = { $ref: '#/components/messages/loan.nothing.v1' };
    expect((await parse(badRef)).errors.map((e) => e.code)).toContain('invalid-ref');
    const badSchema = structuredClone(doc);
    badSchema.components.messages['loan.repaid.v1'].payload.properties.data.type = 'objekt';
    expect((await parse(badSchema)).errors.map((e) => e.path.join('/'))).toContain('components/messages/loan.repaid.v1/payload/properties/data/type');
  });

  it('lists every registered event type and version on its topic, as parsed', async () => {
    const { document } = await parsedOnce();
    const onTopic = new Map<string, string[]>();
    for (const ch of document!.channels()) onTopic.set(ch.address()!, ch.messages().all().map((m) => m.name()!));
    for (const def of allEvents) expect([def.type, def.version, onTopic.get(def.topic)]).toEqual([def.type, def.version, expect.arrayContaining([asyncApiMessageId(def)])]);
    const messages = document!.messages().all().filter((m) => m.name() !== 'deadLetter');
    expect(messages.length).toBe(allEvents.length);
    expect(messages.map((m) => [m.extensions().get('x-event-type')?.value(), m.extensions().get('x-event-version')?.value()]).sort()).toEqual(allEvents.map((d) => [d.type, d.version]).sort());
  });

  it('has a channel and a dead-letter channel for every topic, with 12 partitions', () => {
    const addresses = Object.values(doc.channels as Record<string, Json>).map((c) => c.address);
    for (const topic of Object.values(Topics)) expect(addresses).toEqual(expect.arrayContaining([topic, dlqTopic(topic)]));
    expect(addresses.length).toBe(2 * Object.values(Topics).length);
    expect(doc.channels['loan-dlq']).toMatchObject({ address: 'techcredit.loan.v1.dlq', bindings: { kafka: { partitions: 12 } } });
    const dl = doc.components.messages.deadLetter.payload;
    expect(dl.required.sort()).toEqual(['at', 'attempts', 'group', 'key', 'offset', 'originalTopic', 'partition', 'reason', 'value']);
  });

  it('wraps each version’s data schema in the envelope, with type and version fixed', () => {
    const m = doc.components.messages['loan.disbursed.v1'];
    expect(m.payload.required.sort()).toEqual(['correlationId', 'data', 'id', 'occurredAt', 'source', 'subject', 'type', 'version']);
    expect(m.payload.additionalProperties).toBe(false);
    expect(m.payload.properties.type.const).toBe('loan.disbursed');
    expect(m.payload.properties.version.const).toBe(1);
    expect(m.payload.properties.data.required).toEqual(expect.arrayContaining(['loanId', 'bankId', 'principalFen', 'maturityOn']));
    expect(m.payload.properties.data.properties.principalFen).toMatchObject({ type: 'integer', exclusiveMinimum: 0 });
    expect(m.headers.properties['event-type'].const).toBe('loan.disbursed');
    expect(m.payload.properties.occurredAt.description).toContain('ISO 8601');
  });

  it('describes each message’s Kafka key from its def: the field and its schema', () => {
    expect(eventKeyTemplate(loanDisbursed)).toBe('{loanId}');
    expect(eventKeyTemplate(totalLoansPosted)).toBe('{date}');
    const enterprise = doc.components.messages['enterprise.registered.v1'].bindings.kafka.key;
    expect(enterprise).toMatchObject({ type: 'string', pattern: USCC_PATTERN });
    expect(enterprise.description).toContain('data.enterpriseId');
    const policyKey = doc.components.messages['policy.published.v1'].bindings.kafka.key;
    expect(policyKey.anyOf.map((b: Json) => b.const).sort()).toEqual([...POLICY_KEYS].sort());
    const composite = defineEvent({ type: 't.c', version: 1, topic: 't.v1', schema: z.strictObject({ a: z.string(), b: z.string() }), key: (d) => `${d.a}:${d.b}` });
    expect(eventKeyTemplate(composite)).toBe('{a}:{b}');
    const computed = defineEvent({ type: 't.u', version: 1, topic: 't.v1', schema: z.strictObject({ a: z.string() }), key: (d) => d.a.toUpperCase() });
    expect(eventKeyTemplate(computed)).toBeUndefined();
  });

  it('holds both versions of loan.disbursed and the insurance topic with its four events', () => {
    expect(Object.keys(doc.channels.loan.messages)).toEqual(expect.arrayContaining(['loan.disbursed.v1', 'loan.disbursed.v2']));
    const insurance = Object.values(doc.channels as Record<string, Json>).find((c) => c.address === 'techcredit.insurance.v1') as Json;
    expect(Object.keys(insurance.messages).sort()).toEqual(['insurance.policy_bound.v1', 'insurance.policy_cancelled.v1', 'insurer.registered.v1', 'investment.recorded.v1']);
  });

  it('picks up an event added to the list, on a topic of its own, and refuses a (type, version) defined twice', async () => {
    const v2 = defineEvent({ ...loanDisbursed, version: 3 });
    const extra = defineEvent({ type: 'thing.happened', version: 1, topic: 'techcredit.things.v1', schema: z.strictObject({ thingId: z.string() }), key: (d) => d.thingId });
    const more = asyncApiDocument([...allEvents, v2, extra]) as Json;
    expect(Object.keys(more.channels.loan.messages)).toEqual(expect.arrayContaining(['loan.disbursed.v1', 'loan.disbursed.v2', 'loan.disbursed.v3']));
    expect(more.channels['techcredit-things-v1']).toMatchObject({ address: 'techcredit.things.v1' });
    expect(more.info.version).not.toBe(doc.info.version);
    expect((await parse(more)).errors).toEqual([]);
    expect(() => asyncApiDocument([...allEvents, loanDisbursed])).toThrow('loan.disbursed version 1 is defined twice');
  });
});
