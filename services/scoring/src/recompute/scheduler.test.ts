import { DebouncedRunner } from './scheduler';

/** Fake timers (jest's clock, Date.now included): counts are deterministic, nothing depends on real time. */
describe('DebouncedRunner', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const flush = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  it('a short burst (5 pokes 10 ms apart) runs the task once, 300 ms after the last poke', async () => {
    let runs = 0;
    const r = new DebouncedRunner(async () => void runs++, { quietMs: 300, maxDelayMs: 2000 }, () => undefined);
    for (let i = 0; i < 5; i++) {
      r.poke();
      jest.advanceTimersByTime(10);
    }
    jest.advanceTimersByTime(289); // 40 ms after the last poke + 249 < 300
    expect(runs).toBe(0);
    jest.advanceTimersByTime(11);
    await flush();
    expect(runs).toBe(1);
    jest.advanceTimersByTime(10_000);
    await flush();
    expect(runs).toBe(1);
  });

  it('10,000 pokes 1 ms apart (a 10 s continuous burst) run the task every 2 s, not 10,000 times', async () => {
    let runs = 0;
    const r = new DebouncedRunner(async () => void runs++, { quietMs: 300, maxDelayMs: 2000 }, () => undefined);
    for (let i = 0; i < 10_000; i++) {
      r.poke();
      jest.advanceTimersByTime(1);
      if (i % 100 === 0) await flush();
    }
    await flush();
    // A window opens with the first poke after a run; each is due 2000 ms later: runs at t = 2000, 4000,
    // 6000, 8000 and 10000 (the last poke, at 9999, falls in the window due at 10000).
    expect(runs).toBe(5);
    jest.advanceTimersByTime(10_000);
    await flush();
    expect(runs).toBe(5); // nothing new was poked after the last run
  });

  it('never runs twice at once: a run that falls due during a run follows it', async () => {
    const events: string[] = [];
    let release!: () => void;
    const r = new DebouncedRunner(
      async () => {
        events.push('start');
        await new Promise<void>((res) => (release = res));
        events.push('end');
      },
      { quietMs: 100, maxDelayMs: 1000 },
      () => undefined,
    );
    r.poke();
    jest.advanceTimersByTime(100);
    await flush();
    r.poke(); // due at +100 while the first run is still going
    jest.advanceTimersByTime(100);
    await flush();
    expect(events).toEqual(['start']);
    release();
    await flush();
    await flush();
    expect(events).toEqual(['start', 'end', 'start']);
    release();
    await flush();
    expect(r.busy).toBe(false);
  });

  it('runNow runs at once, without waiting for the quiet period', async () => {
    let runs = 0;
    const r = new DebouncedRunner(async () => void runs++, { quietMs: 60_000, maxDelayMs: 600_000 }, () => undefined);
    r.runNow();
    await flush();
    expect(runs).toBe(1);
    expect(r.busy).toBe(false);
  });

  it('a failing run is reported and retried after retryMs', async () => {
    let attempts = 0;
    const errors: unknown[] = [];
    const r = new DebouncedRunner(
      async () => {
        attempts++;
        if (attempts === 1) throw new Error('database away');
      },
      { quietMs: 100, maxDelayMs: 1000, retryMs: 500 },
      (e) => errors.push(e),
    );
    r.poke();
    jest.advanceTimersByTime(100);
    await flush();
    expect([attempts, errors.length]).toEqual([1, 1]);
    jest.advanceTimersByTime(500 + 100);
    await flush();
    expect(attempts).toBe(2);
    await r.stop();
  });
});
