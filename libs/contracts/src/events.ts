/**
 * Every event definition of the platform, in one list: the AsyncAPI document (`asyncApiDocument`) is
 * generated from it, and its test fails if an `EventDef` exported by this package is missing here. A new
 * event type or version goes into its module's list (`loanEvents`, `registryEvents`, …); a new module's
 * list is spread in below.
 */
import type { EventDef } from './envelope';
import { designationEvents } from './designation';
import { insuranceEvents } from './insurance';
import { loanEvents } from './loans';
import { policyEvents } from './policy';
import { productEvents } from './products';
import { registryEvents } from './registry';
import { scoringEvents } from './scoring';
import { statsEvents } from './stats';

export const allEvents: readonly EventDef[] = [...registryEvents, ...statsEvents, ...scoringEvents, ...productEvents, ...loanEvents, ...policyEvents, ...designationEvents, ...insuranceEvents];
