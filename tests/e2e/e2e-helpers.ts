/** The end-to-end tests' helpers live in `@techcredit/testkit` (gateway client, `eventually`, topic counts). */
export { eventually, gatewayClient, topicMessageCount, type Answer, type GatewayClient, type Json } from '@techcredit/testkit';

/** A credit product body (`POST /v1/credit-products`): credit, min score 0, HTE, up to 5000万元, 3.85%, with `over` on top. */
export const creditProduct = (productId: string, bankId: string, over: Record<string, unknown> = {}) => ({
  productId,
  bankId,
  name: productId,
  kind: 'credit',
  minScore: 0,
  eligibleDesignations: ['HTE'],
  minAmountFen: 0,
  maxAmountFen: 5_000_000_000,
  maxTermMonths: 12,
  annualRateBp: 385,
  requiresPledge: false,
  active: true,
  ...over,
});
