import { z } from 'zod';
import { isPrefectureCode, isUscc, type PrefectureCode } from '@techcredit/reference';

/**
 * Who is calling, derived from verified JWT claims (ARCHITECTURE.md "HTTP → Auth").
 * A discriminated union on `role`; `sub` is the JWT subject (the person or system behind the token).
 */

/** '65' is the whole region (Xinjiang); a 4-digit prefecture code (DOMAIN.md §1) scopes to one prefecture. */
export const WHOLE_REGION = '65' as const;
export type RegulatorRegion = typeof WHOLE_REGION | PrefectureCode;

/** Same shape as the registry's bank id (`@techcredit/contracts` BankIdSchema). */
const BankId = z.string().regex(/^[A-Z0-9_-]{2,32}$/, 'bankId must match ^[A-Z0-9_-]{2,32}$');
/** An enterprise is identified by its unified social credit code (checked, incl. check character). */
const EnterpriseId = z.string().refine(isUscc, 'enterpriseId must be a valid unified social credit code');
const Region = z.union([
  z.literal(WHOLE_REGION),
  z.string().refine(isPrefectureCode, "region must be '65' or a prefecture code of DOMAIN.md §1"),
]);
const Sub = z.string().min(1).max(200);

/**
 * The role claims of a token. Other registered claims (iat, exp, iss, aud, nbf, jti) are ignored
 * here (they are checked by the verifier) and unknown claims are dropped, never copied to the principal.
 */
const ROLE_CLAIMS = {
  bank: { role: z.literal('bank'), bankId: BankId },
  enterprise: { role: z.literal('enterprise'), enterpriseId: EnterpriseId },
  regulator: { role: z.literal('regulator'), region: Region },
  admin: { role: z.literal('admin') },
} as const;
export const PrincipalClaims = z.discriminatedUnion('role', [
  z.object({ ...ROLE_CLAIMS.bank, sub: Sub }),
  z.object({ ...ROLE_CLAIMS.enterprise, sub: Sub }),
  z.object({ ...ROLE_CLAIMS.regulator, sub: Sub }),
  z.object({ ...ROLE_CLAIMS.admin, sub: Sub }),
]);

/**
 * A request for a principal (the gateway's dev sign-in): the same role claims as `PrincipalClaims`, strict
 * (a claim of another role, or any other field, is refused rather than dropped), `sub` optional.
 */
export const PrincipalRequest = z.discriminatedUnion('role', [
  z.strictObject({ ...ROLE_CLAIMS.bank, sub: Sub.optional() }),
  z.strictObject({ ...ROLE_CLAIMS.enterprise, sub: Sub.optional() }),
  z.strictObject({ ...ROLE_CLAIMS.regulator, sub: Sub.optional() }),
  z.strictObject({ ...ROLE_CLAIMS.admin, sub: Sub.optional() }),
]);
export type PrincipalRequest = z.infer<typeof PrincipalRequest>;

export type BankPrincipal = { role: 'bank'; bankId: string; sub: string };
export type EnterprisePrincipal = { role: 'enterprise'; enterpriseId: string; sub: string };
export type RegulatorPrincipal = { role: 'regulator'; region: RegulatorRegion; sub: string };
export type AdminPrincipal = { role: 'admin'; sub: string };
export type Principal = BankPrincipal | EnterprisePrincipal | RegulatorPrincipal | AdminPrincipal;
export type Role = Principal['role'];
export type PrincipalOf<R extends Role> = Extract<Principal, { role: R }>;
export const ROLES: readonly Role[] = ['bank', 'enterprise', 'regulator', 'admin'];

export type ClaimsResult = { ok: true; principal: Principal } | { ok: false; message: string };

/** Parses raw (already signature-verified) claims into a Principal, or explains why not. */
export function principalFromClaims(claims: unknown): ClaimsResult {
  const parsed = PrincipalClaims.safeParse(claims);
  if (!parsed.success) {
    const message = parsed.error.issues
      .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
      .join('; ');
    return { ok: false, message };
  }
  return { ok: true, principal: parsed.data as Principal };
}

/**
 * Does a regulator's region scope cover an administrative division? Division codes nest by prefix
 * (65 region → 6501 prefecture → 650102 county), so '65' covers '65' and every prefecture of the region,
 * while '6501' covers '6501' (and its counties '6501xx') but not '6502' nor the whole region '65'.
 */
export function regionCovers(region: RegulatorRegion, divisionCode: string): boolean {
  return divisionCode.startsWith(region);
}
