/**
 * A bank's system producing loan events straight to Kafka (ARCHITECTURE.md "Flow"), on the real broker and
 * database with the registry and stats services behind the gateway: the bank producer of `@techcredit/bus`
 * checks a batch with the contract of `POST /v1/loan-events` before it sends anything; an event it produces is
 * applied and read back through the gateway; and a schema-invalid event that bypasses the client (produced raw)
 * is dead-lettered by the consumer with its reason, while consumption goes on.
 */
import { randomUUID } from 'node:crypto';
import { BankBatchRefused, BankProducer } from '@techcredit/bus';
import { Topics } from '@techcredit/contracts';
import { createLogger } from '@techcredit/log';
import { makeUscc } from '@techcredit/reference';
import { eventually, gatewayClient, readDeadLetters, startPlatform, testBus, testNamespace, type GatewayClient, type Platform } from '@techcredit/testkit';

const BANK = 'BKAFKA';
const ENT = makeUscc(950_001);
const admin = { role: 'admin', sub: 'kafka-admin' } as const;
const bankUser = { role: 'bank', bankId: BANK, sub: 'kafka-bank' } as const;

const disbursed = (loanId: string, bankId = BANK) => ({
  id: randomUUID(),
  type: 'loan.disbursed',
  occurredAt: '2024-05-06T09:00:00+08:00',
  data: { loanId, bankId, enterpriseId: ENT, principalFen: 200_000_000, rateBp: 360, disbursedOn: '2024-05-06', maturityOn: '2025-05-06', guaranteeType: 'credit' },
});
const repaid = (loanId: string, amountFen: number) => ({
  id: randomUUID(),
  type: 'loan.repaid',
  occurredAt: '2024-08-06T10:00:00+08:00',
  data: { loanId, amountFen, repaidOn: '2024-08-06' },
});

describe('a bank producing loan events straight to Kafka', () => {
  let platform: Platform;
  let api: GatewayClient;
  let producer: BankProducer;

  beforeAll(async () => {
    platform = await startPlatform({ namespace: testNamespace('bank-kafka'), services: ['registry', 'stats'] });
    api = gatewayClient(platform);
    producer = new BankProducer({
      brokers: process.env.KAFKA_BROKERS!.split(','),
      bankId: BANK,
      namespace: platform.namespace,
      logger: createLogger('bank-kafka-test', process.env.TEST_LOG_LEVEL ?? 'silent'),
    });
    await api.command('/v1/banks/batch', admin, { banks: [{ bankId: BANK, name: '直连银行', relendingEligible: false, relendingQuotaFen: 0 }] });
    await api.command('/v1/enterprises/batch', admin, {
      enterprises: [{ enterpriseId: ENT, name: '直连科技', prefecture: '6501', zone: null, cluster: null, establishedOn: '2017-07-07' }],
    });
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await platform?.stop();
  });

  it('refuses a bad batch whole before sending: every invalid item named, another bank’s disbursement refused', async () => {
    const bad = { ...repaid('L-K-0', 0), occurredAt: 'tomorrow' };
    const refused = await producer.send([disbursed('L-K-0'), bad]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BankBatchRefused);
    expect((refused as BankBatchRefused).check).toMatchObject({ ok: false, reason: 'INVALID', invalidItems: [1] });
    expect((refused as BankBatchRefused).message).toMatch(/^loan-event batch refused, nothing sent: invalid items at index 1: events\.1\./);
    const foreign = await producer.send([disbursed('L-K-0', 'B-OTHER')]).catch((e: unknown) => e);
    expect((foreign as BankBatchRefused).check).toEqual({ ok: false, reason: 'FOREIGN_BANK', items: [0] });
  });

  it('a valid batch is applied: the loan reads back through the gateway, sourced bank:<bankId>', async () => {
    const events = [disbursed('L-K-1'), repaid('L-K-1', 50_000_000)];
    const sent = await producer.send(events, { correlationId: 'bank-system-42' });
    expect(sent.map((e) => [e.id, e.subject, e.source, e.correlationId])).toEqual(events.map((e) => [e.id, 'L-K-1', `bank:${BANK}`, 'bank-system-42']));
    expect(producer.topic).toBe(`${platform.namespace}.${Topics.loan}`);
    const loan = await eventually(
      'L-K-1 through the gateway',
      () => api.get('/v1/loans/L-K-1', bankUser),
      (a) => expect([a.status, a.body.repaidFen]).toEqual([200, 50_000_000]),
    );
    expect(loan.body).toMatchObject({ loanId: 'L-K-1', bankId: BANK, enterpriseId: ENT, principalFen: 200_000_000, recordedBalanceFen: 150_000_000, refusals: [] });
    expect(loan.body.movements).toEqual([{ eventId: events[1]!.id, kind: 'repaid', amountFen: 50_000_000, on: '2024-08-06' }]);
  });

  it('a schema-invalid event produced raw (bypassing the client) is dead-lettered with its reason; the loan topic moves on', async () => {
    const raw = testBus(platform.namespace, `bank-${BANK}-raw`);
    const id = randomUUID();
    const envelope = {
      id,
      type: 'loan.repaid',
      version: 1,
      source: `bank:${BANK}`,
      occurredAt: '2024-09-01T10:00:00+08:00',
      correlationId: id,
      subject: 'L-K-1',
      data: { loanId: 'L-K-1', amountFen: -5, repaidOn: '2024-09-01' },
    };
    try {
      await raw.publishRaw(Topics.loan, [{ key: 'L-K-1', value: JSON.stringify(envelope) }]);
    } finally {
      await raw.disconnect();
    }
    const letters = await eventually(
      `dead letter of ${id}`,
      () => readDeadLetters(platform.namespace, Topics.loan, 1),
      (ls) => expect(ls.map((l) => l.eventId)).toContain(id),
    );
    const letter = letters.find((l) => l.eventId === id)!;
    expect(letter.reason).toMatch(/^INVALID_DATA: amountFen: /);
    expect(letter).toMatchObject({ key: 'L-K-1', attempts: 1 });
    expect(JSON.parse(letter.value!)).toEqual(envelope);
    // Later events of the same loan (same partition) are still applied.
    await producer.send([repaid('L-K-1', 1_000)]);
    await eventually('the next repayment', () => api.get('/v1/loans/L-K-1', bankUser), (a) => expect(a.body.repaidFen).toBe(50_001_000));
  });
});
