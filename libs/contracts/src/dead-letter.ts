import { z } from 'zod';

/**
 * A dead letter: what a consumer writes to `<topic>.dlq` (keyed like the original message) for a message
 * it could not apply — not JSON, a bad envelope, an unknown (type, version), invalid data, a business
 * refusal, a handler still failing after its retries, or a prerequisite still missing after the parking
 * wait (ARCHITECTURE.md §Events). Consumption goes on; the original message is kept whole in `value`.
 */
export const DeadLetterSchema = z.strictObject({
  reason: z.string().meta({ description: 'why, starting with a code: EMPTY_MESSAGE, NOT_JSON, INVALID_ENVELOPE, UNKNOWN_EVENT, WRONG_TOPIC, INVALID_DATA, HANDLER_FAILED, PREREQUISITE_MISSING, or a service’s refusal (NOT_OWN_BANK, …); also sent as the `reason` header, cut to 200 characters' }),
  attempts: z.number().int().nonnegative().meta({ description: 'how many times the handler was tried' }),
  group: z.string().meta({ description: 'the consumer group that gave up on the message' }),
  originalTopic: z.string().meta({ description: 'the (physical) topic the message was read from' }),
  partition: z.number().int().meta({ description: 'its partition; -1 for a parked event retried from the store' }),
  offset: z.string().meta({ description: 'its offset; "-1" for a parked event retried from the store' }),
  key: z.string().nullable().meta({ description: 'the original Kafka key' }),
  value: z.string().nullable().meta({ description: 'the original message value, as it was read (UTF-8)' }),
  eventId: z.string().optional().meta({ description: 'the envelope id, when the value had one' }),
  at: z.iso.datetime({ offset: true }).meta({ description: 'when it was dead-lettered' }),
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;
