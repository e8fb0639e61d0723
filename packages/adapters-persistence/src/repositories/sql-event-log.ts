import type { Delivery, EventLog, Frame } from '@kindred/domain';
import type { Orm } from '../orm.js';
import { translating } from '../database-errors.js';
import { preparedRows } from '../prepared-query.js';
import { Batcher } from '../batcher.js';
import { parseTimestamp } from '../schemas/select-columns.js';

const ID = /^\d{1,18}$/;

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
  constructor(private readonly orm: Orm) {}

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
  private appendNow(entries: readonly Entry[]): Promise<(Delivery | null)[]> {
    return translating(async () => {
      const input = entries.map((e, i) => ({
        i,
        user_id: e.userId,
        type: e.type,
        data: e.data,
        at: e.at.toISOString(),
      }));
      const rows = await preparedRows<{ i: number; seq: string }>(
        this.orm,
        'kindred_append_events',
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
        [JSON.stringify(input)],
      );
      const deliveries: (Delivery | null)[] = entries.map(() => null);
      for (const { i, seq } of rows) {
        const e = entries[i]!;
        deliveries[i] = {
          userId: e.userId,
          frame: { type: e.type, data: e.data, id: seq, at: e.at.toISOString() },
        };
      }
      return deliveries;
    });
  }

  after(userId: string, since: string, limit: number): Promise<Frame[] | null> {
    if (!ID.test(since)) return Promise.resolve(null);
    return translating(async () => {
      const connection = this.orm.em.getConnection();
      const [bounds] = (await connection.execute(
        `select (select last_seq from event_streams where user_id = ?)::text as last,
                (select min(seq) from events where user_id = ?)::text as first`,
        [userId, userId],
      )) as { last: string | null; first: string | null }[];
      const asked = BigInt(since);
      const last = BigInt(bounds?.last ?? 0);
      if (asked > last) return null; // never given out
      // Pruned: the frame right after `since` is gone although later ones were stored.
      if (asked < last && (bounds?.first == null || asked + 1n < BigInt(bounds.first))) return null;
      const rows = (await connection.execute(
        `select seq::text as id, type, data, created_at as at from events
          where user_id = ? and seq > ? order by seq limit ?`,
        [userId, since, limit],
      )) as { id: string; type: string; data: unknown; at: string | Date }[];
      return rows.map((r) => ({
        type: r.type,
        data: r.data,
        id: r.id,
        at: parseTimestamp(r.at).toISOString(),
      }));
    });
  }

  lastId(userId: string): Promise<string | null> {
    return translating(async () => {
      const rows = (await this.orm.em
        .getConnection()
        .execute('select last_seq::text as last from event_streams where user_id = ?', [userId])) as {
        last: string;
      }[];
      return rows[0]?.last ?? null;
    });
  }

  prune(olderThan: Date): Promise<number> {
    return translating(async () => {
      const result = await this.orm.em
        .getConnection()
        .execute<{ affectedRows: number }>('delete from events where created_at < ?', [olderThan], 'run');
      return result.affectedRows;
    });
  }
}
