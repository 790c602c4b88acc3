/**
 * `npx tsx scripts/console-preview.ts`: the console against a small calibrated platform in this
 * process (tests/e2e/console-fixture.ts), left running; prints the console's URL and a token per role.
 * Builds the console first; needs the infrastructure's KAFKA_BROKERS / MONGO_URL (as the integration tests).
 */
import { join } from 'node:path';
import { writeFileSync, mkdirSync } from 'node:fs';
import { testNamespace } from '@techcredit/testkit';
import { startConsoleFixture } from '../tests/e2e/console-fixture';
import { buildConsole } from './lib/console-build';
import { repoRoot } from './lib/processes';

async function main(): Promise<void> {
  const f = await startConsoleFixture({ namespace: testNamespace('console-preview'), consoleDir: buildConsole() });
  const tokens = {
    regulator: f.platform.token(f.regulator, 8 * 3600),
    bank: f.platform.token(f.bank, 8 * 3600),
    enterprise: f.platform.token(f.enterprise, 8 * 3600),
  };
  const dir = join(repoRoot, '.runtime');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'console-preview.json'), JSON.stringify({ gatewayUrl: f.gatewayUrl, consoleUrl: f.consoleUrl, bank: f.bank, enterprise: f.enterprise, tokens }, null, 2));
  console.log(`Console: ${f.consoleUrl}`);
  console.log(`Tokens:  ${join(dir, 'console-preview.json')}`);
  const stop = () => void f.platform.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
