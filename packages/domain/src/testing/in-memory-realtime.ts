import type {
  Delivery,
  DomainEvent,
  EventBus,
  EventLog,
  LoggedFrame,
  PresenceRegistry,
} from '../ports/realtime.js';

/** Replayable frames per member in memory, ids counting up per member. */
export class InMemoryEventLog implements EventLog {
  private readonly streams = new Map<string, { last: number; frames: LoggedFrame[] }>();

  async append(
    entries: readonly { userId: string; type: string; data: unknown; at: Date }[],
  ): Promise<Delivery[]> {
    return entries.map((e) => {
      const id = this.next(e.userId);
      const frame = { type: e.type, data: e.data, id, at: e.at.toISOString() };
      this.streams.get(e.userId)!.frames.push(frame);
      return { userId: e.userId, frame };
    });
  }

  /** An outbox's entries: the events themselves, rendered when replayed. Answers their ids. */
  log(entries: readonly { userId: string; event: DomainEvent; at: Date }[]): string[] {
    return entries.map((e) => {
      const id = this.next(e.userId);
      this.streams.get(e.userId)!.frames.push({ id, at: e.at.toISOString(), event: e.event });
      return id;
    });
  }

  private next(userId: string): string {
    const stream = this.streams.get(userId) ?? { last: 0, frames: [] };
    this.streams.set(userId, stream);
    stream.last += 1;
    return String(stream.last);
  }

  async after(userId: string, since: string, limit: number): Promise<LoggedFrame[] | null> {
    if (!/^\d{1,15}$/.test(since)) return null;
    const asked = Number(since);
    const stream = this.streams.get(userId) ?? { last: 0, frames: [] };
    if (asked > stream.last) return null;
    const first = stream.frames[0] ? Number(stream.frames[0].id) : null;
    if (asked < stream.last && (first === null || asked + 1 < first)) return null;
    return stream.frames.filter((f) => Number(f.id) > asked).slice(0, limit);
  }

  async lastId(userId: string): Promise<string | null> {
    const stream = this.streams.get(userId);
    return stream ? String(stream.last) : null;
  }

  async prune(olderThan: Date): Promise<number> {
    let pruned = 0;
    for (const stream of this.streams.values()) {
      const keep = stream.frames.filter((f) => new Date(f.at) >= olderThan);
      pruned += stream.frames.length - keep.length;
      stream.frames = keep;
    }
    return pruned;
  }
}

/** Delivers to this process's subscribers only: one node, or an embedded domain. */
export class InProcessEventBus implements EventBus {
  private readonly handlers = new Set<(deliveries: readonly Delivery[]) => void>();

  async publish(deliveries: readonly Delivery[]): Promise<void> {
    for (const handler of this.handlers) handler(deliveries);
  }

  subscribe(handler: (deliveries: readonly Delivery[]) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
}

/** Socket counts of one process. */
export class InMemoryPresence implements PresenceRegistry {
  private readonly sockets = new Map<string, number>();

  /** `users`, when given, read members as online while a socket of theirs is open. */
  constructor(private readonly users?: { setOnline(userId: string, online: boolean): void }) {}

  async connected(userId: string): Promise<boolean> {
    const n = (this.sockets.get(userId) ?? 0) + 1;
    this.sockets.set(userId, n);
    if (n === 1) this.users?.setOnline(userId, true);
    return n === 1;
  }

  async disconnected(userId: string): Promise<boolean> {
    const n = (this.sockets.get(userId) ?? 0) - 1;
    if (n > 0) this.sockets.set(userId, n);
    else {
      this.sockets.delete(userId);
      this.users?.setOnline(userId, false);
    }
    return n <= 0;
  }

  async isOnline(userId: string): Promise<boolean> {
    return this.sockets.has(userId);
  }
}
