import type { ChangeChannel, ChangeNotifications } from './change-notifications.js';

/**
 * A bounded id → value cache that is only trusted while change notices are
 * heard, and forgets an id the moment any node changes its row. A load that
 * raced a notice is not stored (a generation counter), so nothing stale stays.
 */
export class InvalidatedCache<V> {
  private readonly entries = new Map<string, V>();
  private generation = 0;

  constructor(
    private readonly notifications: ChangeNotifications,
    channel: ChangeChannel,
    private readonly limit = 100_000,
  ) {
    notifications.subscribe(channel, (id) => (id === null ? this.clear() : this.forget(id)));
  }

  /** The cached value, or `load()`'s, stored when `keep` says it may be. */
  async get(
    id: string,
    load: () => Promise<V | null>,
    keep: (value: V) => boolean = () => true,
  ): Promise<V | null> {
    if (this.notifications.connected) {
      const hit = this.entries.get(id);
      if (hit !== undefined) return hit;
    }
    const generation = this.generation;
    const value = await load();
    if (value !== null && keep(value)) this.store(generation, [[id, value]]);
    return value;
  }

  /** The cached values of `ids`, the others from one `loadMany` (and kept, under the same rule as `get`). */
  async getMany(
    ids: readonly string[],
    loadMany: (missing: string[]) => Promise<V[]>,
    idOf: (value: V) => string,
  ): Promise<V[]> {
    const found: V[] = [];
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const hit = this.notifications.connected ? this.entries.get(id) : undefined;
      if (hit !== undefined) found.push(hit);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    const generation = this.generation;
    const loaded = await loadMany(missing);
    this.store(
      generation,
      loaded.map((value) => [idOf(value), value]),
    );
    return [...found, ...loaded];
  }

  /** Keeps what was loaded, unless a notice came in since the load began (or notices are not heard). */
  private store(generation: number, loaded: readonly (readonly [string, V])[]): void {
    if (!this.notifications.connected || generation !== this.generation) return;
    for (const [id, value] of loaded) {
      if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(id, value);
    }
  }

  forget(id: string): void {
    this.generation += 1;
    this.entries.delete(id);
  }

  forgetWhere(predicate: (value: V) => boolean): void {
    this.generation += 1;
    for (const [id, value] of this.entries) if (predicate(value)) this.entries.delete(id);
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  /** Runs a write, forgetting `id` before (readers in flight) and after (notice not yet heard). */
  async writing<T>(forget: () => void, write: () => Promise<T>): Promise<T> {
    forget();
    try {
      return await write();
    } finally {
      forget();
    }
  }
}
