/**
 * A bounded cache of facts that never change once true (a registered bank, a registered enterprise, the
 * owner of a disbursed loan): a hit saves a database round trip on the per-event path, a miss asks the
 * database, and memory stays bounded whatever the history (oldest entries leave first).
 */
export class FactCache<V> {
  private readonly map = new Map<string, V>();

  constructor(private readonly max = 50_000) {}

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  set(key: string, value: V): void {
    if (this.map.has(key)) return;
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }
}
