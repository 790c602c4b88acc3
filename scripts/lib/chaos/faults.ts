/**
 * Injecting one planned fault into the running platform (impure): signals to a service process, the
 * local broker or database stopped and started again (deploy/local/infra). Resolves when the fault is
 * over (the process restarted, the broker answering again); the platform then has to recover by itself.
 */
import { startDatabaseAgain, startKafkaAgain, stopDatabase, stopKafka } from '../../../deploy/local/infra';
import type { ProcessPlatform, ServiceName } from '../processes';
import type { CyclePlan } from './plan';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function exited(platform: ProcessPlatform, name: ServiceName, timeoutMs: number): Promise<void> {
  const child = platform.children.get(name)!;
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => {
      child.kill('SIGKILL'); // a graceful stop that hangs is a crash
      resolve();
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
  });
  if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
}

/** Process faults and infrastructure faults; stream faults (duplicate, reorder, poison, skew) are the driver's. */
export async function injectFault(c: CyclePlan, platform: ProcessPlatform, log: (m: string) => void): Promise<void> {
  switch (c.kind) {
    case 'kill':
    case 'term': {
      const name = c.service as ServiceName;
      platform.children.get(name)!.kill(c.kind === 'kill' ? 'SIGKILL' : 'SIGTERM');
      await exited(platform, name, 30_000);
      log(`    ${name} exited (${platform.children.get(name)!.signalCode ?? `code ${platform.children.get(name)!.exitCode}`}); starting it again`);
      await platform.restart(name);
      return;
    }
    case 'pause': {
      const child = platform.children.get(c.service as ServiceName)!;
      child.kill('SIGSTOP');
      await sleep(c.downMs);
      child.kill('SIGCONT');
      return;
    }
    case 'broker':
      await stopKafka(c.crash ? 'SIGKILL' : 'SIGTERM');
      await sleep(c.downMs);
      await startKafkaAgain();
      return;
    case 'db':
      await stopDatabase(c.dbPart, c.crash ? 'SIGKILL' : 'SIGTERM');
      await sleep(c.downMs);
      await startDatabaseAgain();
      return;
    default:
      return;
  }
}
