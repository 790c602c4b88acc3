/** Test data only: the re-lending versions of DOMAIN.md §5 (the default `relending` policy) by date. */
import { policyBook } from '@techcredit/policy';
import type { RelendingPolicyAt } from './eligibility';

/** 2022-04-28 (1.75%), 2024-04-07 (1.75%, TSME added), 2025-05-07 (1.50%), 2026-01-19 (1.25%); 60% claims, 6-month minimum, 1-year term, 2 roll-overs. */
export const relendingAt: RelendingPolicyAt = (date) => policyBook.at('relending', date);
