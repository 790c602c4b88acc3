/**
 * The console's only way to the platform: the public API on this origin. The access token lives in this
 * module's memory only (never in web storage or a cookie): a reload signs out (docs/decisions/0019).
 */
export type Role = 'regulator' | 'enterprise' | 'bank' | 'admin' | 'insurer';

export interface Session {
  token: string;
  role: Role;
  sub?: string;
  region?: string;
  bankId?: string;
  enterpriseId?: string;
  exp?: number;
}

/** An answer other than 2xx, with the problem document's `detail` (RFC 9457) when the API sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly problem: Record<string, unknown> | undefined,
  ) {
    super(detail);
  }
}

let session: Session | undefined;
export const currentSession = (): Session | undefined => session;
export const signOut = (): void => {
  session = undefined;
};

/** Reads a JWT's claims for display and routing only (the gateway verifies every request). */
export function sessionFromToken(token: string): Session {
  const parts = token.trim().split('.');
  if (parts.length !== 3) throw new Error('not a JWT (three dot-separated parts)');
  const b64 = parts[1]!.replace(/-/g, '+').replace(/_/g, '/');
  const json = new TextDecoder().decode(Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0)));
  const claims = JSON.parse(json) as Record<string, unknown>;
  const role = claims.role;
  if (typeof role !== 'string') throw new Error('the token has no role claim');
  const str = (k: string) => (typeof claims[k] === 'string' ? (claims[k] as string) : undefined);
  return {
    token: token.trim(),
    role: role as Role,
    sub: str('sub'),
    region: str('region'),
    bankId: str('bankId'),
    enterpriseId: str('enterpriseId'),
    exp: typeof claims.exp === 'number' ? claims.exp : undefined,
  };
}

export function signIn(token: string): Session {
  session = sessionFromToken(token);
  return session;
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, auth = true, extra: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...extra };
  if (auth && session) headers.authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store' });
  } catch (err) {
    throw new ApiError(0, `network: ${(err as Error).message}`, undefined);
  }
  const text = await res.text();
  let doc: unknown;
  try {
    doc = text ? JSON.parse(text) : undefined;
  } catch {
    doc = undefined;
  }
  if (!res.ok) {
    const problem = doc && typeof doc === 'object' ? (doc as Record<string, unknown>) : undefined;
    const detail = typeof problem?.detail === 'string' ? problem.detail : typeof problem?.title === 'string' ? problem.title : `HTTP ${res.status}`;
    throw new ApiError(res.status, `${res.status}: ${detail}`, problem);
  }
  return doc as T;
}

export const get = <T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> => {
  const q = Object.entries(query).filter(([, v]) => v !== undefined && v !== '');
  const qs = q.length ? `?${q.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}` : '';
  return call<T>('GET', path + qs);
};
export const post = <T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> => call<T>('POST', path, body, true, headers);

/** A command (a POST that publishes): one Idempotency-Key per user action, so a retry publishes nothing twice. */
export const command = <T>(path: string, body: unknown, key: string = crypto.randomUUID()): Promise<T> => post<T>(path, body, { 'idempotency-key': key });

/** Dev sign-in (`POST /dev/token`): exists only on a gateway started with GATEWAY_DEV_SIGNIN=1. */
export async function devSignInOffered(): Promise<boolean> {
  try {
    await call('POST', '/dev/token', {}, false);
    return true;
  } catch (err) {
    return err instanceof ApiError && err.status !== 404 && err.status !== 0;
  }
}

export async function devSignIn(claims: Record<string, string>): Promise<Session> {
  const answer = await call<{ token: string }>('POST', '/dev/token', claims, false);
  return signIn(answer.token);
}
