import type { Router } from 'express';
import { PrincipalRequest, signDevToken, type Principal, type Verifier } from '@techcredit/auth';
import { validBody, validateBody } from '@techcredit/service';

/**
 * Dev sign-in (issue 9 point 2): `POST /dev/token` mints a short-lived JWT for a chosen role, signed with the dev
 * private key, that the gateway's own verifier accepts. Mounted only when the gateway starts with
 * `GATEWAY_DEV_SIGNIN=1` (and `DEV_SIGNIN_PRIVATE_KEY_FILE`); otherwise the path does not exist (404). The body
 * is the principal's role claims, validated by the schema the verifier applies to a token's claims
 * (`PrincipalRequest` of @techcredit/auth: strict, `sub` optional, defaulting to `dev:<role>:<id>`).
 */
export interface DevSignInOptions {
  privateKeyPem: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export const DEV_TOKEN_PATH = '/dev/token';

/** The principal a sign-in request stands for (`sub` defaulted as `npm run token` does). */
export function devPrincipal(req: PrincipalRequest): Principal {
  switch (req.role) {
    case 'bank':
      return { role: 'bank', bankId: req.bankId, sub: req.sub ?? `dev:bank:${req.bankId}` };
    case 'enterprise':
      return { role: 'enterprise', enterpriseId: req.enterpriseId, sub: req.sub ?? `dev:enterprise:${req.enterpriseId}` };
    case 'regulator':
      return { role: 'regulator', region: req.region as Extract<Principal, { role: 'regulator' }>['region'], sub: req.sub ?? `dev:regulator:${req.region}` };
    case 'admin':
      return { role: 'admin', sub: req.sub ?? 'dev:admin' };
  }
}

export function mintDevSignIn(opts: DevSignInOptions, principal: Principal): string {
  return signDevToken({ privateKeyPem: opts.privateKeyPem, issuer: opts.issuer, audience: opts.audience, claims: principal, expiresIn: opts.ttlSeconds });
}

/**
 * Fails fast (at start-up) unless a token signed with the dev key is accepted by the gateway's verifier: a dev key
 * that does not match `AUTH_PUBLIC_KEY_FILE` would mint tokens every request then refuses.
 */
export function assertDevKeyFits(opts: DevSignInOptions, verifier: Verifier): void {
  const probe = verifier.verify(mintDevSignIn(opts, { role: 'admin', sub: 'dev:startup-probe' }));
  if (!probe.ok) throw new Error(`dev sign-in: a token signed with DEV_SIGNIN_PRIVATE_KEY_FILE is refused by the gateway's verifier (${probe.reason}: ${probe.message})`);
}

export function mountDevSignIn(router: Router, opts: DevSignInOptions): void {
  router.post(DEV_TOKEN_PATH, validateBody(PrincipalRequest), (_req, res) => {
    const principal = devPrincipal(validBody(res, PrincipalRequest));
    res.set('Cache-Control', 'no-store');
    res.status(200).json({ token: mintDevSignIn(opts, principal), tokenType: 'Bearer', expiresIn: opts.ttlSeconds, principal });
  });
}
