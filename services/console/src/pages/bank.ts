import { get, post, type Session } from '../api';
import { loanEventsFromCsv, type LoanEventItem } from '../csv';
import { h, note, section, table, type Column } from '../dom';
import { grouped } from '../format';
import { t } from '../i18n';
import { kindName } from './enterprise';
import { problemsByRow, type CheckAnswer } from './bank-check';

/** The bank's page (issue 9 point 5): recommendation list, products, re-lending, and a checked CSV upload of loan events. */
interface Recommendation {
  enterpriseId: string;
  total: string;
  totalHundredths: number;
  grade: string;
  eligibleProductIds: string[];
  firstLoanCandidate: boolean | null;
}
interface Product {
  productId: string;
  name: string;
  kind: string;
  minScore: number;
  maxAmountFen: number;
  annualRate: string;
  active: boolean;
}
interface Claim {
  loanId: string;
  enterpriseId: string;
  quarter: string;
  disbursedOn: string;
  principal: string;
  claim: string;
}
interface Application {
  quarter: string;
  applicationDate: string;
  amount: string;
  rate: string;
  interest: string;
}

const PAGE = 20;
const yesNo = (b: boolean | null) => (b === null ? '—' : b ? t('yes') : t('no'));

export function bankPage(s: Session): HTMLElement {
  const bankId = s.bankId ?? '';
  let offset = 0;
  const recs = section('recommendations', t('recommendations'), async () => {
    const r = await get<{ items: Recommendation[]; total: number; firstLoanCandidates: number }>(`/v1/banks/${encodeURIComponent(bankId)}/recommendations`, { limit: PAGE, offset });
    const cols: Column<Recommendation>[] = [
      { key: 'enterpriseId', label: t('enterpriseId'), text: (x) => x.enterpriseId },
      { key: 'total', label: t('score'), text: (x) => x.total, sort: (x) => x.totalHundredths, numeric: true },
      { key: 'grade', label: t('grade'), text: (x) => x.grade },
      { key: 'firstLoan', label: t('firstLoan'), text: (x) => yesNo(x.firstLoanCandidate) },
      { key: 'products', label: t('eligibleProducts'), text: (x) => x.eligibleProductIds.join(' ') },
    ];
    const pager = h(
      'div',
      { class: 'pager' },
      h('button', { type: 'button', disabled: offset === 0, onclick: () => ((offset = Math.max(0, offset - PAGE)), recs.reload()) }, t('prev')),
      h('span', { 'data-pager': 'recommendations' }, t('pageOf', { from: r.items.length ? offset + 1 : 0, to: offset + r.items.length, total: r.total })),
      h('button', { type: 'button', disabled: offset + PAGE >= r.total, onclick: () => ((offset += PAGE), recs.reload()) }, t('next')),
    );
    return h('div', {}, table(cols, r.items, { csv: `recommendations-${bankId}-${offset + 1}`, sortable: true }), pager, note(`${t('firstLoan')}: ${grouped(r.firstLoanCandidates)}`));
  });
  const sections = [
    recs,
    section('products', t('products'), async () => {
      const p = await get<{ items: Product[] }>('/v1/credit-products', { limit: 500 });
      const cols: Column<Product>[] = [
        { key: 'product', label: t('product'), text: (x) => `${x.name} (${x.productId})` },
        { key: 'kind', label: t('kind'), text: (x) => kindName(x.kind) },
        { key: 'minScore', label: t('minScore'), text: (x) => String(x.minScore), numeric: true },
        { key: 'rate', label: t('rate'), text: (x) => x.annualRate, numeric: true },
        { key: 'active', label: t('active'), text: (x) => yesNo(x.active) },
      ];
      return table(cols, p.items, { csv: `products-${bankId}`, sortable: true });
    }),
    section('claims', t('relendingClaims'), async () => {
      const c = await get<{ items: Claim[]; total: number }>('/v1/relending/claims', { limit: 500 });
      const cols: Column<Claim>[] = [
        { key: 'loanId', label: t('loanId'), text: (x) => x.loanId },
        { key: 'enterpriseId', label: t('enterpriseId'), text: (x) => x.enterpriseId },
        { key: 'quarter', label: t('quarter'), text: (x) => x.quarter },
        { key: 'disbursedOn', label: t('disbursedOn'), text: (x) => x.disbursedOn },
        { key: 'principal', label: t('principal'), text: (x) => grouped(x.principal), sort: (x) => Number(x.principal), numeric: true },
        { key: 'claim', label: t('claim'), text: (x) => grouped(x.claim), sort: (x) => Number(x.claim), numeric: true },
      ];
      return table(cols, c.items, { csv: `relending-claims-${bankId}`, sortable: true, pageSize: PAGE });
    }),
    section('applications', t('relendingApplications'), async () => {
      const a = await get<{ items: Application[] }>('/v1/relending/applications', { limit: 500 });
      const cols: Column<Application>[] = [
        { key: 'quarter', label: t('quarter'), text: (x) => x.quarter },
        { key: 'applicationDate', label: t('applicationDate'), text: (x) => x.applicationDate },
        { key: 'amount', label: t('amount'), text: (x) => grouped(x.amount), numeric: true },
        { key: 'rate', label: t('rate'), text: (x) => x.rate, numeric: true },
        { key: 'interest', label: t('interest'), text: (x) => grouped(x.interest), numeric: true },
      ];
      return table(cols, a.items, { csv: `relending-applications-${bankId}` });
    }),
    uploadSection(),
  ];
  return h('div', { class: 'page', 'data-page': 'bank' }, h('h1', {}, `${t('bankTitle')} · ${bankId}`), h('div', { class: 'grid' }, ...sections));
}

function uploadSection(): HTMLElement {
  const file = h('input', { type: 'file', accept: '.csv,text/csv', name: 'loan-events' });
  const out = h('div', { class: 'upload-result', 'data-upload': 'result' });
  let items: LoanEventItem[] = [];
  const postButton = h('button', { type: 'button', disabled: true }, t('postEvents'));
  const show = (answer: CheckAnswer) => {
    const problems = problemsByRow(answer, items.length);
    const bad = problems.filter((p) => p.length > 0).length;
    const rows = items.map((it, i) => ({ i, it, problems: problems[i]! }));
    const cols: Column<(typeof rows)[number]>[] = [
      { key: 'row', label: t('row'), text: (r) => String(r.i + 1), numeric: true },
      { key: 'type', label: t('type'), text: (r) => r.it.type },
      { key: 'loanId', label: t('loanId'), text: (r) => String(r.it.data.loanId ?? '') },
      { key: 'result', label: t('result'), text: (r) => (r.problems.length ? `${t('refused')}: ${r.problems.join('; ')}` : t('accepted')) },
    ];
    postButton.disabled = bad > 0 || answer.wouldAccept === false;
    out.replaceChildren(note(bad ? t('checkSomeBad', { bad, n: items.length }) : t('checkAllOk', { n: items.length })), table(cols, rows, { csv: 'loan-events-check' }));
  };
  const check = async () => {
    postButton.disabled = true;
    const f = file.files?.[0];
    if (!f) return;
    items = loanEventsFromCsv(await f.text());
    if (!items.length) {
      out.replaceChildren(note(t('csvEmpty')));
      return;
    }
    out.replaceChildren(h('div', { class: 'loading', 'data-state': 'loading' }, t('loading')));
    try {
      show(await post<CheckAnswer>('/v1/loan-events/check', { events: items }));
    } catch (err) {
      const problem = (err as { problem?: CheckAnswer }).problem;
      if (problem?.errors?.some((e) => e.index !== undefined)) show(problem);
      else out.replaceChildren(h('div', { class: 'error', role: 'alert', 'data-state': 'error' }, (err as Error).message));
    }
  };
  postButton.addEventListener('click', () => {
    postButton.disabled = true;
    post<{ accepted: number }>('/v1/loan-events', { events: items }).then(
      (a) => out.prepend(note(t('posted', { n: a.accepted }))),
      (err: unknown) => out.prepend(h('div', { class: 'error', role: 'alert', 'data-state': 'error' }, (err as Error).message)),
    );
  });
  const el = h(
    'section',
    { class: 'card wide', id: 'upload', 'data-section': 'upload' },
    h('header', {}, h('h2', {}, t('upload'))),
    h('div', { class: 'body' }, note(t('uploadNote')), h('div', { class: 'controls' }, h('label', {}, t('chooseFile'), ' ', file), h('button', { type: 'button', onclick: () => void check() }, t('check')), postButton), out),
  );
  return el;
}
