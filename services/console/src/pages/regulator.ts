import { get, type Session } from '../api';
import { barChart, lineChart } from '../charts';
import { figures, h, note, section, table, type Column } from '../dom';
import { chartNumber, grouped } from '../format';
import { lang, t, type Key } from '../i18n';
import { designationName } from '../labels';
import { targetsSection } from './targets';

/** The regulator's page (issue 9 point 3): every figure is the API's, scoped by the gateway to the token's region. */
interface Growth {
  value: string;
}
interface Stats {
  supportedEnterprises: { value: number; change: number; growth: Growth | null };
  balance: { yi: string; growth: Growth | null };
  spread: Growth | null;
  creditLoansIssued: { yi: string; growth: Growth | null };
  ipPledge: { enterpriseTimes: { value: number; growth: Growth | null }; balance: { yi: string; growth: Growth | null } };
  registry?: Record<string, number>;
}
interface Lending {
  asOf: string;
  stats: Stats;
  slices?: Record<string, Stats>;
  labels?: Record<string, string>;
}
interface BenchmarkRow {
  metric: string;
  label: string;
  published: string;
  computed: string | null;
  difference: string | null;
  agrees: boolean;
}
interface NotApplicable {
  applicable: false;
  reason: string;
}
interface RelendingBank {
  bankId: string;
  eligibleLoans: number;
  claims: string;
  applications: number;
  applied: string;
  interest: string;
  quotaRemainingFen: number;
}
interface Report {
  relending: { banks: RelendingBank[] } | NotApplicable;
  subsidies: {
    enterprises: number;
    interest: { subsidisedLoans: number; subsidy: string; payable: string; accruing: string };
    fees: { total: string };
    total: string;
  } | NotApplicable;
  scores: { grades: Record<string, number>; vetoed: number; scored: number } | NotApplicable;
}
interface Pledge {
  pledgeId: string;
  loanId: string;
  bankId: string;
  enterpriseId: string;
  principal: string;
  allowed: string;
  status: string;
  breach: boolean;
}
/** A month end of `GET /v1/stats/lending/series` (docs/api.md "Lending series"). */
interface SeriesPoint {
  date: string;
  balanceYi: string;
  supportedEnterprises: number;
}

const DIMS = ['prefecture', 'zone', 'cluster', 'designation', 'bank'] as const;
const DIM_KEY: Record<(typeof DIMS)[number], Key> = { prefecture: 'dimPrefecture', zone: 'dimZone', cluster: 'dimCluster', designation: 'dimDesignation', bank: 'dimBank' };
const notApplicable = (x: unknown): x is NotApplicable => typeof x === 'object' && x !== null && (x as NotApplicable).applicable === false;
const pct = (g: Growth | null | undefined) => g?.value ?? '—';

export function keyFigureItems(s: Stats): { id: string; label: string; value: string }[] {
  return [
    { id: 'supportedEnterprises', label: t('supportedEnterprises'), value: grouped(s.supportedEnterprises.value) },
    { id: 'supportedChange', label: t('supportedChange'), value: grouped(s.supportedEnterprises.change) },
    { id: 'balanceYi', label: t('balanceYi'), value: grouped(s.balance.yi) },
    { id: 'balanceGrowth', label: t('balanceGrowth'), value: pct(s.balance.growth) },
    { id: 'spread', label: t('spread'), value: pct(s.spread) },
    { id: 'creditLoansYi', label: t('creditLoansYi'), value: grouped(s.creditLoansIssued.yi) },
    { id: 'creditGrowth', label: t('creditGrowth'), value: pct(s.creditLoansIssued.growth) },
    { id: 'ipTimes', label: t('ipTimes'), value: grouped(s.ipPledge.enterpriseTimes.value) },
    { id: 'ipBalanceYi', label: t('ipBalanceYi'), value: grouped(s.ipPledge.balance.yi) },
  ];
}

export function regulatorPage(s: Session): HTMLElement {
  const state = { asOf: '2024-12-31', groupBy: 'prefecture' as (typeof DIMS)[number] };
  const year = () => Number(state.asOf.slice(0, 4));
  const asOfInput = h('input', { type: 'date', value: state.asOf, min: '2000-01-01', max: '2100-12-31', name: 'asOf' });
  const dimSelect = h('select', { name: 'groupBy' }, ...DIMS.map((d) => h('option', { value: d, selected: d === state.groupBy }, t(DIM_KEY[d]))));
  const sections: (HTMLElement & { reload: () => void })[] = [];
  const controls = h(
    'form',
    {
      class: 'controls',
      onsubmit: (e: Event) => {
        e.preventDefault();
        state.asOf = asOfInput.value || state.asOf;
        state.groupBy = dimSelect.value as (typeof DIMS)[number];
        sections.forEach((x) => x.reload());
      },
    },
    h('label', {}, t('asOf'), ' ', asOfInput),
    h('label', {}, t('groupBy'), ' ', dimSelect),
    h('button', { type: 'submit' }, t('apply')),
  );
  // One report call for the re-lending, subsidy and score parts (each scoped by the gateway).
  let report: { asOf: string; p: Promise<Report> } | undefined;
  const reportOf = () => {
    if (report?.asOf !== state.asOf) report = { asOf: state.asOf, p: get<Report>('/v1/report', { asOf: state.asOf }) };
    const p = report.p;
    p.catch(() => (report = undefined));
    return p;
  };
  const lending = (groupBy?: string) => get<Lending>('/v1/stats/lending', { asOf: state.asOf, groupBy });

  sections.push(
    section('key-figures', t('keyFigures'), async () => figures(keyFigureItems((await lending()).stats))),
    section('benchmark', t('benchmark'), async () => {
      if (s.region !== '65') return note(t('notApplicable'));
      const b = await get<{ items: BenchmarkRow[] }>('/v1/stats/benchmark', { asOf: state.asOf });
      const cols: Column<BenchmarkRow>[] = [
        { key: 'label', label: t('figure'), text: (r) => r.label },
        { key: 'published', label: t('published'), text: (r) => grouped(r.published), numeric: true },
        { key: 'computed', label: t('computed'), text: (r) => grouped(r.computed), numeric: true },
        { key: 'difference', label: t('difference'), text: (r) => grouped(r.difference), numeric: true },
        { key: 'agrees', label: t('agrees'), text: (r) => (r.agrees ? t('agree') : t('differ')) },
      ];
      return table(cols, b.items, { csv: `benchmark-${state.asOf}` });
    }),
    section('slices', t('slices'), async () => {
      const l = await lending(state.groupBy);
      const label = (k: string) => (state.groupBy === 'designation' ? designationName(k, lang()) : (l.labels?.[k] ?? k));
      const rows = Object.entries(l.slices ?? {}).map(([key, st]) => ({ key, name: label(key), st }));
      type Row = (typeof rows)[number];
      const cols: Column<Row>[] = [
        { key: 'slice', label: t(DIM_KEY[state.groupBy]), text: (r) => (r.name === r.key ? r.key : `${r.name} (${r.key})`) },
        { key: 'supportedEnterprises', label: t('supportedEnterprises'), text: (r) => grouped(r.st.supportedEnterprises.value), sort: (r) => r.st.supportedEnterprises.value, numeric: true },
        { key: 'balanceYi', label: t('balanceYi'), text: (r) => grouped(r.st.balance.yi), sort: (r) => Number(r.st.balance.yi), numeric: true },
        { key: 'balanceGrowth', label: t('balanceGrowth'), text: (r) => pct(r.st.balance.growth), numeric: true },
        { key: 'creditLoansYi', label: t('creditLoansYi'), text: (r) => grouped(r.st.creditLoansIssued.yi), sort: (r) => Number(r.st.creditLoansIssued.yi), numeric: true },
        { key: 'ipTimes', label: t('ipTimes'), text: (r) => grouped(r.st.ipPledge.enterpriseTimes.value), sort: (r) => r.st.ipPledge.enterpriseTimes.value, numeric: true },
      ];
      return h(
        'div',
        {},
        barChart(rows.map((r) => r.name), [{ name: t('balanceYi'), values: rows.map((r) => chartNumber(r.st.balance.yi)) }]),
        table(cols, rows, { csv: `lending-${state.groupBy}-${state.asOf}`, sortable: true }),
      );
    }),
    section('series', t('series'), async () => {
      const { points } = await get<{ points: SeriesPoint[] }>('/v1/stats/lending/series', { from: '2023-01-01', to: '2024-12-31', every: 'month' });
      const cols: Column<SeriesPoint>[] = [
        { key: 'month', label: t('month'), text: (p) => p.date },
        { key: 'balanceYi', label: t('seriesBalance'), text: (p) => grouped(p.balanceYi), numeric: true },
        { key: 'supportedEnterprises', label: t('seriesEnterprises'), text: (p) => grouped(p.supportedEnterprises), numeric: true },
      ];
      return h(
        'div',
        {},
        lineChart(points.map((p) => p.date.slice(0, 7)), [
          { name: t('seriesBalance'), values: points.map((p) => chartNumber(p.balanceYi)) },
          { name: t('seriesEnterprises'), values: points.map((p) => p.supportedEnterprises) },
        ]),
        table(cols, points, { csv: 'lending-series-2023-2024', pageSize: 12 }),
      );
    }),
    section('designations', t('designations'), async () => {
      const registry = (await lending()).stats.registry ?? {};
      const rows = Object.entries(registry).map(([code, n]) => ({ code, n }));
      const cols: Column<(typeof rows)[number]>[] = [
        { key: 'designation', label: t('designation'), text: (r) => `${designationName(r.code, lang())} (${r.code})` },
        { key: 'count', label: t('count'), text: (r) => grouped(r.n), sort: (r) => r.n, numeric: true },
      ];
      return h('div', { class: 'split' }, barChart(rows.map((r) => designationName(r.code, lang())), [{ name: t('count'), values: rows.map((r) => r.n) }], { horizontal: true, height: 260 }), table(cols, rows, { csv: `designations-${state.asOf}`, sortable: true }));
    }),
    section('relending', t('relendingSummary'), async () => {
      const part = (await reportOf()).relending;
      if (notApplicable(part)) return note(`${t('notApplicable')}: ${part.reason}`);
      const cols: Column<RelendingBank>[] = [
        { key: 'bank', label: t('bank'), text: (r) => r.bankId },
        { key: 'eligibleLoans', label: t('eligibleLoans'), text: (r) => grouped(r.eligibleLoans), sort: (r) => r.eligibleLoans, numeric: true },
        { key: 'claims', label: t('claims'), text: (r) => grouped(r.claims), sort: (r) => Number(r.claims), numeric: true },
        { key: 'applications', label: t('applications'), text: (r) => grouped(r.applications), sort: (r) => r.applications, numeric: true },
        { key: 'applied', label: t('applied'), text: (r) => grouped(r.applied), sort: (r) => Number(r.applied), numeric: true },
        { key: 'interest', label: t('interest'), text: (r) => grouped(r.interest), sort: (r) => Number(r.interest), numeric: true },
      ];
      return table(cols, part.banks, { csv: `relending-${year()}`, sortable: true });
    }),
    section('subsidies', t('subsidySummary'), async () => {
      const part = (await reportOf()).subsidies;
      if (notApplicable(part)) return note(`${t('notApplicable')}: ${part.reason}`);
      const rows = [
        { id: 'enterprises', item: t('subsidyEnterprises'), value: grouped(part.enterprises) },
        { id: 'subsidisedLoans', item: t('subsidisedLoans'), value: grouped(part.interest.subsidisedLoans) },
        { id: 'interestSubsidy', item: t('interestSubsidy'), value: grouped(part.interest.subsidy) },
        { id: 'payable', item: t('payable'), value: grouped(part.interest.payable) },
        { id: 'accruing', item: t('accruing'), value: grouped(part.interest.accruing) },
        { id: 'feeSubsidy', item: t('feeSubsidy'), value: grouped(part.fees.total) },
        { id: 'total', item: t('subsidyTotal'), value: grouped(part.total) },
      ];
      return table([{ key: 'item', label: t('item'), text: (r) => r.item }, { key: 'value', label: t('value'), text: (r) => r.value, numeric: true }], rows, { csv: `subsidies-${year()}` });
    }),
    section('scores', t('scoreDistribution'), async () => {
      const part = (await reportOf()).scores;
      if (notApplicable(part)) return note(`${t('notApplicable')}: ${part.reason}`);
      const rows = [...Object.entries(part.grades).map(([g, n]) => ({ g, n })), { g: t('vetoed'), n: part.vetoed }];
      const cols: Column<(typeof rows)[number]>[] = [
        { key: 'grade', label: t('grade'), text: (r) => r.g },
        { key: 'count', label: t('count'), text: (r) => grouped(r.n), numeric: true },
      ];
      return h('div', { class: 'split' }, barChart(rows.map((r) => r.g), [{ name: t('count'), values: rows.map((r) => r.n) }], { height: 240 }), h('div', {}, table(cols, rows, { csv: `scores-${year()}` }), note(`${t('scored')}: ${grouped(part.scored)}`)));
    }),
    targetsSection(() => state.asOf),
    section('breaches', t('breaches'), async () => {
      const p = await get<{ items: Pledge[]; total: number }>('/v1/pledges', { status: 'accepted', limit: 500 });
      const rows = p.items.filter((x) => x.breach);
      const cols: Column<Pledge>[] = [
        { key: 'pledgeId', label: t('pledgeId'), text: (r) => r.pledgeId },
        { key: 'loanId', label: t('loanId'), text: (r) => r.loanId },
        { key: 'bank', label: t('bank'), text: (r) => r.bankId },
        { key: 'enterpriseId', label: t('enterpriseId'), text: (r) => r.enterpriseId },
        { key: 'principal', label: t('principal'), text: (r) => grouped(r.principal), numeric: true },
        { key: 'allowed', label: t('allowed'), text: (r) => grouped(r.allowed), numeric: true },
      ];
      return rows.length ? table(cols, rows, { csv: 'pledge-breaches', sortable: true }) : note(t('breachesNone'));
    }),
  );
  return h('div', { class: 'page', 'data-page': 'regulator' }, h('h1', {}, t('regulatorTitle')), controls, h('div', { class: 'grid' }, ...sections));
}
