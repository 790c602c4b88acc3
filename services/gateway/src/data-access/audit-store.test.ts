import { verifyChain, type AuditEntry, type AuditRecord, type ChainHead } from '../domain/audit';
import { appendToChain, type ChainStorage } from './audit-store';

/** The two unique keys of `audit_records` (id; day + seq), in memory, each call yielding like a database round trip. */
function memoryStorage() {
  const byId = new Map<string, AuditRecord>();
  const bySeq = new Map<string, AuditRecord>();
  const tick = () => new Promise<void>((r) => setImmediate(r));
  const storage: ChainStorage = {
    async insert(r) {
      await tick();
      const pos = `${r.day}#${r.seq}`;
      if (byId.has(r.id) || bySeq.has(pos)) return 'duplicate';
      byId.set(r.id, r);
      bySeq.set(pos, r);
      return 'inserted';
    },
    async byId(id) {
      await tick();
      return byId.get(id);
    },
    async bySeq(day, seq) {
      await tick();
      return bySeq.get(`${day}#${seq}`);
    },
    async last(day) {
      await tick();
      return [...byId.values()].filter((r) => r.day === day).sort((a, b) => b.seq - a.seq)[0];
    },
  };
  const day = (d: string) => [...byId.values()].filter((r) => r.day === d).sort((a, b) => a.seq - b.seq);
  return { storage, day };
}

const entry = (id: string, at = '2026-05-01T10:00:00.000Z'): AuditEntry => ({
  id,
  at,
  kind: 'command',
  subject: 's',
  role: 'admin',
  method: 'POST',
  route: '/v1/banks',
  path: '/v1/banks',
  status: 202,
  eventIds: [],
  correlationId: 'c',
});

describe('appendToChain', () => {
  it('three replicas appending at once (each its own head cache) still make one chain, 1..n, every link right', async () => {
    const { storage, day } = memoryStorage();
    const replicas = [new Map<string, ChainHead>(), new Map<string, ChainHead>(), new Map<string, ChainHead>()];
    let races = 0;
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => appendToChain(storage, replicas[i % 3]!, entry(`e${i}`), () => (races += 1))),
    );
    const records = day('2026-05-01');
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(records.map((r) => r.id)).size).toBe(30);
    expect(verifyChain('2026-05-01', records)).toMatchObject({ ok: true, records: 30 });
    expect(races).toBeGreaterThan(0); // the replicas did collide, and moved on
  });

  it('a replica appending back to back does not starve another one', async () => {
    const { storage, day } = memoryStorage();
    const busy = new Map<string, ChainHead>();
    const slow = new Map<string, ChainHead>();
    const busyRun = (async () => {
      for (let i = 0; i < 200; i++) await appendToChain(storage, busy, entry(`busy${i}`));
    })();
    const slowRun = (async () => {
      for (let i = 0; i < 10; i++) await appendToChain(storage, slow, entry(`slow${i}`));
    })();
    await Promise.all([busyRun, slowRun]);
    const records = day('2026-05-01');
    expect(records.length).toBe(210);
    expect(verifyChain('2026-05-01', records)).toMatchObject({ ok: true, records: 210 });
  });

  it('a replica idle while others appended catches up to the last record', async () => {
    const { storage, day } = memoryStorage();
    const idle = new Map<string, ChainHead>();
    await appendToChain(storage, idle, entry('first'));
    const other = new Map<string, ChainHead>();
    for (let i = 0; i < 40; i++) await appendToChain(storage, other, entry(`o${i}`));
    const late = await appendToChain(storage, idle, entry('late'));
    expect(late.record.seq).toBe(42);
    expect(verifyChain('2026-05-01', day('2026-05-01')).ok).toBe(true);
  });

  it('an entry already recorded (a keyed command run again) is returned, not appended twice', async () => {
    const { storage, day } = memoryStorage();
    const first = await appendToChain(storage, new Map(), entry('same'));
    await appendToChain(storage, new Map(), entry('other'));
    const again = await appendToChain(storage, new Map(), { ...entry('same'), at: '2026-05-01T11:00:00.000Z' });
    expect([first.appended, again.appended, again.record]).toEqual([true, false, first.record]);
    expect(day('2026-05-01').map((r) => r.id)).toEqual(['same', 'other']);
  });

  it('starts each UTC day at seq 1 and continues a day from its last stored record', async () => {
    const { storage, day } = memoryStorage();
    const heads = new Map<string, ChainHead>();
    await appendToChain(storage, heads, entry('a', '2026-05-01T23:59:59.000Z'));
    const b = await appendToChain(storage, heads, entry('b', '2026-05-02T00:00:01.000Z'));
    expect(b.record).toMatchObject({ day: '2026-05-02', seq: 1 });
    const c = await appendToChain(storage, new Map(), entry('c', '2026-05-02T08:00:00.000Z')); // a fresh replica
    expect(c.record).toMatchObject({ seq: 2, prevHash: b.record.hash });
    expect(verifyChain('2026-05-02', day('2026-05-02')).ok).toBe(true);
  });
});
