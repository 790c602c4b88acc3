/**
 * The web console in a real browser (issue 9 point 7): Debian's Chromium driven by playwright-core against
 * the real gateway and every service (tests/e2e/console-fixture.ts: the calibrated scenario at scale 0.02,
 * statistics exact before the browser starts). Each role signs in — a pasted JWT, or the gateway's dev
 * sign-in — and the figures on screen are compared with the API's own answers to the same requests, text
 * for text (the console only groups digits). Screenshots go to .runtime/screenshots/.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makeUscc } from '@techcredit/reference';
import { ensureChromium, testNamespace } from '@techcredit/testkit';
import { buildConsole } from '../../scripts/lib/console-build';
import { getJson } from '../../scripts/lib/scenario-check';
import { loanEventsFromCsv } from '../../services/console/src/csv';
import { startConsoleFixture, type ConsoleFixture } from './console-fixture';

const root = resolve(__dirname, '..', '..');
const shots = join(root, '.runtime', 'screenshots');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ungroup = (s: string | null) => (s ?? '').replace(/,/g, '').trim();

describe('the web console in Chromium', () => {
  let f: ConsoleFixture;
  let browser: Browser;
  let dist: string;
  const api = <T = Json>(path: string, as: ConsoleFixture['regulator']) => getJson<T>(`${f.gatewayUrl}${path}`, f.platform.token(as));
  const problems: string[] = [];

  beforeAll(async () => {
    const executablePath = ensureChromium(console.log);
    dist = mkdtempSync(join(tmpdir(), 'console-dist-'));
    buildConsole(dist);
    mkdirSync(shots, { recursive: true });
    f = await startConsoleFixture({ namespace: testNamespace('e2e-console'), consoleDir: dist });
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await f?.platform.stop();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  async function open(viewport = DESKTOP): Promise<Page> {
    const page = await browser.newPage({ viewport, acceptDownloads: true });
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    const res = await page.goto(f.consoleUrl);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    return page;
  }

  async function pasteToken(page: Page, token: string): Promise<void> {
    await page.fill('textarea[name=token]', token);
    await page.click('form[data-form=token] button[type=submit]');
  }

  const ready = (page: Page, id: string) => page.waitForSelector(`section[data-section="${id}"][data-state="ready"]`, { timeout: 60_000 });
  const figure = async (page: Page, section: string, id: string) => ungroup(await page.textContent(`section[data-section="${section}"] [data-figure="${id}"] .value`));
  const column = (page: Page, section: string, col: string) => page.$$eval(`section[data-section="${section}"] tbody td[data-col="${col}"]`, (tds) => tds.map((td) => (td.textContent ?? '').replace(/,/g, '').trim()));

  test('regulator: pasted JWT, key figures, benchmark and slices equal the API; CSV download; English toggle; phone width', async () => {
    const page = await open();
    await pasteToken(page, f.platform.token(f.regulator));
    await ready(page, 'key-figures');
    const lending = await api('/v1/stats/lending?asOf=2024-12-31', f.regulator);
    const s = lending.stats;
    expect({
      supportedEnterprises: await figure(page, 'key-figures', 'supportedEnterprises'),
      balanceYi: await figure(page, 'key-figures', 'balanceYi'),
      balanceGrowth: await figure(page, 'key-figures', 'balanceGrowth'),
      spread: await figure(page, 'key-figures', 'spread'),
      creditLoansYi: await figure(page, 'key-figures', 'creditLoansYi'),
    }).toEqual({
      supportedEnterprises: String(s.supportedEnterprises.value),
      balanceYi: s.balance.yi,
      balanceGrowth: s.balance.growth.value,
      spread: s.spread.value,
      creditLoansYi: s.creditLoansIssued.yi,
    });

    await ready(page, 'benchmark');
    const bench = await api<{ items: Json[] }>('/v1/stats/benchmark?asOf=2024-12-31', f.regulator);
    expect(await column(page, 'benchmark', 'published')).toEqual(bench.items.map((r) => r.published));
    expect(await column(page, 'benchmark', 'computed')).toEqual(bench.items.map((r) => r.computed ?? '—'));
    expect(await column(page, 'benchmark', 'agrees')).toEqual(bench.items.map((r) => (r.agrees ? '一致' : '不一致')));
    // The CSV download holds the table as shown (BOM, header, one line per row).
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('section[data-section="benchmark"] button.csv')]);
    expect(download.suggestedFilename()).toBe('benchmark-2024-12-31.csv');
    const csv = readFileSync((await download.path())!, 'utf8').split('\r\n').filter(Boolean);
    expect(csv[0]).toBe('\uFEFF指标,公布值,计算值,差额,一致');
    expect(csv.length).toBe(bench.items.length + 1);

    await ready(page, 'slices');
    const byPrefecture = await api<{ slices: Record<string, Json> }>('/v1/stats/lending?asOf=2024-12-31&groupBy=prefecture', f.regulator);
    const keys = Object.keys(byPrefecture.slices);
    expect(await column(page, 'slices', 'balanceYi')).toEqual(keys.map((k) => byPrefecture.slices[k]!.balance.yi));
    expect(await column(page, 'slices', 'supportedEnterprises')).toEqual(keys.map((k) => String(byPrefecture.slices[k]!.supportedEnterprises.value)));

    await ready(page, 'series');
    const series = await api<{ points: Json[] }>('/v1/stats/lending/series?from=2023-01-01&to=2024-12-31&every=month', f.regulator);
    expect(series.points.length).toBe(24);
    expect(await column(page, 'series', 'balanceYi')).toEqual(series.points.slice(0, 12).map((p) => p.balanceYi)); // first page of 12
    await page.click('section[data-section="series"] .pager button:last-child');
    expect(await column(page, 'series', 'supportedEnterprises')).toEqual(series.points.slice(12).map((p) => String(p.supportedEnterprises)));

    await ready(page, 'scores');
    const report = await api('/v1/report?asOf=2024-12-31', f.regulator);
    expect((await column(page, 'scores', 'count')).slice(0, 4)).toEqual(['A', 'B', 'C', 'D'].map((g) => String(report.scores.grades[g])));
    await ready(page, 'subsidies');
    await ready(page, 'relending');
    expect(await column(page, 'relending', 'claims')).toEqual(report.relending.banks.map((b: Json) => b.claims));
    await page.screenshot({ path: join(shots, 'regulator.png'), fullPage: true });

    await page.click('button[data-action=lang]');
    await ready(page, 'benchmark');
    expect(await page.textContent('h1')).toBe('Regulator dashboard');
    expect(await column(page, 'benchmark', 'agrees')).toEqual(bench.items.map((r) => (r.agrees ? 'agree' : 'differ')));
    await page.screenshot({ path: join(shots, 'regulator-en.png'), fullPage: true });
    await page.close();

    const phone = await open(PHONE);
    await pasteToken(phone, f.platform.token(f.regulator));
    await ready(phone, 'key-figures');
    await ready(phone, 'slices');
    // Nothing wider than the phone: wide tables scroll inside their card.
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await phone.screenshot({ path: join(shots, 'regulator-phone.png'), fullPage: true });
    await phone.close();
    expect(problems).toEqual([]);
  }, 180_000);

  test('enterprise: dev sign-in, the score, its breakdown and a what-if equal the API; an error shows the problem detail', async () => {
    const page = await open();
    await page.waitForSelector('div[data-form=dev] select[name=role]');
    await page.selectOption('select[name=role]', 'enterprise');
    await page.fill('input[name=id]', f.enterprise.enterpriseId);
    await page.click('div[data-form=dev] button[type=submit]');
    await ready(page, 'score');
    const id = f.enterprise.enterpriseId;
    const score = await api(`/v1/enterprises/${id}/innovation-score`, f.enterprise);
    expect([await figure(page, 'score', 'total'), await figure(page, 'score', 'grade'), await figure(page, 'score', 'cohortSize')]).toEqual([score.total, score.grade, String(score.cohortSize)]);
    await ready(page, 'breakdown');
    expect(await column(page, 'breakdown', 'points')).toEqual(score.breakdown.map((b: Json) => b.points));
    expect(await column(page, 'breakdown', 'percentile')).toEqual(score.breakdown.map((b: Json) => b.percentile));
    // The what-if: raise the indicator the API names first to its next step; the page shows the API's answer.
    const whatIf = (indicators: Record<string, number>) =>
      fetch(`${f.gatewayUrl}/v1/enterprises/${id}/innovation-score/what-if`, {
        method: 'POST',
        headers: { authorization: `Bearer ${f.platform.token(f.enterprise)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ year: score.year, indicators }),
      }).then((r) => r.json() as Promise<Json>);
    const step = (await whatIf({})).nextSteps[0];
    expect(step).toBeDefined();
    const expected = await whatIf({ [step.key]: step.to });
    await ready(page, 'what-if');
    await page.fill(`input[data-indicator="${step.key}"]`, String(step.to));
    await page.click('section[data-section="what-if"] button[type=submit]');
    await page.waitForSelector('[data-what-if=result] [data-figure=whatIfTotal]');
    expect([await figure(page, 'what-if', 'currentTotal'), await figure(page, 'what-if', 'whatIfTotal'), await figure(page, 'what-if', 'whatIfGrade')]).toEqual([
      expected.current.total,
      expected.whatIf.total,
      expected.whatIf.grade,
    ]);
    expect(expected.whatIf.total).toBe(step.total);
    expect(await column(page, 'what-if', 'to')).toEqual(expected.nextSteps.map((n: Json) => String(n.to)));
    expect(await column(page, 'what-if', 'gain')).toEqual(expected.nextSteps.map((n: Json) => `+${n.gain}`));

    await ready(page, 'offers');
    const offers = await api<{ items: Json[] }>(`/v1/enterprises/${id}/offers`, f.enterprise);
    expect(await column(page, 'offers', 'line')).toEqual(offers.items.map((o) => o.line));
    await ready(page, 'subsidies');
    await page.screenshot({ path: join(shots, 'enterprise.png'), fullPage: true });
    await page.close();

    // A token for an enterprise the platform does not know: every section shows the API's problem detail.
    const stranger = await open();
    const nobody = { role: 'enterprise' as const, enterpriseId: makeUscc(990_001), sub: 'nobody' };
    await pasteToken(stranger, f.platform.token(nobody));
    await stranger.waitForSelector('section[data-section="score"][data-state="error"]', { timeout: 30_000 });
    const detail = await stranger.textContent('section[data-section="score"] .error .detail');
    const res = await fetch(`${f.gatewayUrl}/v1/enterprises/${nobody.enterpriseId}/innovation-score`, { headers: { authorization: `Bearer ${f.platform.token(nobody)}` } });
    expect(res.status).toBe(404);
    const problem = (await res.json()) as { detail: string };
    expect(detail).toBe(`${res.status}: ${problem.detail}`);
    await stranger.close();
    expect(problems).toEqual([]);
  }, 120_000);

  test('bank: the recommendation list (paged, sortable), products and applications equal the API; a CSV with one bad row is checked row by row, nothing posted', async () => {
    const page = await open();
    await pasteToken(page, f.platform.token(f.bank));
    await ready(page, 'recommendations');
    const recs = await api<{ items: Json[]; total: number }>(`/v1/banks/${f.bank.bankId}/recommendations?limit=20&offset=0`, f.bank);
    expect(await column(page, 'recommendations', 'enterpriseId')).toEqual(recs.items.map((r) => r.enterpriseId));
    expect(await column(page, 'recommendations', 'total')).toEqual(recs.items.map((r) => r.total));
    expect(await column(page, 'recommendations', 'firstLoan')).toEqual(recs.items.map((r) => (r.firstLoanCandidate === null ? '—' : r.firstLoanCandidate ? '是' : '否')));
    // Sorted by score ascending on a click of its header: the same rows, reversed order of scores.
    await page.click('section[data-section="recommendations"] th[data-col="total"] button');
    const ascending = [...recs.items].sort((a, b) => a.totalHundredths - b.totalHundredths).map((r) => r.total);
    expect(await column(page, 'recommendations', 'total')).toEqual(ascending);
    await ready(page, 'products');
    const products = await api<{ items: Json[] }>('/v1/credit-products?limit=500', f.bank);
    expect(await column(page, 'products', 'rate')).toEqual(products.items.map((p) => p.annualRate));
    await ready(page, 'applications');
    const apps = await api<{ items: Json[] }>('/v1/relending/applications?limit=500', f.bank);
    expect(await column(page, 'applications', 'amount')).toEqual(apps.items.map((a) => a.amount));
    await page.screenshot({ path: join(shots, 'bank.png'), fullPage: true });

    // A CSV of three loan events, the second with a fractional amount: checked row by row, nothing posted.
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const loanId = `CONSOLE-${ids[0]!.slice(0, 8)}`;
    const csv = [
      'id,type,occurredAt,loanId,bankId,enterpriseId,principalFen,rateBp,disbursedOn,maturityOn,guaranteeType,amountFen,repaidOn',
      `${ids[0]},loan.disbursed,2025-03-01T08:00:00Z,${loanId},${f.bank.bankId},${f.enterprise.enterpriseId},500000000,385,2025-03-01,2026-03-01,credit,,`,
      `${ids[1]},loan.repaid,2025-06-01T08:00:00Z,${loanId},,,,,,,,12.5,2025-06-01`,
      `${ids[2]},loan.repaid,2025-07-01T08:00:00Z,${loanId},,,,,,,,100000000,2025-07-01`,
    ].join('\n');
    await page.setInputFiles('input[name=loan-events]', { name: 'events.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('section[data-section="upload"] .controls button:not([disabled])');
    await page.waitForSelector('[data-upload=result] tbody td[data-col=result]');
    const results = await column(page, 'upload', 'result');
    expect(results.map((r) => r.startsWith('将被拒绝'))).toEqual([false, true, false]);
    expect(results[1]).toContain('data.amountFen');
    // The gateway's own check of the same batch names the same rows.
    const check = (await fetch(`${f.gatewayUrl}/v1/loan-events/check`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.platform.token(f.bank)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: loanEventsFromCsv(csv) }),
    }).then((r) => r.json())) as Json;
    expect([check.status, check.wouldAccept, check.refused.map((r: Json) => r.index)]).toEqual([422, false, [1]]);
    expect(await page.isDisabled('section[data-section="upload"] button:has-text("提交到网关")')).toBe(true);
    expect(await fetch(`${f.gatewayUrl}/v1/loans/${loanId}`, { headers: { authorization: `Bearer ${f.platform.token(f.bank)}` } }).then((r) => r.status)).toBe(404);
    await page.screenshot({ path: join(shots, 'bank-upload.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  }, 120_000);

  test('service platform: an enterprise assesses itself and applies, the admin approves it from the queue, the regulator sees a target; figures equal the API', async () => {
    const id = f.enterprise.enterpriseId;
    const admin: ConsoleFixture['regulator'] = { role: 'admin', sub: 'console-admin' };
    const send = (path: string, body: unknown, as: ConsoleFixture['regulator'], key?: string) =>
      fetch(`${f.gatewayUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${f.platform.token(as)}`, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Json }));
    const until = async <T>(probe: () => Promise<T | undefined>): Promise<T> => {
      for (let i = 0; i < 120; i += 1) {
        const v = await probe();
        if (v !== undefined) return v;
        await new Promise((r) => setTimeout(r, 500));
      }
      throw new Error('the registry did not record it');
    };
    const devSignIn = async (page: Page, role: string, value?: string) => {
      await page.waitForSelector('div[data-form=dev] select[name=role]');
      await page.selectOption('select[name=role]', role);
      if (value !== undefined) await page.fill('input[name=id]', value);
      await page.click('div[data-form=dev] button[type=submit]');
    };

    // The enterprise: the form's TSME figures assessed on screen equal the API's assessment of the same body.
    const page = await open();
    await devSignIn(page, 'enterprise', id);
    await ready(page, 'assessment');
    const input = await page.$$eval('section[data-section="assessment"] [data-input]', (els) =>
      Object.fromEntries(
        els.map((e) => {
          const i = e as unknown as { name: string; type: string; checked: boolean; value: string };
          return [i.name, i.type === 'checkbox' ? i.checked : i.type === 'number' ? Number(i.value) : i.value];
        }),
      ),
    );
    const body = { designation: 'TSME', year: Number(await page.inputValue('section[data-section="assessment"] input[name=year]')), input };
    const assessed = await send(`/v1/enterprises/${id}/assessments`, body, f.enterprise);
    expect(assessed.status).toBe(200);
    await page.click('section[data-section="assessment"] button[data-action=assess]');
    await page.waitForSelector('[data-assessment=TSME]');
    const r = assessed.body.result;
    const items = [...r.conditions, ...r.indicators];
    expect(await column(page, 'assessment', 'key')).toEqual(items.map((c: Json) => c.key));
    expect(await column(page, 'assessment', 'pass')).toEqual(items.map((c: Json) => (c.pass === undefined ? '—' : c.pass ? '通过' : '未通过')));
    expect(await column(page, 'assessment', 'points')).toEqual(items.map((c: Json) => (c.points === undefined ? '—' : String(c.points))));
    expect(await figure(page, 'assessment', 'totalPoints')).toBe(String(r.totalPoints));
    expect(r.qualified).toBe(true);
    // Apply: the 202's application id on screen; once recorded, the enterprise's own list shows it pending.
    await page.click('section[data-section="assessment"] button[data-action=apply]');
    await page.waitForSelector('[data-applied] [data-figure=applicationId]');
    const appId = await figure(page, 'assessment', 'applicationId');
    await until(async () => ((await api<{ items: Json[] }>(`/v1/enterprises/${id}/designation-applications`, f.enterprise)).items.some((a) => a.applicationId === appId) ? true : undefined));
    await page.click('section[data-section="my-applications"] button[data-action=refresh]');
    await ready(page, 'my-applications');
    expect(await column(page, 'my-applications', 'applicationId')).toContain(appId);
    await page.screenshot({ path: join(shots, 'enterprise-designation.png'), fullPage: true });
    await page.close();

    // The admin: the queue's counts and rows equal the API's; approving shows the grant; the registry records it.
    const adminPage = await open();
    await devSignIn(adminPage, 'admin');
    await ready(adminPage, 'queue');
    const queue = await api<{ counts: Json; items: Json[] }>('/v1/designation-applications?status=pending&limit=500', admin);
    expect(await figure(adminPage, 'queue', 'pending')).toBe(String(queue.counts.pending));
    expect(await column(adminPage, 'queue', 'applicationId')).toEqual(queue.items.map((a) => a.applicationId));
    await adminPage.selectOption('select[name=applicationId]', appId);
    await adminPage.selectOption('select[name=decision]', 'approved');
    await adminPage.fill('input[name=reason]', 'console e2e: conditions met');
    await adminPage.click('form.decide button[type=submit]');
    await adminPage.waitForSelector('[data-decision=result] [data-state=ready]');
    expect(await adminPage.textContent('[data-decision=result] [data-figure=decision] .value')).toBe('已批准');
    const decided = await until(async () => (await api<{ items: Json[] }>(`/v1/enterprises/${id}/designation-applications?status=approved`, admin)).items.find((a) => a.applicationId === appId));
    expect(decided.decision.reason).toBe('console e2e: conditions met');
    // A second decision: the 409's detail on screen as the API words it.
    await adminPage.click('section[data-section="queue"] button[data-action=refresh]');
    await ready(adminPage, 'queue');
    expect(await column(adminPage, 'queue', 'applicationId')).not.toContain(appId);
    const again = await send(`/v1/designation-applications/${appId}/decision`, { decision: 'rejected', reason: 'twice' }, admin, randomUUID());
    expect(again.status).toBe(409);
    await adminPage.screenshot({ path: join(shots, 'admin.png'), fullPage: true });
    await adminPage.close();

    // The regulator: a target's progress on the page's date equals the API's.
    const target = { targetId: `console-${randomUUID().slice(0, 8)}`, metric: 'supportedEnterprises', region: '65', baselineDate: '2024-01-01', dueDate: '2025-12-31', targetValue: 50, mode: 'change', title: 'console e2e' };
    expect((await send('/v1/targets', target, admin, randomUUID())).status).toBe(202);
    const progress = await until(async () => (await api<{ items: Json[] }>('/v1/targets?asOf=2024-12-31', f.regulator)).items.find((x) => x.targetId === target.targetId));
    const reg = await open();
    await pasteToken(reg, f.platform.token(f.regulator));
    await ready(reg, 'targets');
    const targets = await api<{ items: Json[] }>('/v1/targets?asOf=2024-12-31', f.regulator);
    expect(await column(reg, 'targets', 'value')).toEqual(targets.items.map((x) => String(x.value)));
    expect(await column(reg, 'targets', 'targetLevel')).toEqual(targets.items.map((x) => String(x.targetLevel)));
    expect(await column(reg, 'targets', 'projectedValue')).toEqual(targets.items.map((x) => (x.projectedValue === null ? '—' : String(x.projectedValue))));
    expect(await column(reg, 'targets', 'sharePercent')).toEqual(targets.items.map((x) => x.sharePercent ?? '—'));
    expect(targets.items.map((x) => x.targetId)).toContain(progress.targetId);
    await reg.screenshot({ path: join(shots, 'regulator-targets.png'), fullPage: true });
    await reg.close();
    expect(problems).toEqual([]);
  }, 240_000);
});
