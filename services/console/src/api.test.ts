import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentSession, sessionFromToken, signIn, signOut } from './api';

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: unknown) => `${b64url({ alg: 'ES256', typ: 'JWT' })}.${b64url(claims)}.c2ln`;

describe('the session', () => {
  it('reads the role claims of a pasted JWT (base64url, UTF-8) for routing only', () => {
    const s = sessionFromToken(`  ${jwt({ role: 'regulator', region: '6501', sub: '监管员-1', exp: 1_900_000_000 })}\n`);
    expect(s).toEqual({ token: s.token, role: 'regulator', sub: '监管员-1', region: '6501', bankId: undefined, enterpriseId: undefined, exp: 1_900_000_000 });
    expect(s.token.startsWith('eyJ')).toBe(true);
    expect(() => sessionFromToken('not-a-token')).toThrow('not a JWT');
    expect(() => sessionFromToken(jwt({ sub: 'x' }))).toThrow('no role claim');
  });

  it('is held in memory and forgotten on sign-out', () => {
    signIn(jwt({ role: 'bank', bankId: 'CDB', sub: 'b' }));
    expect(currentSession()?.bankId).toBe('CDB');
    signOut();
    expect(currentSession()).toBeUndefined();
  });

  it('is never written to web storage or a cookie (no console source names them)', () => {
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
    const sources = files(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(5);
    const offending = sources.filter((f) => /localStorage|sessionStorage|document\.cookie|indexedDB/.test(readFileSync(f, 'utf8')));
    expect(offending).toEqual([]);
  });
});
