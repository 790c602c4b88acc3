/**
 * `npm run bench:simulation -- [--scale 1] [--scales 0.1,0.25,0.5] [--seed 20241231] [--runs 3]`
 *
 * Policy simulation (DOMAIN.md §13, decision 0016) at national scale: the data set of `bench:national`
 * (scale 1 = 520,000 enterprises, ~3,000,000 loans of 2022–2024 with repayments, write-offs and IP pledges,
 * 30 banks) generated in process and held as the services' projections hold it once read (registry views,
 * folded loans with their events). Each part runs EXACTLY the code of its service's `POST /internal/simulate`
 * — `subsidySource().simulate` + `subsidyFigureRows`, `relendingSource().simulate` + `relendingFigureRows`,
 * `PledgeDecider.simulate` + `pledgeBreachRows` — over in-memory views of the registry and the ledger, for one
 * draft of each simulated kind (a subsidy cap, a re-lending rate, a pledge cap), period 2022–2024.
 * A simulation of one draft calls one service, so its time is that part's time (the gateway's composition is
 * negligible). Not measured: reading the projections from FerretDB (the same whole-collection read as the
 * live summaries; see decision 0016). Prints figures; asserts nothing.
 *
 * Growth: per scale (history in loans) and, at the largest scale, per history span (loans disbursed up to
 * the end of 2022, 2023, 2024).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { foldLoanEvents, type LoanEventLike, type LoanFold } from '@techcredit/contracts';
import { createLogger } from '@techcredit/log';
import { policyBook, type AnyPolicyVersion, type PolicyBook } from '@techcredit/policy';
import type { BankView, EnterpriseView, InsuranceView, LoanLedger, RegistryView } from '@techcredit/projections';
import { enterpriseAt, enterpriseCount, loansOf, nationalBanks, newPledgeFactory } from './national-data';
import { printFigures } from './lib/figures';
import { subsidySource } from '../services/subsidy/src/data-access/source';
import { subsidyFigureRows } from '../services/subsidy/src/domain';
import { relendingSource } from '../services/relending/src/data-access/source';
import { relendingFigureRows } from '../services/relending/src/domain';
import { PledgeDecider } from '../services/pledge/src/decider';
import { pledgeBreachRows } from '../services/pledge/src/domain';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    scales: { type: 'string', default: '0.1,0.25,0.5' },
    seed: { type: 'string', default: '20241231' },
    runs: { type: 'string', default: '3' },
  },
});
const SEED = Number(values.seed);
const RUNS = Math.max(1, Number(values.runs));
const AS_OF = '2025-01-01';
const PERIOD = { fromYear: 2022, toYear: 2024 };
const YEARS = [2022, 2023, 2024];

type Fold = LoanFold & { events: LoanEventLike[] };
interface DataSet {
  enterprises: EnterpriseView[];
  banks: BankView[];
  folds: Map<string, Fold>;
  events: number;
}

function generate(scale: number): DataSet {
  const pledges = newPledgeFactory(SEED);
  const enterprises: EnterpriseView[] = [];
  const byLoan = new Map<string, LoanEventLike[]>();
  let events = 0;
  for (let seq = 0; seq < enterpriseCount(scale); seq++) {
    const e = enterpriseAt(SEED, seq);
    enterprises.push({ ...e.enterprise, designations: e.grants.map((g) => ({ code: g.code, validFrom: g.validFrom, validTo: g.validTo })) });
    for (const ev of loansOf(SEED, e, pledges).events) {
      const like = { id: ev.id, type: ev.type, data: ev.data } as LoanEventLike;
      const list = byLoan.get(like.data.loanId);
      if (list) list.push(like);
      else byLoan.set(like.data.loanId, [like]);
      events++;
    }
  }
  const folds = new Map<string, Fold>();
  for (const [loanId, list] of byLoan) folds.set(loanId, { ...foldLoanEvents(list), events: list });
  return { enterprises, banks: nationalBanks(scale), folds, events };
}

/** The loans disbursed on or before `until` (a shorter history of the same data set). */
function upTo(d: DataSet, until: string): DataSet {
  const folds = new Map([...d.folds].filter(([, f]) => f.loan !== undefined && f.loan.disbursedOn <= until));
  return { ...d, folds, events: [...folds.values()].reduce((s, f) => s + f.events.length, 0) };
}

const unused = (): never => {
  throw new Error('not used by a simulation');
};

/** The projections as a service holds them once read: in memory, the same interfaces. */
function views(d: DataSet): { registry: RegistryView; ledger: LoanLedger } {
  const banks = new Map(d.banks.map((b) => [b.bankId, b]));
  const registry: RegistryView = {
    enterprise: unused,
    knows: unused,
    prefectureOf: unused,
    knowsBank: unused,
    enterprisesIn: unused,
    bank: async (id: string) => banks.get(id) ?? null,
    allEnterprises: async () => d.enterprises,
    allBanks: async () => d.banks,
  } as unknown as RegistryView;
  const ledger = { consumer: undefined, loan: unused, loansOf: unused, loansOfBank: unused, allLoans: async () => d.folds } as unknown as LoanLedger;
  return { registry, ledger };
}

const DRAFTS: Record<'subsidies' | 'relending' | 'pledgeBreaches', AnyPolicyVersion> = {
  subsidies: { key: 'subsidy', effectiveFrom: '2023-01-01', value: { ...policyBook.require('subsidy', '2023-01-01'), capPerEnterpriseYearFen: 10_000_000 } },
  // The data set's quotas are used up by 2024, so a rate draft changes no interest: widen eligibility instead.
  relending: { key: 'relending', effectiveFrom: '2024-04-07', value: { ...policyBook.require('relending', '2024-04-07'), eligibleDesignations: ['TSME', 'HTE', 'ISME', 'SRDI', 'LITTLE_GIANT', 'DEMO', 'CHAMPION'] } },
  pledgeBreaches: { key: 'pledgeCaps', effectiveFrom: '2023-01-01', value: { ...policyBook.require('pledgeCaps', '2023-01-01'), invention_patent: 4000 } },
};

/** Wall time and process CPU time (all threads, GC included) of the best of `RUNS`; rows answered and rows the draft changed. */
interface PartTime {
  ms: number;
  cpuMs: number;
  rows: number;
  changedRows: number;
}

async function timeParts(d: DataSet): Promise<Record<keyof typeof DRAFTS, PartTime>> {
  const { registry, ledger } = views(d);
  const policy = () => policyBook;
  // The national data set has no tech-insurance policies: an empty insurance view.
  const insurance = { policiesOf: async () => [], allPolicies: async () => [] } as unknown as InsuranceView;
  const subsidy = subsidySource({ registry, ledger, insurance, policy });
  const relending = relendingSource({ registry, ledger, policy });
  const decider = new PledgeDecider({ ledger, store: undefined as never, policy, logger: createLogger('bench-simulation', 'silent') });
  const prefectures = new Map(d.enterprises.map((e) => [e.enterpriseId, e.prefecture as string]));
  const prefectureOf = (id: string) => prefectures.get(id) ?? 'unknown';
  const withDraft = (v: AnyPolicyVersion) => (live: PolicyBook) => live.withDraft(v);
  const parts = {
    subsidies: async () => {
      const r = await subsidy.simulate(AS_OF, PERIOD, withDraft(DRAFTS.subsidies));
      return [subsidyFigureRows(r.current, YEARS, prefectureOf), subsidyFigureRows(r.draft, YEARS, prefectureOf)] as const;
    },
    relending: async () => {
      const r = await relending.simulate(AS_OF, PERIOD, withDraft(DRAFTS.relending));
      return [relendingFigureRows(r.current, YEARS), relendingFigureRows(r.draft, YEARS)] as const;
    },
    pledgeBreaches: async () => {
      const r = await decider.simulate(withDraft(DRAFTS.pledgeBreaches));
      return [pledgeBreachRows(r.current, YEARS, prefectureOf), pledgeBreachRows(r.draft, YEARS, prefectureOf)] as const;
    },
  };
  const out = {} as Record<keyof typeof DRAFTS, PartTime>;
  for (const [name, run] of Object.entries(parts) as [keyof typeof DRAFTS, () => Promise<readonly [object[], object[]]>][]) {
    let best = Number.POSITIVE_INFINITY;
    let bestCpu = Number.POSITIVE_INFINITY;
    let result: readonly [object[], object[]] = [[], []];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      result = await run();
      const c = process.cpuUsage(c0);
      best = Math.min(best, performance.now() - t0);
      bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000);
    }
    const current = new Set(result[0].map((r) => JSON.stringify(r)));
    out[name] = { ms: best, cpuMs: bestCpu, rows: result[1].length, changedRows: result[1].filter((r) => !current.has(JSON.stringify(r))).length };
  }
  return out;
}

async function main(): Promise<void> {
  const scales = [...new Set([...values.scales.split(',').map(Number), Number(values.scale)])].filter((s) => s > 0).sort((a, b) => a - b);
  const rows: [string, string][] = [];
  const fmt = (t: Record<string, PartTime>) => Object.values(t).map((v) => `${(v.ms / 1000).toFixed(2)} s (CPU ${(v.cpuMs / 1000).toFixed(2)} s)`).join(' / ');
  let largest: DataSet | undefined;
  for (const scale of scales) {
    const t0 = performance.now();
    const d = generate(scale);
    const genS = (performance.now() - t0) / 1000;
    const t = await timeParts(d);
    const worst = Math.max(...Object.values(t).map((p) => p.ms));
    const worstCpu = Math.max(...Object.values(t).map((p) => p.cpuMs));
    console.log(
      `scale ${scale}: ${d.enterprises.length} enterprises, ${d.folds.size} loans, ${d.events} events (generated in ${genS.toFixed(1)} s); ` +
        Object.entries(t)
          .map(([k, v]) => `${k} ${(v.ms / 1000).toFixed(2)} s wall, ${(v.cpuMs / 1000).toFixed(2)} s CPU (${v.rows} rows, ${v.changedRows} changed)`)
          .join('; '),
    );
    rows.push([`scale ${scale} (${d.folds.size.toLocaleString('en')} loans): subsidy cap / re-lending eligibility / pledge cap draft`, fmt(t)]);
    rows.push([`scale ${scale}: simulation (slowest part), wall / CPU; CPU per 100,000 loans`, `${(worst / 1000).toFixed(2)} s / ${(worstCpu / 1000).toFixed(2)} s; ${((worstCpu / d.folds.size) * 100).toFixed(2)} s`]);
    largest = d;
  }
  if (largest) {
    for (const until of ['2022-12-31', '2023-12-31']) {
      const d = upTo(largest, until);
      rows.push([`largest scale, history to ${until} (${d.folds.size.toLocaleString('en')} loans)`, fmt(await timeParts(d))]);
    }
  }
  rows.push(['load average (1 min) at the end, on this many cores', `${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length}`]);
  rows.push(['heap used at the end', `${(process.memoryUsage().heapUsed / 2 ** 30).toFixed(1)} GiB`]);
  printFigures(rows);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
