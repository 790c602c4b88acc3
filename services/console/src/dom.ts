import { ApiError } from './api';
import { toCsv } from './csv';
import { t } from './i18n';

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((e: Event) => void)>;

/** An element: `on*` attributes become listeners (never inline handlers: the CSP forbids them), others attributes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'class') el.className = String(v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'number' ? String(c) : c);
  return el;
}

/** The problem's detail, as the API sent it. */
export function errorBox(err: unknown, retry?: () => void): HTMLElement {
  const detail = err instanceof ApiError ? err.detail : (err as Error).message;
  return h('div', { class: 'error', role: 'alert', 'data-state': 'error' }, h('strong', {}, `${t('error')}: `), h('span', { class: 'detail' }, detail), retry ? h('button', { type: 'button', onclick: retry }, t('retry')) : null);
}

/** The loading state of a section or of a form's answer. */
export const loadingBox = (): HTMLElement => h('div', { class: 'loading', 'data-state': 'loading', 'aria-busy': 'true' }, t('loading'));

/**
 * A titled section whose body comes from `load`: a loading state first, then the body, or the error with
 * the problem's detail and a retry. Returns the section; `reload()` runs `load` again.
 */
export function section(id: string, title: string, load: () => Promise<Node>, tools?: Node): HTMLElement & { reload: () => void } {
  const body = h('div', { class: 'body' });
  const el = h('section', { class: 'card', id, 'data-section': id }, h('header', {}, h('h2', {}, title), tools ?? null), body) as HTMLElement & { reload: () => void };
  el.reload = () => {
    body.replaceChildren(loadingBox());
    el.dataset.state = 'loading';
    load().then(
      (node) => {
        body.replaceChildren(node);
        el.dataset.state = 'ready';
      },
      (err: unknown) => {
        body.replaceChildren(errorBox(err, el.reload));
        el.dataset.state = 'error';
      },
    );
  };
  el.reload();
  return el;
}

export interface Column<R> {
  key: string;
  label: string;
  /** What the cell shows (a string from the API, grouped at most). */
  text: (r: R) => string;
  /** Sort key; numeric columns sort by number. Default: the text. */
  sort?: (r: R) => number | string;
  numeric?: boolean;
}

export interface TableOptions {
  /** File name of the CSV download (without .csv). */
  csv: string;
  sortable?: boolean;
  /** Rows per page shown (client-side paging of the rows given). */
  pageSize?: number;
}

/** A table of `rows` with a CSV download of exactly what it shows (all rows, not only the page), sortable by header. */
export function table<R>(columns: readonly Column<R>[], rows: readonly R[], opts: TableOptions): HTMLElement {
  let order = [...rows];
  let sortKey: string | undefined;
  let dir = 1;
  let page = 0;
  const size = opts.pageSize ?? Infinity;
  const wrap = h('div', { class: 'table-wrap' });
  const download = () => {
    const csv = toCsv(columns.map((c) => c.label), order.map((r) => columns.map((c) => c.text(r))));
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const a = h('a', { href: url, download: `${opts.csv}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const render = () => {
    const pages = Math.max(1, Math.ceil(order.length / size));
    page = Math.min(page, pages - 1);
    const shown = Number.isFinite(size) ? order.slice(page * size, (page + 1) * size) : order;
    const head = h(
      'tr',
      {},
      ...columns.map((c) =>
        h(
          'th',
          { class: c.numeric ? 'num' : undefined, scope: 'col', 'data-col': c.key, 'aria-sort': sortKey === c.key ? (dir > 0 ? 'ascending' : 'descending') : undefined },
          opts.sortable
            ? h('button', { type: 'button', class: 'sort', onclick: () => sortBy(c) }, c.label, sortKey === c.key ? (dir > 0 ? ' ▲' : ' ▼') : '')
            : c.label,
        ),
      ),
    );
    const body = shown.length
      ? shown.map((r) => h('tr', {}, ...columns.map((c) => h('td', { class: c.numeric ? 'num' : undefined, 'data-col': c.key }, c.text(r)))))
      : [h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, t('noRows')))];
    const pager =
      Number.isFinite(size) && order.length > size
        ? h(
            'div',
            { class: 'pager' },
            h('button', { type: 'button', disabled: page === 0, onclick: () => ((page -= 1), render()) }, t('prev')),
            h('span', {}, t('pageOf', { from: page * size + 1, to: page * size + shown.length, total: order.length })),
            h('button', { type: 'button', disabled: page >= pages - 1, onclick: () => ((page += 1), render()) }, t('next')),
          )
        : null;
    wrap.replaceChildren(
      h('div', { class: 'table-tools' }, h('button', { type: 'button', class: 'csv', onclick: download }, t('downloadCsv'))),
      h('div', { class: 'scroll' }, h('table', {}, h('thead', {}, head), h('tbody', {}, ...body))),
      ...(pager ? [pager] : []),
    );
  };
  const sortBy = (c: Column<R>) => {
    dir = sortKey === c.key ? -dir : 1;
    sortKey = c.key;
    const key = c.sort ?? c.text;
    order = [...rows].sort((a, b) => {
      const x = key(a);
      const y = key(b);
      return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * dir;
    });
    render();
  };
  render();
  return wrap;
}

/** Figure cards: label and the API's value. `data-figure` names the figure for tests. */
export function figures(items: readonly { id: string; label: string; value: string }[]): HTMLElement {
  return h('div', { class: 'figures' }, ...items.map((f) => h('div', { class: 'figure', 'data-figure': f.id }, h('div', { class: 'label' }, f.label), h('div', { class: 'value' }, f.value))));
}

export const note = (text: string): HTMLElement => h('p', { class: 'note' }, text);
