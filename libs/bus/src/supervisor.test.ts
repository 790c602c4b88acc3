import { AssignerProtocol } from 'kafkajs';
import { groupSubscribes } from './supervisor';

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
