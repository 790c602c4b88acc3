/**
 * The one in-process recompute scheduler of the scoring service: how a burst of filings is batched.
 *
 * A filing only marks its (year, stage) cohort dirty and calls `poke()`; it never recomputes. The task
 * (recompute every dirty cohort) runs when either
 *   - `quietMs` passed without a new poke (the burst is over), or
 *   - `maxDelayMs` passed since the first poke of the window (a continuous burst still gets scores),
 * and never twice at once: a poke that falls due while the task runs makes it run once more right after.
 * So 10,000 filings arriving over 5 s cost about 5 s / maxDelayMs ≈ 3 recomputes per cohort, not 10,000.
 * A failed run (e.g. the database is away) is logged and retried after `retryMs`.
 */
export interface DebounceOptions {
  quietMs: number;
  maxDelayMs: number;
  retryMs?: number;
}

export class DebouncedRunner {
  private timer: NodeJS.Timeout | undefined;
  private firstPokeAt: number | undefined;
  private running: Promise<void> | undefined;
  private dueWhileRunning = false;
  private stopped = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly opts: DebounceOptions,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Something became dirty: run the task after the quiet period, or at the latest maxDelayMs after the first poke. */
  poke(): void {
    if (this.stopped) return;
    const now = Date.now();
    this.firstPokeAt ??= now;
    const due = Math.min(now + this.opts.quietMs, this.firstPokeAt + this.opts.maxDelayMs);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), Math.max(0, due - now));
  }

  /** Runs the task as soon as possible (work left pending by a previous process needs no debounce). */
  runNow(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.fire();
  }

  /** True while the task runs or a run is scheduled. */
  get busy(): boolean {
    return this.running !== undefined || this.timer !== undefined || this.dueWhileRunning;
  }

  /** True while the task runs (or is due again right after). */
  get runningNow(): boolean {
    return this.running !== undefined || this.dueWhileRunning;
  }

  private fire(): void {
    this.timer = undefined;
    if (this.stopped) return;
    if (this.running) {
      this.dueWhileRunning = true;
      return;
    }
    this.firstPokeAt = undefined;
    this.running = this.task()
      .catch((err: unknown) => {
        this.onError(err);
        if (!this.stopped) this.timer = setTimeout(() => this.poke(), this.opts.retryMs ?? this.opts.maxDelayMs);
      })
      .finally(() => {
        this.running = undefined;
        if (this.dueWhileRunning) {
          this.dueWhileRunning = false;
          this.fire();
        }
      });
  }

  /** Cancels what is scheduled and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
