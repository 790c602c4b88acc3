import { PolicyVersionSchema } from '@techcredit/policy';
import { defineEvent, Topics } from './envelope';

/** `policy.published`: a new version of one policy parameter, in force from `effectiveFrom` (admin). */
export const policyPublished = defineEvent({
  type: 'policy.published',
  version: 1,
  topic: Topics.policy,
  schema: PolicyVersionSchema,
  key: (d) => d.key,
});
export const policyEvents = [policyPublished] as const;
