import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineEvent } from '@techcredit/contracts';
import { parseMessage } from './bus';

const Def = defineEvent({ type: 'thing.happened', version: 2, topic: 'things.v1', schema: z.strictObject({ n: z.number().int() }), key: () => 'k' });
const defs = new Map([[`${Def.type}@${Def.version}`, Def]]);
const topicOf = () => 'things.v1';
const env = (over: Record<string, unknown> = {}) =>
  Buffer.from(
    JSON.stringify({
      id: randomUUID(),
      type: 'thing.happened',
      version: 2,
      source: 'test',
      occurredAt: '2024-05-01T00:00:00Z',
      correlationId: 'c',
      subject: 'k',
      data: { n: 1 },
      ...over,
    }),
  );

describe('parseMessage: the consumer contract', () => {
  test('a valid envelope parses with its data validated', () => {
    const r = parseMessage(env(), defs, 'things.v1', topicOf);
    expect(r.ok && r.envelope.data).toEqual({ n: 1 });
  });
  test.each([
    ['an empty message', null, 'EMPTY_MESSAGE'],
    ['non-JSON', Buffer.from('{oops'), 'NOT_JSON'],
    ['an envelope missing its id', env({ id: undefined }), 'INVALID_ENVELOPE'],
    ['an envelope with an unknown field', env({ extra: 1 }), 'INVALID_ENVELOPE'],
    ['an unknown event type', env({ type: 'thing.vanished' }), 'UNKNOWN_EVENT'],
    ['an unknown version of a known type', env({ version: 3 }), 'UNKNOWN_EVENT'],
    ['data failing its schema', env({ data: { n: 'one' } }), 'INVALID_DATA'],
  ])('%s is rejected with a reason', (_label, value, code) => {
    const r = parseMessage(value as Buffer | null, defs, 'things.v1', topicOf);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason.split(':')[0]).toBe(code);
  });
  test('an event on the wrong topic is rejected', () => {
    const r = parseMessage(env(), defs, 'other.v1', topicOf);
    expect(!r.ok && r.reason).toMatch(/^WRONG_TOPIC/);
  });
});
