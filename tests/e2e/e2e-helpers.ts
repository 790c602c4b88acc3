/** The end-to-end tests' helpers live in `@techcredit/testkit` (gateway client, `eventually`, topic counts). */
export { eventually, gatewayClient, topicMessageCount, type Answer, type GatewayClient, type Json } from '@techcredit/testkit';
