/**
 * Seeded pseudo-random numbers (mulberry32) with integer-only helpers, so a scenario is identical on every
 * machine: no Math.random, no transcendental functions. Independent streams are derived per purpose from
 * (seed, label), so adding draws in one part never shifts another.
 */

/** 32-bit FNV-1a hash of a string. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The stream for one purpose of a scenario. */
  static stream(seed: number, label: string): Rng {
    return new Rng(hash32(`techcredit:${seed}:${label}`));
  }

  /** Next uint32 (mulberry32). */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    if (hi < lo) throw new RangeError(`empty range ${lo}..${hi}`);
    return lo + Math.floor((this.u32() / 4294967296) * (hi - lo + 1));
  }

  /** True with probability `percent`/100. */
  chance(percent: number): boolean {
    return this.int(0, 9999) < percent * 100;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** Pick by integer weights. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((a, [, w]) => a + w, 0);
    let r = this.int(0, total - 1);
    for (const [item, w] of items) {
      if (r < w) return item;
      r -= w;
    }
    throw new RangeError('weighted pick from empty weights');
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }

  /** A version-4-shaped UUID from 128 random bits. */
  uuid(): string {
    const hex = [this.u32(), this.u32(), this.u32(), this.u32()].map((n) => n.toString(16).padStart(8, '0')).join('');
    const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}
