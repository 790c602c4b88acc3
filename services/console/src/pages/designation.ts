import { command, get, post } from '../api';
import { errorBox, figures, h, loadingBox, note, section, table, type Column } from '../dom';
import { grouped } from '../format';
import { lang, t, type Key } from '../i18n';
import { designationName } from '../labels';

/**
 * The service platform's designation pages (issue 10 point 6): the enterprise's self-assessment and
 * application, and the shared views of an assessment's conditions and of an application list. Every figure,
 * pass/fail and point is the API's (docs/api.md "Service platform").
 */
export interface AssessedItem {
  key: string;
  rule: string;
  figures: Record<string, number | string | boolean | null>;
  pass?: boolean;
  points?: number;
}
export interface AssessmentResult {
  designation: 'TSME' | 'HTE';
  year: number;
  assessedOn: string;
  policyFrom: string;
  qualified: boolean;
  route: 'direct' | 'scored' | null;
  conditions: AssessedItem[];
  failed: string[];
  indicators: AssessedItem[];
  totalPoints: number | null;
}
export interface Application {
  applicationId: string;
  enterpriseId: string;
  prefecture?: string;
  designation: 'TSME' | 'HTE';
  year: number;
  appliedOn: string;
  status: 'pending' | 'approved' | 'rejected';
  result: AssessmentResult;
  decision?: { decision: string; reason: string; decidedOn: string };
}
export interface Applications {
  counts: { pending: number; approved: number; rejected: number; total: number };
  items: Application[];
  total: number;
}

type Field = { key: string; kind: 'int' | 'bool' | 'date'; value: number | boolean | string };
/** The inputs' names in both languages (the API's key is shown beside). */
export const FIELD_NAMES: Record<string, { zh: string; en: string }> = {
  employees: { zh: '职工总数', en: 'Employees' },
  sciStaff: { zh: '科技人员数', en: 'Sci-tech staff' },
  revenueFen: { zh: '销售收入（分）', en: 'Revenue (fen)' },
  totalAssetsFen: { zh: '资产总额（分）', en: 'Total assets (fen)' },
  rdExpenseFen: { zh: '研发费用（分）', en: 'R&D expense (fen)' },
  costsFen: { zh: '成本费用总额（分）', en: 'Total costs (fen)' },
  ipClass1: { zh: 'Ⅰ类知识产权数', en: 'Class I IP' },
  ipClass2: { zh: 'Ⅱ类知识产权数', en: 'Class II IP' },
  resident: { zh: '境内居民企业', en: 'Resident enterprise' },
  restrictedIndustry: { zh: '属于限制或淘汰类产业', en: 'Restricted industry' },
  majorIncident: { zh: '发生重大安全、质量或环境事故', en: 'Major incident' },
  onDishonestList: { zh: '列入经营异常或严重失信名单', en: 'On the dishonest list' },
  nationalAwardTop3In5y: { zh: '近五年国家级科技奖励（前三名）', en: 'National award (top 3, 5 years)' },
  provincialRdInstitution: { zh: '拥有省级以上研发机构', en: 'Provincial R&D institution' },
  ledStandardIn5y: { zh: '近五年主导制定标准', en: 'Led a standard (5 years)' },
  establishedOn: { zh: '注册成立日期', en: 'Established on' },
  ipCount: { zh: '主要产品知识产权数', en: 'IP for main products' },
  inSupportedField: { zh: '属于国家重点支持领域', en: 'In a supported field' },
  rd3yFen: { zh: '近三年研发费用（分）', en: 'R&D, 3 years (fen)' },
  revenue3yFen: { zh: '近三年销售收入（分）', en: 'Revenue, 3 years (fen)' },
  domesticRd3yFen: { zh: '近三年境内研发费用（分）', en: 'Domestic R&D, 3 years (fen)' },
  highTechRevenueFen: { zh: '上年高新技术产品收入（分）', en: 'High-tech revenue last year (fen)' },
  totalRevenueFen: { zh: '上年总收入（分）', en: 'Total revenue last year (fen)' },
  innovationPoints: { zh: '创新能力评价得分（0–100）', en: 'Innovation points (0–100)' },
  incidentLastYear: { zh: '上年发生重大事故或违法行为', en: 'Incident last year' },
};

/** The inputs of `AssessmentBody` (libs/contracts designation.ts), with a plausible small firm's figures. */
export const FIELDS: Record<'TSME' | 'HTE', Field[]> = {
  TSME: [
    { key: 'employees', kind: 'int', value: 120 },
    { key: 'sciStaff', kind: 'int', value: 40 },
    { key: 'revenueFen', kind: 'int', value: 5_000_000_000 },
    { key: 'totalAssetsFen', kind: 'int', value: 8_000_000_000 },
    { key: 'rdExpenseFen', kind: 'int', value: 600_000_000 },
    { key: 'costsFen', kind: 'int', value: 4_000_000_000 },
    { key: 'ipClass1', kind: 'int', value: 2 },
    { key: 'ipClass2', kind: 'int', value: 5 },
    { key: 'resident', kind: 'bool', value: true },
    { key: 'restrictedIndustry', kind: 'bool', value: false },
    { key: 'majorIncident', kind: 'bool', value: false },
    { key: 'onDishonestList', kind: 'bool', value: false },
    { key: 'nationalAwardTop3In5y', kind: 'bool', value: false },
    { key: 'provincialRdInstitution', kind: 'bool', value: false },
    { key: 'ledStandardIn5y', kind: 'bool', value: false },
  ],
  HTE: [
    { key: 'establishedOn', kind: 'date', value: '2018-03-01' },
    { key: 'employees', kind: 'int', value: 120 },
    { key: 'sciStaff', kind: 'int', value: 30 },
    { key: 'ipCount', kind: 'int', value: 6 },
    { key: 'inSupportedField', kind: 'bool', value: true },
    { key: 'rd3yFen', kind: 'int', value: 1_200_000_000 },
    { key: 'revenue3yFen', kind: 'int', value: 15_000_000_000 },
    { key: 'domesticRd3yFen', kind: 'int', value: 1_000_000_000 },
    { key: 'highTechRevenueFen', kind: 'int', value: 4_000_000_000 },
    { key: 'totalRevenueFen', kind: 'int', value: 5_000_000_000 },
    { key: 'innovationPoints', kind: 'int', value: 75 },
    { key: 'incidentLastYear', kind: 'bool', value: false },
  ],
};

const STATUS: Record<string, Key> = { pending: 'statusPending', approved: 'statusApproved', rejected: 'statusRejected' };
export const statusName = (s: string): string => (STATUS[s] ? t(STATUS[s]) : s);
const passText = (p: boolean | undefined) => (p === undefined ? '—' : p ? t('pass') : t('fail'));
/** The figures as the API sent them, `name=value` (numbers grouped only). */
const figureText = (f: AssessedItem['figures']) =>
  Object.entries(f)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? grouped(v) : v === null ? '—' : String(v)}`)
    .join(' ');

/** Every condition and indicator of an assessment, as the API answers it. */
export function conditionsTable(items: readonly AssessedItem[], csv: string): HTMLElement {
  const cols: Column<AssessedItem>[] = [
    { key: 'key', label: t('condition'), text: (r) => r.key },
    { key: 'rule', label: t('rule'), text: (r) => r.rule },
    { key: 'figures', label: t('figuresCol'), text: (r) => figureText(r.figures) },
    { key: 'pass', label: t('passFail'), text: (r) => passText(r.pass) },
    { key: 'points', label: t('points'), text: (r) => (r.points === undefined ? '—' : String(r.points)), numeric: true },
  ];
  return table(cols, items, { csv });
}

export function resultView(r: AssessmentResult): HTMLElement {
  return h(
    'div',
    { class: 'assessment', 'data-assessment': r.designation },
    figures([
      { id: 'qualified', label: `${designationName(r.designation, lang())} (${r.year})`, value: r.qualified ? t('qualified') : t('notQualified') },
      { id: 'route', label: t('route'), value: r.route ?? '—' },
      { id: 'totalPoints', label: t('totalPoints'), value: r.totalPoints === null ? '—' : String(r.totalPoints) },
      { id: 'failed', label: t('failedConditions'), value: r.failed.length ? r.failed.join(', ') : '—' },
      { id: 'policyFrom', label: t('policyFrom'), value: r.policyFrom },
    ]),
    conditionsTable([...r.conditions, ...r.indicators], `assessment-${r.designation}-${r.year}`),
  );
}

/** Applications as a table (the enterprise's own, or the admin's queue). */
export function applicationsTable(items: readonly Application[], csv: string): HTMLElement {
  const cols: Column<Application>[] = [
    { key: 'applicationId', label: t('applicationId'), text: (r) => r.applicationId },
    { key: 'enterpriseId', label: t('enterpriseId'), text: (r) => r.enterpriseId },
    { key: 'designation', label: t('designation'), text: (r) => `${designationName(r.designation, lang())} (${r.designation})` },
    { key: 'year', label: t('year'), text: (r) => String(r.year) },
    { key: 'appliedOn', label: t('appliedOn'), text: (r) => r.appliedOn },
    { key: 'qualified', label: t('qualified'), text: (r) => (r.result.qualified ? t('yes') : t('no')) },
    { key: 'totalPoints', label: t('totalPoints'), text: (r) => (r.result.totalPoints === null ? '—' : String(r.result.totalPoints)), numeric: true },
    { key: 'status', label: t('status'), text: (r) => statusName(r.status) },
    { key: 'reason', label: t('reason'), text: (r) => r.decision?.reason ?? '—' },
  ];
  return table(cols, items, { csv, sortable: true });
}

export const countFigures = (c: Applications['counts']): HTMLElement =>
  figures((['pending', 'approved', 'rejected', 'total'] as const).map((k) => ({ id: k, label: k === 'total' ? t('allApplications') : statusName(k), value: grouped(c[k]) })));

function inputsOf(designation: 'TSME' | 'HTE'): { el: HTMLElement; read: () => Record<string, number | boolean | string> } {
  const read: (() => [string, number | boolean | string])[] = [];
  const labels = FIELDS[designation].map((f) => {
    const input =
      f.kind === 'bool'
        ? h('input', { type: 'checkbox', name: f.key, checked: f.value === true, 'data-input': f.key })
        : h('input', { type: f.kind === 'date' ? 'date' : 'number', step: '1', min: f.kind === 'int' ? '0' : undefined, name: f.key, value: String(f.value), 'data-input': f.key });
    read.push(() => [f.key, f.kind === 'bool' ? input.checked : f.kind === 'int' ? Number(input.value) : input.value]);
    return h('label', { class: f.kind === 'bool' ? 'check' : undefined }, h('span', {}, `${FIELD_NAMES[f.key]?.[lang()] ?? f.key} (${f.key})`), input);
  });
  return { el: h('div', { class: 'inputs' }, ...labels), read: () => Object.fromEntries(read.map((r) => r())) };
}

/** The enterprise page's section: choose TSME or HTE, enter the inputs, assess; apply; its own applications. */
export function designationSections(base: string): HTMLElement[] {
  // Recorded by the registry from the event: a refresh shows an application posted a moment ago.
  const refresh = h('button', { type: 'button', 'data-action': 'refresh' }, t('refresh'));
  const mine = section(
    'my-applications',
    t('myApplications'),
    async () => {
      const a = await get<Applications>(`${base}/designation-applications`, { limit: 100 });
      return h('div', {}, countFigures(a.counts), applicationsTable(a.items, 'my-designation-applications'));
    },
    refresh,
  );
  refresh.addEventListener('click', () => mine.reload());
  const assess = section('assessment', t('assessment'), async () => {
    const result = h('div', { 'data-assessment-result': '' });
    const applied = h('div', { 'data-applied': '' });
    const designation = h('select', { name: 'designation' }, ...(['TSME', 'HTE'] as const).map((d) => h('option', { value: d }, `${designationName(d, lang())} (${d})`)));
    const year = h('input', { type: 'number', name: 'year', step: '1', value: String(new Date().getFullYear()) });
    const holder = h('div', {});
    let inputs = inputsOf('TSME');
    holder.append(inputs.el);
    designation.addEventListener('change', () => {
      inputs = inputsOf(designation.value as 'TSME' | 'HTE');
      holder.replaceChildren(inputs.el);
      result.replaceChildren();
    });
    const body = () => ({ designation: designation.value, year: Number(year.value), input: inputs.read() });
    const apply = h('button', { type: 'button', 'data-action': 'apply' }, t('applyDesignation'));
    apply.addEventListener('click', () => {
      applied.replaceChildren(loadingBox());
      command<{ applicationId: string; status: string; result: AssessmentResult }>(`${base}/designation-applications`, body()).then(
        (a) => {
          applied.replaceChildren(h('div', { 'data-state': 'ready' }, figures([{ id: 'applicationId', label: t('applicationId'), value: a.applicationId }, { id: 'status', label: t('status'), value: statusName(a.status) }])));
          mine.reload();
        },
        (err: unknown) => applied.replaceChildren(errorBox(err)),
      );
    });
    const form = h(
      'form',
      {
        class: 'assess',
        onsubmit: (e: Event) => {
          e.preventDefault();
          result.replaceChildren(loadingBox());
          post<{ result: AssessmentResult }>(`${base}/assessments`, body()).then(
            (a) => result.replaceChildren(resultView(a.result)),
            (err: unknown) => result.replaceChildren(errorBox(err)),
          );
        },
      },
      note(t('assessmentNote')),
      h('div', { class: 'controls' }, h('label', {}, t('designation'), ' ', designation), h('label', {}, t('year'), ' ', year)),
      holder,
      h('button', { type: 'submit', 'data-action': 'assess' }, t('runAssessment')),
      apply,
    );
    return h('div', {}, form, result, applied);
  });
  return [assess, mine];
}
