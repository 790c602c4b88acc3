/**
 * The platform the console is tried against: every service in this process (testkit), the gateway serving
 * the built console at `/console/`, and the calibrated scenario at a small scale posted through the public
 * API until the statistics equal the generator's exact figures. Used by tests/e2e/console.int.test.ts and by
 * `scripts/console-preview.ts` (trying the console by hand). The gateway offers the dev sign-in.
 */
import type { Principal } from '@techcredit/auth';
import { generateScenario, type Scenario } from '@techcredit/scenario';
import { startPlatform, waitUntil, type Platform } from '@techcredit/testkit';
import { postScenario } from '../../scripts/lib/post-scenario';
import { getJson, keyFigures, waitForConvergence } from '../../scripts/lib/scenario-check';

export interface ConsoleFixture {
  platform: Platform;
  scenario: Scenario;
  gatewayUrl: string;
  /** The console's address on the gateway. */
  consoleUrl: string;
  regulator: Principal;
  bank: Principal & { role: 'bank' };
  enterprise: Principal & { role: 'enterprise' };
}

export async function startConsoleFixture(opts: { namespace: string; consoleDir: string; seed?: number; scale?: number; env?: Record<string, string> }): Promise<ConsoleFixture> {
  const scenario = generateScenario({ seed: opts.seed ?? 11, scale: opts.scale ?? 0.02 });
  const platform = await startPlatform({
    namespace: opts.namespace,
    env: { PARK_MAX_WAIT_MS: '120000', CONSOLE_DIR: opts.consoleDir, ...opts.env },
    devSignIn: true,
  });
  try {
    const gatewayUrl = platform.gatewayUrl!;
    await postScenario(scenario, { gatewayUrl, token: platform.token });
    const regulator: Principal = { role: 'regulator', region: '65', sub: 'console-regulator' };
    const conv = await waitForConvergence({
      gatewayUrl,
      token: platform.token(regulator),
      expected: keyFigures(scenario.expected.stats),
      asOf: scenario.expected.asOf,
      timeoutMs: 240_000,
      log: () => undefined,
    });
    if (!conv.converged) throw new Error(`the scenario's statistics did not converge: ${conv.differences.join('; ')}`);
    const bankId = scenario.banks[0]!.bankId;
    // The enterprise shown: the top of that bank's recommendation list (scored, with offers). Waits until the
    // list (scores and flags) is the same on two reads 2 s apart: the scoring recompute has settled.
    const bankToken = platform.token({ role: 'bank', bankId, sub: `console-${bankId}` });
    let last = '';
    const recs = await waitUntil(
      'a settled recommendation list',
      async () => {
        const r = await getJson<{ items: { enterpriseId: string }[] }>(`${gatewayUrl}/v1/banks/${bankId}/recommendations?limit=500`, bankToken);
        const now = JSON.stringify(r.items);
        const settled = r.items.length > 0 && now === last;
        last = now;
        return settled ? r.items[0] : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 2_000 },
    );
    const enterpriseId = recs.enterpriseId;
    return {
      platform,
      scenario,
      gatewayUrl,
      consoleUrl: `${gatewayUrl}/console/`,
      regulator,
      bank: { role: 'bank', bankId, sub: `console-${bankId}` },
      enterprise: { role: 'enterprise', enterpriseId, sub: `console-${enterpriseId}` },
    };
  } catch (err) {
    await platform.stop();
    throw err;
  }
}
