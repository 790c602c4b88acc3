import { z } from 'zod';

/** JSON Schema of a zod schema, as the public documents show it (OpenAPI 3.1: draft 2020-12; AsyncAPI 3.0: draft-07). */
export type JsonSchema = Record<string, unknown>;

/**
 * The input side of `schema` (what a caller sends and a consumer accepts: defaults optional) with zod 4's
 * `z.toJSONSchema`. Refinements (a credit code's check character, a date range, maturity after disbursement)
 * have no JSON Schema form and are left out (`unrepresentable: 'any'`): the zod schema stays the contract,
 * the document shows its shape. `$schema` is dropped: the enclosing document states the dialect.
 */
export function toJsonSchema(schema: z.ZodType, target: 'draft-2020-12' | 'draft-07' = 'draft-2020-12'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target }) as JsonSchema;
  return rest;
}
