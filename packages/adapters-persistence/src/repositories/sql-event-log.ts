import type { Delivery, EventLog, Frame } from '@kindred/domain';
import type { Orm } from '../orm.js';
import { Batcher } from '../batcher.js';
import { parseTimestamp } from '../schemas/timestamps.js';
import { isUuid } from '../schemas/uuid.js';
import { Database, sql } from '../sql/sql.js';

const ID = /^\d{1,18}$/;

const APPEND = sql<[string], { i: number; seq: string }>(
  `with input as (
     select * from jsonb_to_recordset($1::jsonb) as x(i int, user_id uuid, type text, data jsonb, at timestamptz)
      where exists (select 1 from users u where u.id = x.user_id)),
   counts as (select user_id, count(*) as n from input group by user_id order by user_id),
   bumped as (
     insert into event_streams (user_id, last_seq) select user_id, n from counts order by user_id
     on conflict (user_id) do update set last_seq = event_streams.last_seq + excluded.last_seq
     returning user_id, last_seq),
   numbered as (
     select input.*, bumped.last_seq - count(*) over w + row_number() over (w order by input.i) as seq
       from input join bumped using (user_id)
     window w as (partition by input.user_id)),
   stored as (
     insert into events (user_id, seq, type, data, created_at)
     select user_id, seq, type, data, at from numbered returning 1)
   select i, seq::text as seq from numbered`,
  { prepare: 'kindred_append_events' },
);
const BOUNDS = sql<[string], { last: string | null; first: string | null }>(
  `select (select last_seq from event_streams where user_id = $1)::text as last,
          (select min(seq) from events where user_id = $1)::text as first`,
);
const AFTER = sql<[string, string, number], { id: string; type: string; data: unknown; at: string | Date }>(
  `select seq::text as id, type, data, created_at as at from events
    where user_id = $1 and seq > $2::bigint order by seq limit $3`,
);
const LAST_ID = sql<[string], { last: string }>(
  'select last_seq::text as last from event_streams where user_id = $1',
);
const PRUNE = sql<[Date]>('delete from events where created_at < $1');

interface Entry {
  readonly userId: string;
  readonly type: string;
  readonly data: unknown;
  readonly at: Date;
}

/**
 * Replayable frames per member. Ids are the member's own sequence
 * (`event_streams.last_seq`, bumped in the same statement that stores the
 * frames): the row lock on the member's counter orders concurrent appends,
 * so a frame with a higher id is never committed before one with a lower id.
 * Counters are taken in user-id order, so appends for overlapping members
 * cannot deadlock.
 */
export class SqlEventLog implements EventLog {
  private readonly db: Database;

  constructor(orm: Orm) {
    this.db = new Database(orm);
  }

  append(entries: readonly Entry[]): Promise<Delivery[]> {
    if (entries.length === 0) return Promise.resolve([]);
    return this.batch.load(entries);
  }

  /** Frames of concurrent appends go in one statement (each member's counter is bumped once per statement). */
  private readonly batch = new Batcher<readonly Entry[], Delivery[]>(async (groups) => {
    const deliveries = await this.appendNow(groups.flat());
    let at = 0;
    return groups.map((group) => deliveries.slice(at, (at += group.length)).filter((d) => d !== null));
  });

  /** One delivery per entry, in order; null for a member deleted meanwhile. */
  private async appendNow(entries: readonly Entry[]): Promise<(Delivery | null)[]> {
    const input = entries
      .map((e, i) => ({ i, user_id: e.userId, type: e.type, data: e.data, at: e.at.toISOString() }))
      .filter((e) => isUuid(e.user_id));
    const rows = await this.db.rows(APPEND, JSON.stringify(input));
    const deliveries: (Delivery | null)[] = entries.map(() => null);
    for (const { i, seq } of rows) {
      const e = entries[i]!;
      deliveries[i] = {
        userId: e.userId,
        frame: { type: e.type, data: e.data, id: seq, at: e.at.toISOString() },
      };
    }
    return deliveries;
  }

  async after(userId: string, since: string, limit: number): Promise<Frame[] | null> {
    if (!ID.test(since) || !isUuid(userId)) return null;
    const bounds = await this.db.first(BOUNDS, userId);
    const asked = BigInt(since);
    const last = BigInt(bounds?.last ?? 0);
    if (asked > last) return null; // never given out
    // Pruned: the frame right after `since` is gone although later ones were stored.
    if (asked < last && (bounds?.first == null || asked + 1n < BigInt(bounds.first))) return null;
    const rows = await this.db.rows(AFTER, userId, since, limit);
    return rows.map((r) => ({
      type: r.type,
      data: r.data,
      id: r.id,
      at: parseTimestamp(r.at).toISOString(),
    }));
  }

  async lastId(userId: string): Promise<string | null> {
    if (!isUuid(userId)) return null;
    return (await this.db.first(LAST_ID, userId))?.last ?? null;
  }

  prune(olderThan: Date): Promise<number> {
    return this.db.run(PRUNE, olderThan);
  }
}
