import { z } from 'zod';
import { defineEvent } from '@techcredit/contracts';
import { testEnv, testNamespace, waitUntil } from '@techcredit/testkit';
import { defineService, startService } from './runtime';
import { NotFound } from './http';

const Ping = defineEvent({ type: 'test.ping', version: 1, topic: 'test.ping.v1', schema: z.strictObject({ n: z.number().int() }), key: () => 'p' });

describe('the one way a service starts', () => {
  test('health, readiness, metrics, routes with problem+json, a consumer, and a clean stop', async () => {
    const seen: number[] = [];
    const def = defineService({
      name: 'runtime-test',
      env: { GREETING: z.string().default('hello').describe('what /hello says') },
      topics: [Ping.topic],
      async setup(ctx) {
        ctx.consume({ groupId: 'runtime-test', topics: [Ping.topic], events: [Ping], handle: async (ev) => void seen.push((ev.data as { n: number }).n) });
        return {
          routes: (r) => {
            r.get('/hello', (_req, res) => void res.json({ say: ctx.config.GREETING }));
            r.get('/missing', () => {
              throw new NotFound('nothing here');
            });
          },
        };
      },
    });
    const ns = testNamespace('runtime');
    const svc = await startService(def, testEnv(ns, { GREETING: 'salam' }));
    try {
      expect(await (await fetch(`${svc.url}/healthz`)).json()).toEqual({ status: 'ok', service: 'runtime-test' });
      await waitUntil('ready', async () => (await fetch(`${svc.url}/readyz`)).status === 200);
      const hello = await fetch(`${svc.url}/hello`);
      expect(await hello.json()).toEqual({ say: 'salam' });
      expect(hello.headers.get('etag')).toBeNull(); // internal APIs hash no bodies unless the service asks (etag: true)
      const missing = await fetch(`${svc.url}/missing`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toContain('application/problem+json');
      expect(((await missing.json()) as { detail: string }).detail).toBe('nothing here');
      await svc.ctx.bus.publish(Ping, { n: 7 });
      await waitUntil('event consumed', async () => seen.includes(7));
      const metrics = await (await fetch(`${svc.url}/metrics`)).text();
      expect(metrics).toMatch(/techcredit_events_total\{[^}]*outcome="done"[^}]*\} 1/);
    } finally {
      await svc.stop();
    }
    await expect(fetch(`${svc.url}/healthz`)).rejects.toThrow();
  });

  test('a bad environment stops start-up with a message naming the variable', async () => {
    const def = defineService({ name: 'runtime-bad', async setup() {
      return {};
    } });
    await expect(startService(def, { ...testEnv('x'), HTTP_PORT: 'eighty' })).rejects.toThrow(/HTTP_PORT/);
  });
});
