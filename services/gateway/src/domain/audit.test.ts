import { auditDay, chainRecord, genesisHash, recordHash, verifyChain, who, type AuditEntry, type AuditRecord, type StoredRecord } from './audit';

const DAY = '2026-03-14';
const entry = (n: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  id: `id-${n}`,
  at: `${DAY}T0${n % 10}:00:00.000Z`,
  kind: 'command',
  subject: 'alice',
  role: 'admin',
  method: 'POST',
  route: '/v1/banks',
  path: '/v1/banks',
  status: 202,
  eventIds: [`ev-${n}`],
  correlationId: `corr-${n}`,
  ...over,
});

/** A chain of `n` records, built as the store appends them. */
function chain(n: number): AuditRecord[] {
  const out: AuditRecord[] = [];
  for (let i = 1; i <= n; i++) out.push(chainRecord(entry(i), out.at(-1)));
  return out;
}
const stored = (rs: readonly AuditRecord[]): StoredRecord[] => rs.map((r) => ({ ...r }));

describe('chainRecord', () => {
  it('numbers the day 1, 2, 3… and links each record to the previous hash (the genesis hash first)', () => {
    const [a, b, c] = chain(3);
    expect([a!.seq, b!.seq, c!.seq]).toEqual([1, 2, 3]);
    expect(a!.day).toBe(DAY);
    expect(a!.prevHash).toBe(genesisHash(DAY));
    expect(b!.prevHash).toBe(a!.hash);
    expect(c!.prevHash).toBe(b!.hash);
    expect(a!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes the canonical JSON: the order of the fields does not matter, their values do', () => {
    const r = chain(1)[0]!;
    const reversed = Object.fromEntries(Object.entries(r).reverse());
    expect(recordHash(reversed)).toBe(r.hash);
    expect(recordHash({ ...r, status: 200 })).not.toBe(r.hash);
    expect(recordHash({ ...r, extra: 1 })).not.toBe(r.hash);
  });

  it('keeps no undefined fields (they would be stored as null and hash differently)', () => {
    const r = chainRecord(entry(1, { idempotencyKey: undefined, bankId: undefined }), undefined);
    expect(Object.keys(r)).not.toContain('idempotencyKey');
    expect(Object.keys(r)).not.toContain('bankId');
  });

  it('puts a record in the chain of the UTC day of its time', () => {
    expect(auditDay('2026-03-14T23:59:59.999Z')).toBe('2026-03-14');
    expect(auditDay('2026-03-15T07:30:00+08:00')).toBe('2026-03-14');
    expect(chainRecord(entry(1, { at: '2026-03-15T00:00:00.000Z' }), undefined).day).toBe('2026-03-15');
  });

  it('records who from the principal', () => {
    expect(who({ role: 'bank', bankId: 'B1', sub: 's' })).toEqual({ subject: 's', role: 'bank', bankId: 'B1' });
    expect(who({ role: 'regulator', region: '65', sub: 'r' })).toEqual({ subject: 'r', role: 'regulator', region: '65' });
    expect(who({ role: 'enterprise', enterpriseId: 'E', sub: 'e' })).toEqual({ subject: 'e', role: 'enterprise', enterpriseId: 'E' });
    expect(who({ role: 'admin', sub: 'a' })).toEqual({ subject: 'a', role: 'admin' });
  });
});

describe('verifyChain', () => {
  it('an intact chain verifies, with its count and last hash; an empty day too', () => {
    const rs = chain(4);
    expect(verifyChain(DAY, stored(rs))).toEqual({ date: DAY, ok: true, records: 4, lastHash: rs[3]!.hash });
    expect(verifyChain(DAY, [])).toEqual({ date: DAY, ok: true, records: 0, lastHash: genesisHash(DAY) });
  });

  it('a changed field names the record', () => {
    const rs = stored(chain(5));
    rs[2] = { ...rs[2]!, status: 500 };
    expect(verifyChain(DAY, rs)).toMatchObject({ ok: false, firstBreak: { seq: 3, id: 'id-3', reason: 'hash-mismatch' } });
  });

  it('a changed and re-hashed record is named by the next one, whose prevHash no longer fits', () => {
    const rs = stored(chain(5));
    const changed = { ...rs[1]!, subject: 'mallory' };
    rs[1] = { ...changed, hash: recordHash(changed) };
    expect(verifyChain(DAY, rs)).toMatchObject({ ok: false, firstBreak: { seq: 3, id: 'id-3', reason: 'prev-hash-mismatch' } });
  });

  it('a removed record is named by its seq', () => {
    const rs = stored(chain(5));
    rs.splice(1, 1);
    expect(verifyChain(DAY, rs)).toMatchObject({ ok: false, firstBreak: { seq: 2, reason: 'missing' } });
    expect(verifyChain(DAY, rs).firstBreak!.detail).toContain('id-3');
  });

  it('removing the first record is found too', () => {
    expect(verifyChain(DAY, stored(chain(3)).slice(1))).toMatchObject({ firstBreak: { seq: 1, reason: 'missing' } });
  });

  it('records in another order are named where the order breaks', () => {
    const rs = stored(chain(5));
    [rs[1], rs[3]] = [rs[3]!, rs[1]!];
    expect(verifyChain(DAY, rs)).toMatchObject({ ok: false, firstBreak: { seq: 4, id: 'id-4', reason: 'out-of-order' } });
    const twice = stored(chain(2));
    expect(verifyChain(DAY, [twice[0]!, twice[0]!, twice[1]!])).toMatchObject({ firstBreak: { seq: 1, id: 'id-1', reason: 'out-of-order' } });
  });

  it('two records whose seqs were swapped (reordered in the store) are named at the first', () => {
    const rs = stored(chain(4));
    const [b, c] = [rs[1]!, rs[2]!];
    rs[1] = { ...c, seq: 2 };
    rs[2] = { ...b, seq: 3 };
    expect(verifyChain(DAY, rs)).toMatchObject({ ok: false, firstBreak: { seq: 2, id: 'id-3', reason: 'hash-mismatch' } });
  });

  it('swapped and re-hashed records are named by the broken link', () => {
    const rs = stored(chain(4));
    const [b, c] = [rs[1]!, rs[2]!];
    const nb = { ...c, seq: 2, prevHash: rs[0]!.hash };
    const nc = { ...b, seq: 3 };
    rs[1] = { ...nb, hash: recordHash(nb) };
    rs[2] = { ...nc, hash: recordHash(nc) };
    expect(verifyChain(DAY, rs)).toMatchObject({ ok: false, firstBreak: { seq: 3, id: 'id-2', reason: 'prev-hash-mismatch' } });
  });

  it('a record moved from another day does not fit this one', () => {
    const other = chainRecord(entry(1, { at: '2026-03-15T01:00:00.000Z' }), undefined);
    expect(verifyChain(DAY, [{ ...other }])).toMatchObject({ firstBreak: { seq: 1, reason: 'wrong-day' } });
    expect(verifyChain('2026-03-15', [{ ...other, day: DAY }])).toMatchObject({ firstBreak: { reason: 'wrong-day' } });
    const relabelled = { ...other, day: DAY, hash: recordHash({ ...other, day: DAY }) };
    expect(verifyChain(DAY, [relabelled])).toMatchObject({ firstBreak: { seq: 1, reason: 'prev-hash-mismatch' } });
  });
});
