/**
 * The scoring service's in-memory mirrors (docs/decisions/0006: FerretDB v1 scans on every query, so the
 * per-event and per-recompute paths never query it). Both are loaded from the service's database at start
 * and updated only after the corresponding write is durable, so the database stays the source of truth.
 */
import type { IndicatorFiling, ScoreComputed } from '@techcredit/contracts';
import { isLaterFiling } from '../domain';

export interface FilingRecord {
  eventId: string;
  enterpriseId: string;
  filedAt: string;
  filing: IndicatorFiling;
}

const key = (enterpriseId: string, year: number): string => `${enterpriseId}:${year}`;

/** The current filing per (enterprise, year): the latest `filedAt`, ties to the larger event id (DOMAIN.md §2). */
export class FilingBook {
  private readonly current = new Map<string, FilingRecord>();
  private readonly byYear = new Map<number, Set<string>>();
  private readonly yearsByEnterprise = new Map<string, Set<number>>();

  /** Offers a filing; returns the filing it replaced (null if first) when it became current, or 'not-current'. */
  offer(rec: FilingRecord): { previous: FilingRecord | null } | 'not-current' {
    const k = key(rec.enterpriseId, rec.filing.year);
    const previous = this.current.get(k) ?? null;
    if (!isLaterFiling(rec, previous)) return 'not-current';
    this.current.set(k, rec);
    let ids = this.byYear.get(rec.filing.year);
    if (!ids) this.byYear.set(rec.filing.year, (ids = new Set()));
    ids.add(rec.enterpriseId);
    let years = this.yearsByEnterprise.get(rec.enterpriseId);
    if (!years) this.yearsByEnterprise.set(rec.enterpriseId, (years = new Set()));
    years.add(rec.filing.year);
    return { previous };
  }

  get(enterpriseId: string, year: number): FilingRecord | undefined {
    return this.current.get(key(enterpriseId, year));
  }

  /** The current filings of a year (a snapshot array). */
  ofYear(year: number): FilingRecord[] {
    return [...(this.byYear.get(year) ?? [])].map((id) => this.current.get(key(id, year)) as FilingRecord);
  }

  years(): number[] {
    return [...this.byYear.keys()].sort((a, b) => a - b);
  }

  yearsOf(enterpriseId: string): number[] {
    return [...(this.yearsByEnterprise.get(enterpriseId) ?? [])];
  }

  get size(): number {
    return this.current.size;
  }
}

/** The last published score per (enterprise, year), with the id of the event that published it. */
export interface StoredScore {
  eventId: string;
  data: ScoreComputed;
}

export class ScoreBook {
  private readonly scores = new Map<string, StoredScore>();
  private readonly yearsByEnterprise = new Map<string, Set<number>>();

  set(s: StoredScore): void {
    this.scores.set(key(s.data.enterpriseId, s.data.year), s);
    let years = this.yearsByEnterprise.get(s.data.enterpriseId);
    if (!years) this.yearsByEnterprise.set(s.data.enterpriseId, (years = new Set()));
    years.add(s.data.year);
  }

  get(enterpriseId: string, year: number): StoredScore | undefined {
    return this.scores.get(key(enterpriseId, year));
  }

  /** The score of the latest year the enterprise has one for. */
  latest(enterpriseId: string): StoredScore | undefined {
    const years = this.yearsByEnterprise.get(enterpriseId);
    if (!years || years.size === 0) return undefined;
    return this.get(enterpriseId, Math.max(...years));
  }

  *ofYear(year: number): Iterable<StoredScore> {
    for (const s of this.scores.values()) if (s.data.year === year) yield s;
  }

  latestYear(): number | undefined {
    let y: number | undefined;
    for (const s of this.scores.values()) if (y === undefined || s.data.year > y) y = s.data.year;
    return y;
  }

  get size(): number {
    return this.scores.size;
  }
}
