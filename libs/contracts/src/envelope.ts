import { z } from 'zod';

/** Every Kafka topic the platform uses. Topics have 12 partitions; each has a `<topic>.dlq` twin. */
export const Topics = {
  registry: 'techcredit.registry.v1',
  loan: 'techcredit.loan.v1',
  enterprise: 'techcredit.enterprise.v1',
  score: 'techcredit.score.v1',
  product: 'techcredit.product.v1',
  policy: 'techcredit.policy.v1',
  designation: 'techcredit.designation.v1',
  insurance: 'techcredit.insurance.v1',
} as const;
export type TopicName = (typeof Topics)[keyof typeof Topics];
export const TOPIC_PARTITIONS = 12;
export const dlqTopic = (topic: string): string => `${topic}.dlq`;

/** The one envelope of every event (ARCHITECTURE.md §Events). `data` is validated per (type, version). */
export const EnvelopeSchema = z
  .object({
    id: z.uuid().meta({ description: 'the event id: consumers apply an id once (a re-send is harmless)' }),
    type: z.string().min(1).max(100).meta({ description: 'the event type, e.g. loan.disbursed' }),
    version: z.number().int().positive().meta({ description: 'the version of the type: `data` is validated per (type, version)' }),
    source: z.string().min(1).max(100).meta({ description: 'who produced it: a service, or `bank:<bankId>` for a bank’s loan events' }),
    occurredAt: z.iso.datetime({ offset: true }).meta({ description: 'when it happened (ISO 8601 with offset)' }),
    correlationId: z.string().min(1).max(200).meta({ description: 'the request’s X-Correlation-Id (else the event id), carried through every service' }),
    subject: z.string().min(1).max(200).meta({ description: 'the aggregate id: also the Kafka key' }),
    data: z.unknown().meta({ description: 'the event’s data, validated against the schema of (type, version)' }),
  })
  .strict();
export type RawEnvelope = z.infer<typeof EnvelopeSchema>;
export interface Envelope<T = unknown> extends Omit<RawEnvelope, 'data'> {
  data: T;
}

/** One versioned event type: its topic, data schema and partition key (the aggregate id). */
export interface EventDef<S extends z.ZodType = z.ZodType> {
  type: string;
  version: number;
  /** Logical topic (a `Topics` value; tests may use their own). */
  topic: TopicName | (string & {});
  schema: S;
  /** The aggregate id: Kafka key and envelope subject. */
  key: (data: z.infer<S>) => string;
}

export function defineEvent<S extends z.ZodType>(def: EventDef<S>): EventDef<S> {
  return def;
}

export type EventData<D> = D extends EventDef<infer S> ? z.infer<S> : never;
