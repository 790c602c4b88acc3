import { AssignerProtocol } from 'kafkajs';
import { ConsumerSupervisor, groupSubscribes } from './supervisor';

const member = (topics: string[]) => ({ memberMetadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }) });
const rebalancing = { memberMetadata: Buffer.alloc(0) };

describe('groupSubscribes (consumerLag during a rebalance)', () => {
  test('a member subscribed to the topic: true; subscribed to others only: false', () => {
    expect(groupSubscribes([member(['ns.loan.v1', 'ns.registry.v1'])], 'ns.loan.v1')).toBe(true);
    expect(groupSubscribes([member(['ns.registry.v1'])], 'ns.loan.v1')).toBe(false);
  });

  test('members with empty metadata (a rebalancing group) are unknown, not a crash', () => {
    expect(() => AssignerProtocol.MemberMetadata.decode(Buffer.alloc(0))).toThrow();
    expect(groupSubscribes([rebalancing, rebalancing], 'ns.loan.v1')).toBeUndefined();
  });

  test('undecodable bytes are unknown; a decodable member next to them decides', () => {
    const garbage = { memberMetadata: Buffer.from([0, 1, 0xff, 0xff, 0xff]) };
    expect(groupSubscribes([garbage], 'ns.loan.v1')).toBeUndefined();
    expect(groupSubscribes([garbage, member(['ns.loan.v1'])], 'ns.loan.v1')).toBe(true);
    expect(groupSubscribes([rebalancing, member(['ns.other.v1'])], 'ns.loan.v1')).toBe(false);
  });

  test('a group without members consumes nothing', () => {
    expect(groupSubscribes([], 'ns.loan.v1')).toBe(false);
  });
});

describe('ConsumerSupervisor (with a stand-in consumer)', () => {
  const EVENTS = { FETCH_START: 'fs', FETCH: 'f', HEARTBEAT: 'hb', START_BATCH_PROCESS: 'sb', END_BATCH_PROCESS: 'eb', GROUP_JOIN: 'gj', CONNECT: 'c', CRASH: 'crash' };
  const logger = { warn: () => undefined, info: () => undefined, error: () => undefined, debug: () => undefined } as never;
  const fake = () => {
    const handlers = new Map<string, (() => void)[]>();
    const c = {
      events: EVENTS,
      disconnected: false,
      on: (ev: string, fn: () => void) => handlers.set(ev, [...(handlers.get(ev) ?? []), fn]),
      emit: (ev: string) => (handlers.get(ev) ?? []).forEach((fn) => fn()),
      disconnect: async () => {
        c.disconnected = true;
      },
    };
    return c;
  };
  const at = (t: number) => jest.spyOn(Date, 'now').mockReturnValue(t);
  afterEach(() => jest.restoreAllMocks());

  test('silent for stallMs: replaced by a new consumer, the old one disconnected; signs of life keep it', async () => {
    const made: ReturnType<typeof fake>[] = [];
    at(1_000);
    const sup = new ConsumerSupervisor({ log: logger, stallMs: 60_000, create: () => (made.push(fake()), made.at(-1) as never), run: async () => undefined });
    await sup.start();
    at(50_000);
    made[0]!.emit('f'); // an (empty) fetch at 50 s
    at(100_000);
    expect(await sup.check()).toBe(false);
    at(111_000);
    expect(await sup.check()).toBe(true);
    expect(made).toHaveLength(2);
    expect(made[0]!.disconnected).toBe(true);
    expect(sup.consumer).toBe(made[1]);
    // The replaced consumer's late events no longer count for the new one.
    at(200_000);
    made[0]!.emit('hb');
    expect(await sup.check()).toBe(true);
    expect(sup.replacements).toBe(2);
    await sup.stop();
  });

  test('a crash without a restart is replaced after the crash grace, not the whole stall window', async () => {
    const made: ReturnType<typeof fake>[] = [];
    at(1_000);
    const sup = new ConsumerSupervisor({ log: logger, stallMs: 60_000, crashGraceMs: 15_000, create: () => (made.push(fake()), made.at(-1) as never), run: async () => undefined });
    await sup.start();
    at(10_000);
    made[0]!.emit('crash');
    at(20_000);
    expect(await sup.check()).toBe(false);
    at(26_000);
    expect(await sup.check()).toBe(true);
    // A crash followed by a restart (a connect) is alive again: back to the stall window.
    at(30_000);
    made[1]!.emit('crash');
    at(31_000);
    made[1]!.emit('c');
    at(60_000);
    expect(await sup.check()).toBe(false);
    await sup.stop();
  });
});
