/**
 * One enterprise's contribution to the lending statistics (DOMAIN.md §7), as day deltas per series, so that
 * the statistics as of any date are prefix sums over days of the sum of every enterprise's contribution
 * (docs/decisions/0009). An enterprise's contribution depends only on its own registry entry and loans, so
 * a change to one enterprise costs work bounded by that enterprise, never by history.
 *
 * Series (`<prefecture>|<dimension>|<key>`): `all` (the standard tech test, every loan), `zone:<id|none>`,
 * `cluster:<id|none>`, `des:<code>` (tech = holding that code) and `bank:<id>` (that bank's loans only).
 * Figures: levels whose value on D is the sum of deltas dated on or before D — `bal` balance, `sup`
 * supported enterprise (0/1), `ipb` ip_pledge balance, `mem` member of the slice (dated '' = always),
 * `reg:<code>` holds the code (the `all` series only), `inb` innovation-points balance (§11); and flows summed
 * over a span of days — `cre` principal of credit loans and `ipt` ip_pledge loans disbursed while tech, and the
 * §11 flows of loans disbursed while tech: `ivn`/`ivp`/`ivi` investment-linked loans, their principal and linked
 * investment, `inn`/`inp` innovation-points loans and principal, `fln` first loans (one per enterprise).
 */
import { addDays } from '@techcredit/money';
import { isDesignationValidOn } from '@techcredit/reference';
import { NONE_KEY } from './slices';
import type { StatsEnterprise, StatsLoan } from './types';

/** Figure → delta on one day. */
export type DayDeltas = Record<string, number>;
/** Day ('' = before every date) → deltas. */
export type SeriesDeltas = Map<string, DayDeltas>;
/** Series key → its day deltas. */
export type Contribution = Map<string, SeriesDeltas>;

export const ALWAYS = '';

export const seriesKey = (prefecture: string, dimension: string, key: string): string => `${prefecture}|${dimension}|${key}`;

export function parseSeriesKey(k: string): { prefecture: string; dimension: string; key: string } {
  const [prefecture = '', dimension = '', ...rest] = k.split('|');
  return { prefecture, dimension, key: rest.join('|') };
}

function add(c: Contribution, series: string, day: string, fig: string, v: number): void {
  if (v === 0) return;
  let s = c.get(series);
  if (!s) c.set(series, (s = new Map()));
  let d = s.get(day);
  if (!d) s.set(day, (d = {}));
  const next = (d[fig] ?? 0) + v;
  if (next === 0) delete d[fig];
  else d[fig] = next;
  if (Object.keys(d).length === 0) s.delete(day);
  if (s.size === 0) c.delete(series);
}

function outstandingAt(l: StatsLoan, day: string): number {
  if (l.disbursedOn > day) return 0;
  let fen = l.principalFen;
  for (const m of l.movements) if (m.on <= day) fen -= m.amountFen;
  return fen;
}

/** The days on which something about the enterprise may change (sorted, unique). */
function changeDays(e: StatsEnterprise, loans: readonly StatsLoan[]): string[] {
  const days = new Set<string>();
  for (const l of loans) {
    days.add(l.disbursedOn);
    for (const m of l.movements) days.add(m.on);
  }
  for (const d of e.designations) {
    days.add(d.validFrom);
    if (d.validTo !== null) days.add(addDays(d.validTo, 1));
  }
  return [...days].sort();
}

interface SeriesSpec {
  key: string;
  tech: (day: string) => boolean;
  loans: readonly StatsLoan[];
  registry: boolean;
}

/** The contribution of one registered enterprise with its folded loans (refused movements already excluded). */
export function enterpriseContribution(e: StatsEnterprise, loans: readonly StatsLoan[]): Contribution {
  const out: Contribution = new Map();
  const p = e.prefecture;
  const anyTech = (day: string) => e.designations.some((d) => isDesignationValidOn(d, day));
  const specs: SeriesSpec[] = [
    { key: seriesKey(p, 'all', ''), tech: anyTech, loans, registry: true },
    { key: seriesKey(p, 'zone', e.zone ?? NONE_KEY), tech: anyTech, loans, registry: false },
    { key: seriesKey(p, 'cluster', e.cluster ?? NONE_KEY), tech: anyTech, loans, registry: false },
  ];
  for (const code of [...new Set(e.designations.map((d) => d.code))].sort()) {
    const holds = (day: string) => e.designations.some((d) => d.code === code && isDesignationValidOn(d, day));
    specs.push({ key: seriesKey(p, 'des', code), tech: holds, loans, registry: false });
  }
  for (const bank of [...new Set(loans.map((l) => l.bankId))].sort()) {
    specs.push({ key: seriesKey(p, 'bank', bank), tech: anyTech, loans: loans.filter((l) => l.bankId === bank), registry: false });
  }
  const days = changeDays(e, loans);
  const codes = [...new Set(e.designations.map((d) => d.code))].sort();
  for (const s of specs) {
    add(out, s.key, ALWAYS, 'mem', 1);
    let prev = { bal: 0, sup: 0, ipb: 0, inb: 0 };
    const prevReg = new Map<string, number>();
    for (const day of days) {
      const tech = s.tech(day);
      let o = 0;
      let oip = 0;
      let oin = 0;
      for (const l of s.loans) {
        const v = outstandingAt(l, day);
        o += v;
        if (l.guaranteeType === 'ip_pledge') oip += v;
        if (l.instruments?.innovationPoints) oin += v;
      }
      const now = { bal: tech ? o : 0, sup: tech && o > 0 ? 1 : 0, ipb: tech ? oip : 0, inb: tech ? oin : 0 };
      add(out, s.key, day, 'bal', now.bal - prev.bal);
      add(out, s.key, day, 'sup', now.sup - prev.sup);
      add(out, s.key, day, 'ipb', now.ipb - prev.ipb);
      add(out, s.key, day, 'inb', now.inb - prev.inb);
      prev = now;
      if (s.registry) {
        for (const code of codes) {
          const held = e.designations.some((d) => d.code === code && isDesignationValidOn(d, day)) ? 1 : 0;
          add(out, s.key, day, `reg:${code}`, held - (prevReg.get(code) ?? 0));
          prevReg.set(code, held);
        }
      }
    }
    for (const l of s.loans) {
      if (!s.tech(l.disbursedOn)) continue;
      if (l.guaranteeType === 'credit') add(out, s.key, l.disbursedOn, 'cre', l.principalFen);
      else if (l.guaranteeType === 'ip_pledge') add(out, s.key, l.disbursedOn, 'ipt', 1);
      const i = l.instruments;
      if (!i) continue;
      if (i.linkedInvestmentFen > 0) {
        add(out, s.key, l.disbursedOn, 'ivn', 1);
        add(out, s.key, l.disbursedOn, 'ivp', l.principalFen);
        add(out, s.key, l.disbursedOn, 'ivi', i.linkedInvestmentFen);
      }
      if (i.innovationPoints) {
        add(out, s.key, l.disbursedOn, 'inn', 1);
        add(out, s.key, l.disbursedOn, 'inp', l.principalFen);
      }
      if (i.firstLoan) add(out, s.key, l.disbursedOn, 'fln', 1);
    }
  }
  return out;
}

/** `after − before`, the change to apply to the aggregate when an enterprise's contribution changes. */
export function diffContributions(before: Contribution, after: Contribution): Contribution {
  const out: Contribution = new Map();
  for (const [k, s] of after) for (const [day, d] of s) for (const [fig, v] of Object.entries(d)) add(out, k, day, fig, v);
  for (const [k, s] of before) for (const [day, d] of s) for (const [fig, v] of Object.entries(d)) add(out, k, day, fig, -v);
  return out;
}

/** Adds `delta` into `into` (merging changes of several enterprises into one changelog entry). */
export function mergeInto(into: Contribution, delta: Contribution): void {
  for (const [k, s] of delta) for (const [day, d] of s) for (const [fig, v] of Object.entries(d)) add(into, k, day, fig, v);
}

/**
 * Stored form: a JSON string of [series, [[day, deltas], …]][] (FerretDB v1 stores no nested arrays, and
 * series keys are not field names), parsed only by the service that wrote it.
 */
export type ContributionRows = string;

export function toRows(c: Contribution): ContributionRows {
  return JSON.stringify([...c].map(([k, s]) => [k, [...s]]));
}

export function fromRows(rows: ContributionRows | undefined): Contribution {
  const c: Contribution = new Map();
  if (!rows) return c;
  for (const [k, days] of JSON.parse(rows) as [string, [string, DayDeltas][]][]) c.set(k, new Map(days));
  return c;
}
