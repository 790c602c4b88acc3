import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DeadLetterSchema } from './dead-letter';
import { EnvelopeSchema, TOPIC_PARTITIONS, Topics, dlqTopic, type EventDef } from './envelope';
import { allEvents } from './events';
import { toJsonSchema, type JsonSchema } from './json-schema';

/**
 * The AsyncAPI 3.0 document of the event bus, generated from the contract registry that validates the
 * events (`allEvents`): one channel per topic with one message per (type, version) — the envelope as the
 * payload wrapping that version's data schema (zod → JSON Schema draft-07, the dialect of AsyncAPI's
 * default schema format), the Kafka key it is published under, the headers the producers set — and one
 * channel per dead-letter topic (`<topic>.dlq`) with the dead-letter record. Served by the gateway at
 * `GET /asyncapi.json` (docs/api.md).
 */
export type AsyncApiDocument = Record<string, unknown> & { asyncapi: '3.0.0'; info: { title: string; version: string; description: string } };

const KAFKA_BINDING = '0.5.0';
/** 1 = the topics' generation (`techcredit.<name>.v1`); the build metadata is a hash of the contents. */
const DOCUMENT_MAJOR = '1.0.0';

const ref = (path: string) => ({ $ref: `#/${path}` });
/** The id of a message in `components.messages` (type and version: `loan.disbursed.v1`). */
export const asyncApiMessageId = (def: Pick<EventDef, 'type' | 'version'>): string => `${def.type}.v${def.version}`;

function channelIdOf(topic: string): string {
  const named = Object.entries(Topics).find(([, t]) => t === topic);
  return named ? named[0] : topic.replace(/[^A-Za-z0-9_-]/g, '-');
}

/**
 * The data fields a def's key is made of, found by calling `key` on a stand-in whose every field reads as
 * `{field}` (so `(d) => d.loanId` gives `{loanId}`, `(d) => \`${d.a}:${d.b}\`` gives `{a}:{b}`); undefined if
 * the key function does more than read fields.
 */
export function eventKeyTemplate(def: EventDef): string | undefined {
  const field = (path: string): unknown =>
    new Proxy(
      {},
      {
        get: (_target, p) => {
          if (p === Symbol.toPrimitive || p === 'toString' || p === 'valueOf') return () => `{${path}}`;
          return typeof p === 'string' ? field(path ? `${path}.${p}` : p) : undefined;
        },
      },
    );
  try {
    const key = String(def.key(field('') as never));
    return key.includes('{') ? key : undefined;
  } catch {
    return undefined;
  }
}

/** A data field's schema; of a union (`oneOf`/`anyOf`, e.g. a policy version per key), any of its branches'. */
function fieldSchema(data: JsonSchema, field: string): JsonSchema {
  const own = (data.properties as Record<string, JsonSchema> | undefined)?.[field];
  if (own) return own;
  const branches = ((data.oneOf ?? data.anyOf) as JsonSchema[] | undefined)?.map((b) => fieldSchema(b, field));
  return branches?.length && branches.every((b) => Object.keys(b).length > 0) ? { anyOf: branches } : {};
}

function keySchema(def: EventDef, data: JsonSchema): JsonSchema {
  const template = eventKeyTemplate(def);
  const single = template?.match(/^\{([A-Za-z0-9_]+)\}$/)?.[1];
  const field = single ? fieldSchema(data, single) : {};
  const what = single ? `data.${single}` : template ? `made of the data fields ${template}` : 'computed from the data';
  return { type: 'string', ...field, description: `the aggregate id: ${what} (also the envelope's subject), so one aggregate's events stay ordered in one partition` };
}

const HEADERS = (def: EventDef): JsonSchema => ({
  type: 'object',
  description: 'set by the platform’s producers for routing and tracing; consumers read the envelope, never the headers',
  properties: {
    'event-type': { type: 'string', const: def.type },
    'event-version': { type: 'string', const: String(def.version) },
    'correlation-id': { type: 'string', description: 'the envelope’s correlationId' },
  },
});

function eventMessage(def: EventDef): JsonSchema {
  const envelope = EnvelopeSchema.extend({
    type: z.literal(def.type).meta({ description: EnvelopeSchema.shape.type.description }),
    version: z.literal(def.version).meta({ description: EnvelopeSchema.shape.version.description }),
    data: def.schema,
  });
  const payload = toJsonSchema(envelope, 'draft-07');
  const data = (payload.properties as Record<string, JsonSchema>).data!;
  const own = def.schema.description;
  data.description = `${def.type} v${def.version} data${own ? `: ${own}` : ''}`;
  return {
    name: asyncApiMessageId(def),
    title: `${def.type} v${def.version}`,
    summary: `${def.type} version ${def.version} on ${def.topic}, keyed by ${eventKeyTemplate(def) ?? 'its aggregate id'}`,
    contentType: 'application/json',
    headers: HEADERS(def),
    payload,
    correlationId: ref('components/correlationIds/correlationId'),
    bindings: { kafka: { key: keySchema(def, data), bindingVersion: KAFKA_BINDING } },
    'x-event-type': def.type,
    'x-event-version': def.version,
  };
}

const deadLetterMessage = (): JsonSchema => ({
  name: 'deadLetter',
  title: 'dead letter',
  summary: DeadLetterSchema.description ?? 'a message a consumer could not apply, with the reason',
  contentType: 'application/json',
  headers: { type: 'object', properties: { reason: { type: 'string', maxLength: 200, description: 'the reason, cut to 200 characters' } } },
  payload: toJsonSchema(DeadLetterSchema, 'draft-07'),
  bindings: { kafka: { key: { type: ['string', 'null'], description: 'the original message’s key' }, bindingVersion: KAFKA_BINDING } },
});

const topicBinding = (topic: string) => ({ kafka: { topic, partitions: TOPIC_PARTITIONS, bindingVersion: KAFKA_BINDING } });

/** Every topic of `Topics` (in its order), then any other topic an event names; duplicates (type, version) refused. */
function byTopic(events: readonly EventDef[]): Map<string, EventDef[]> {
  const out = new Map<string, EventDef[]>(Object.values(Topics).map((t) => [t, []]));
  const seen = new Set<string>();
  for (const def of events) {
    const id = asyncApiMessageId(def);
    if (seen.has(id)) throw new Error(`event ${def.type} version ${def.version} is defined twice`);
    seen.add(id);
    out.set(def.topic, [...(out.get(def.topic) ?? []), def]);
  }
  return out;
}

export function asyncApiDocument(events: readonly EventDef[] = allEvents): AsyncApiDocument {
  const channels: Record<string, JsonSchema> = {};
  const operations: Record<string, JsonSchema> = {};
  const messages: Record<string, JsonSchema> = { deadLetter: deadLetterMessage() };
  for (const [topic, defs] of byTopic(events)) {
    const id = channelIdOf(topic);
    const ids = defs.map(asyncApiMessageId);
    defs.forEach((def, i) => (messages[ids[i]!] = eventMessage(def)));
    channels[id] = {
      address: topic,
      title: topic,
      description: `${TOPIC_PARTITIONS} partitions. Events: ${defs.map((d) => `${d.type} v${d.version}`).join(', ') || 'none yet'}.`,
      messages: Object.fromEntries(ids.map((m) => [m, ref(`components/messages/${m}`)])),
      bindings: topicBinding(topic),
    };
    channels[`${id}-dlq`] = {
      address: dlqTopic(topic),
      title: dlqTopic(topic),
      description: `Dead letters of ${topic}: every message a consumer group could not apply, with the reason; consumption goes on.`,
      messages: { deadLetter: ref('components/messages/deadLetter') },
      bindings: topicBinding(dlqTopic(topic)),
    };
    if (ids.length > 0) {
      operations[`publish-${id}`] = {
        action: 'send',
        channel: ref(`channels/${id}`),
        summary: `Events published on ${topic}`,
        messages: ids.map((m) => ref(`channels/${id}/messages/${m}`)),
      };
    }
    operations[`dead-letter-${id}`] = {
      action: 'send',
      channel: ref(`channels/${id}-dlq`),
      summary: `A consumer dead-letters a message of ${topic}`,
      messages: [ref(`channels/${id}-dlq/messages/deadLetter`)],
    };
  }
  const components = {
    messages,
    correlationIds: { correlationId: { description: 'the request’s correlation id, carried by every event it causes', location: '$message.payload#/correlationId' } },
  };
  const hash = createHash('sha256').update(JSON.stringify({ channels, operations, components })).digest('hex').slice(0, 12);
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'TechCredit events',
      version: `${DOCUMENT_MAJOR}+${hash}`,
      description: [
        'The Kafka topics of the platform and every event type and version on them, generated from the contracts that validate them (libs/contracts).',
        'Every message is one JSON envelope `{ id, type, version, source, occurredAt, correlationId, subject, data }`; `data` is validated per (type, version), and a consumer dead-letters what does not pass to `<topic>.dlq`.',
        'The Kafka key is the aggregate id (the envelope’s subject), so one aggregate’s events stay ordered in one partition.',
        'With TECHCREDIT_NAMESPACE set, every topic is prefixed `<namespace>.`.',
        `info.version: ${DOCUMENT_MAJOR} is the topics’ generation (.v1); the build metadata is a hash of this document’s contents, so it changes exactly when a contract does.`,
      ].join(' '),
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: { host: '127.0.0.1:9092', protocol: 'kafka', description: 'the brokers of KAFKA_BROKERS (the default shown)' },
    },
    channels,
    operations,
    components,
  };
}
