/**
 * Poison messages for the loan topic (pure): what a broken or hostile producer can write straight to Kafka.
 * Each carries a key of its own (`chaos-poison-<cycle>-<label>`) so its dead letters can be found, and the
 * reason prefix every consumer group must dead-letter it with.
 */
export interface PoisonMessage {
  label: 'non-json' | 'unknown-type' | 'unknown-version' | 'schema-invalid' | 'oversize';
  key: string;
  value: string;
  /** The dead letter's reason starts with this (libs/bus parseMessage). */
  reason: string;
}

/** Bytes of the oversize message: near the broker's 1 MiB default, so its dead letter (value + record) is near it too. */
export const OVERSIZE_BYTES = 1_000_000;

export const poisonKey = (cycle: number, label: PoisonMessage['label']): string => `chaos-poison-${cycle}-${label}`;

/**
 * The five poison messages of a cycle, from a valid loan-topic envelope (`template`, e.g. a repayment):
 * non-JSON, an unknown type, a known type at an unknown version, schema-invalid data, and an oversize one.
 */
export function poisonMessages(cycle: number, template: { id: string; type: string; version: number; data: unknown }): PoisonMessage[] {
  const env = (over: Record<string, unknown>) => JSON.stringify({ ...template, ...over });
  const id = (label: string) => `00000000-0000-4000-8000-${(cycle * 10 + label.length).toString(16).padStart(12, '0')}`;
  const msgs: PoisonMessage[] = [
    { label: 'non-json', key: poisonKey(cycle, 'non-json'), value: `{"id": "not json, cycle ${cycle}`, reason: 'NOT_JSON' },
    { label: 'unknown-type', key: poisonKey(cycle, 'unknown-type'), value: env({ id: id('unknown-type'), type: 'loan.teleported' }), reason: 'UNKNOWN_EVENT' },
    { label: 'unknown-version', key: poisonKey(cycle, 'unknown-version'), value: env({ id: id('unknown-version'), version: 99 }), reason: 'UNKNOWN_EVENT' },
    {
      label: 'schema-invalid',
      key: poisonKey(cycle, 'schema-invalid'),
      value: env({ id: id('schema-invalid'), data: { ...(template.data as object), amountFen: -1, loanId: '' } }),
      reason: 'INVALID_DATA',
    },
  ];
  const big = env({ id: id('oversize'), data: { ...(template.data as object), padding: '' } });
  const pad = 'x'.repeat(Math.max(0, OVERSIZE_BYTES - big.length));
  msgs.push({ label: 'oversize', key: poisonKey(cycle, 'oversize'), value: env({ id: id('oversize'), data: { ...(template.data as object), padding: pad } }), reason: 'INVALID_DATA' });
  return msgs;
}
