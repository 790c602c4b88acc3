import { get, post, type Session } from '../api';
import { barChart } from '../charts';
import { figures, h, note, section, table, type Column } from '../dom';
import { chartNumber, fenToYuan, grouped } from '../format';
import { lang, t, type Key } from '../i18n';
import { INDICATORS, indicatorName, indicatorUnit } from '../labels';
import { designationSections } from './designation';

/** The enterprise's page (issue 9 point 4): its score with the breakdown, the what-if, its offers and subsidies. */
interface BreakdownRow {
  key: string;
  value: number;
  percentile: string;
  weight: number;
  points: string;
}
export interface Score {
  enterpriseId: string;
  year: number;
  stage: string;
  vetoed: boolean;
  vetoReason?: string | null;
  total: string | null;
  grade: string | null;
  base: string | null;
  bonus: number;
  penalty: number;
  cohortSize: number;
  breakdown: BreakdownRow[];
}
interface NextStep {
  key: string;
  from: number;
  to: number;
  total: string;
  grade: string;
  stage: string;
  gain: string;
}
interface WhatIf {
  current: Partial<Score>;
  whatIf: Partial<Score>;
  nextSteps: NextStep[];
}
interface Offer {
  productId: string;
  bankId: string;
  name: string;
  kind: string;
  annualRate: string;
  /** The suggested line in yuan (the API's `line`). */
  line: string;
}
interface SubsidyYear {
  year: number;
  loanIds: string[];
  subsidyFen: number;
}

const STAGE: Record<string, Key> = { startup: 'stageStartup', growth: 'stageGrowth', stable: 'stageStable' };
const KIND: Record<string, Key> = { credit: 'kindCredit', ip_pledge: 'kindIpPledge', guarantee: 'kindGuarantee' };
export const kindName = (k: string): string => (KIND[k] ? t(KIND[k]) : k);
export const stageName = (s: string | undefined): string => (s && STAGE[s] ? t(STAGE[s]) : (s ?? '—'));

export function enterprisePage(s: Session): HTMLElement {
  const id = s.enterpriseId ?? '';
  const base = `/v1/enterprises/${encodeURIComponent(id)}`;
  let scoreP: Promise<Score> | undefined;
  const score = () => {
    scoreP ??= get<Score>(`${base}/innovation-score`);
    scoreP.catch(() => (scoreP = undefined));
    return scoreP;
  };

  const whatIfResult = h('div', { class: 'what-if-result', 'data-what-if': 'result' });
  const whatIf = section('what-if', t('whatIf'), async () => {
    const sc = await score();
    const inputs = new Map<string, HTMLInputElement>();
    const values = new Map(sc.breakdown.map((b) => [b.key, b.value]));
    const form = h(
      'form',
      {
        class: 'what-if',
        onsubmit: (e: Event) => {
          e.preventDefault();
          const changes: Record<string, number> = {};
          for (const [key, input] of inputs) {
            const v = Number(input.value);
            if (input.value.trim() !== '' && v !== values.get(key)) changes[key] = v;
          }
          whatIfResult.replaceChildren(h('div', { class: 'loading', 'data-state': 'loading' }, t('loading')));
          post<WhatIf>(`${base}/innovation-score/what-if`, { year: sc.year, indicators: changes }).then(
            (w) => whatIfResult.replaceChildren(whatIfView(w)),
            (err: unknown) => whatIfResult.replaceChildren(errorOf(err)),
          );
        },
      },
      note(t('whatIfNote')),
      h(
        'div',
        { class: 'inputs' },
        ...INDICATORS.map((i) => {
          const input = h('input', { type: 'number', step: '1', name: i.key, value: String(values.get(i.key) ?? 0), 'data-indicator': i.key });
          inputs.set(i.key, input);
          return h('label', {}, h('span', {}, `${indicatorName(i.key, lang())} (${indicatorUnit(i.key, lang())})`), input);
        }),
      ),
      h('button', { type: 'submit' }, t('runWhatIf')),
    );
    return h('div', {}, form, whatIfResult);
  });

  const sections = [
    section('score', t('score'), async () => {
      const sc = await score();
      return figures([
        { id: 'total', label: `${t('total')} (${sc.year})`, value: sc.vetoed ? `${t('vetoed')}${sc.vetoReason ? `: ${sc.vetoReason}` : ''}` : (sc.total ?? '—') },
        { id: 'grade', label: t('grade'), value: sc.grade ?? '—' },
        { id: 'stage', label: t('stage'), value: stageName(sc.stage) },
        { id: 'base', label: t('base'), value: sc.base ?? '—' },
        { id: 'bonus', label: t('bonus'), value: String(sc.bonus) },
        { id: 'penalty', label: t('penalty'), value: String(sc.penalty) },
        { id: 'cohortSize', label: t('cohortSize'), value: String(sc.cohortSize) },
      ]);
    }),
    section('breakdown', t('breakdown'), async () => {
      const sc = await score();
      const cols: Column<BreakdownRow>[] = [
        { key: 'indicator', label: t('indicator'), text: (r) => indicatorName(r.key, lang()) },
        { key: 'value', label: t('filedValue'), text: (r) => grouped(r.value), sort: (r) => r.value, numeric: true },
        { key: 'percentile', label: t('percentile'), text: (r) => r.percentile, sort: (r) => Number(r.percentile), numeric: true },
        { key: 'weight', label: t('weight'), text: (r) => String(r.weight), sort: (r) => r.weight, numeric: true },
        { key: 'points', label: t('points'), text: (r) => r.points, sort: (r) => Number(r.points), numeric: true },
      ];
      return h(
        'div',
        {},
        barChart(
          sc.breakdown.map((b) => indicatorName(b.key, lang())),
          [
            { name: t('points'), values: sc.breakdown.map((b) => chartNumber(b.points)) },
            { name: t('weight'), values: sc.breakdown.map((b) => b.weight) },
          ],
          { horizontal: true, height: 520 },
        ),
        table(cols, sc.breakdown, { csv: `score-breakdown-${sc.year}`, sortable: true }),
      );
    }),
    whatIf,
    section('offers', t('offers'), async () => {
      const o = await get<{ items: Offer[] }>(`${base}/offers`);
      const cols: Column<Offer>[] = [
        { key: 'product', label: t('product'), text: (r) => `${r.name} (${r.productId})` },
        { key: 'bank', label: t('bank'), text: (r) => r.bankId },
        { key: 'kind', label: t('kind'), text: (r) => kindName(r.kind) },
        { key: 'rate', label: t('rate'), text: (r) => r.annualRate, numeric: true },
        { key: 'line', label: t('suggestedLine'), text: (r) => grouped(r.line), numeric: true },
      ];
      return table(cols, o.items, { csv: 'offers', sortable: true });
    }),
    section('subsidies', t('subsidies'), async () => {
      const sub = await get<{ years: SubsidyYear[] }>(`${base}/subsidies`);
      const cols: Column<SubsidyYear>[] = [
        { key: 'year', label: t('year'), text: (r) => String(r.year) },
        { key: 'loans', label: t('loanId'), text: (r) => r.loanIds.join(' ') },
        { key: 'subsidy', label: t('subsidy'), text: (r) => grouped(fenToYuan(r.subsidyFen)), numeric: true },
      ];
      return table(cols, sub.years, { csv: 'subsidies-by-year' });
    }),
    ...designationSections(base),
  ];
  return h('div', { class: 'page', 'data-page': 'enterprise' }, h('h1', {}, `${t('enterpriseTitle')} · ${id}`), h('div', { class: 'grid' }, ...sections));
}

function errorOf(err: unknown): HTMLElement {
  const detail = err instanceof Error ? err.message : String(err);
  return h('div', { class: 'error', role: 'alert', 'data-state': 'error' }, h('strong', {}, `${t('error')}: `), h('span', { class: 'detail' }, detail));
}

function whatIfView(w: WhatIf): HTMLElement {
  const cols: Column<NextStep>[] = [
    { key: 'indicator', label: t('indicator'), text: (r) => indicatorName(r.key, lang()) },
    { key: 'from', label: t('from'), text: (r) => grouped(r.from), numeric: true },
    { key: 'to', label: t('to'), text: (r) => grouped(r.to), numeric: true },
    { key: 'total', label: t('total'), text: (r) => r.total, numeric: true },
    { key: 'gain', label: t('gain'), text: (r) => `+${r.gain}`, numeric: true },
  ];
  return h(
    'div',
    {},
    figures([
      { id: 'currentTotal', label: t('currentTotal'), value: w.current.total ?? '—' },
      { id: 'whatIfTotal', label: t('whatIfTotal'), value: w.whatIf.total ?? '—' },
      { id: 'whatIfGrade', label: t('grade'), value: w.whatIf.grade ?? '—' },
      { id: 'whatIfStage', label: t('stage'), value: stageName(w.whatIf.stage) },
    ]),
    h('h3', {}, t('nextSteps')),
    table(cols, w.nextSteps, { csv: 'what-if-next-steps' }),
  );
}
