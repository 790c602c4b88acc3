import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** Structured JSON logs (pino). Bind `eventId` and `correlationId` with `withEvent` on every handled event. */
export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: ['req.headers.authorization', 'authorization', '*.authorization'], censor: '[redacted]' },
  });
}

export function withEvent(logger: Logger, ev: { id: string; correlationId?: string; type?: string }): Logger {
  return logger.child({ eventId: ev.id, correlationId: ev.correlationId, eventType: ev.type });
}

/** Progress of a long job: logs every `every` items and at the end, with rate. */
export function progress(logger: Logger, job: string, total: number, every = Math.max(1, Math.floor(total / 20))) {
  const start = Date.now();
  let done = 0;
  return {
    tick(n = 1): void {
      const before = done;
      done += n;
      if (Math.floor(before / every) !== Math.floor(done / every) || done === total) {
        const secs = (Date.now() - start) / 1000;
        logger.info({ job, done, total, perSecond: secs > 0 ? Math.round(done / secs) : undefined }, `${job}: ${done}/${total}`);
      }
    },
    get done(): number {
      return done;
    },
  };
}
