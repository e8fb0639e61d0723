import type { LoggedWithMessage, Message, MessageOutbox, Notification } from '@kindred/domain';
import type { Orm } from '../orm.js';
import { Batcher } from '../batcher.js';
import { UnavailableError } from '@kindred/domain';
import { Database, sql } from '../sql/sql.js';
import { isUuid, onlyUuids } from '../schemas/uuid.js';

/**
 * One statement per batch: the messages, their positions, their frames in
 * every recipient's event log, their notices and the notices' frames, so
 * that all of it commits or none does (the outbox, ADR 0009).
 *
 * $1: the messages, $2: the candidate notices (`i` is their message's place
 * in $1). A clientMessageId taken (a conflict) is settled after it: see
 * `takeOver`.
 */
const STORE = sql<
  [string, string],
  { id: string; frames: { userId: string; id: string; notice: string | null }[] }
>(
  `with input as (
     select * from jsonb_to_recordset($1::jsonb) as x(i int, id uuid, conversation_id uuid, sender_id uuid,
                                                       content text, client_message_id varchar, created_at timestamptz,
                                                       recipients uuid[])),
   notice_input as (select * from jsonb_to_recordset($2::jsonb) as x(i int, id uuid, user_id uuid)),
   -- Positions in commit order: each conversation's counter stays locked (taken in id order) until commit.
   locked as materialized (
     select c.id, c.last_seq from conversations c
      where c.id in (select conversation_id from input)
      order by c.id
        for no key update),
   positioned as (
     select input.*, locked.last_seq + row_number() over (partition by input.conversation_id order by input.i) as seq
       from input join locked on locked.id = input.conversation_id
      -- A sender whose account was deleted meanwhile: not stored (the caller answers CONVERSATION_NOT_FOUND).
      where exists (select 1 from users u where u.id = input.sender_id)),
   stored as (
     insert into messages (seq, id, conversation_id, sender_id, content, client_message_id, created_at)
     select seq, id, conversation_id, sender_id, content, client_message_id, created_at from positioned
      order by i
     on conflict (sender_id, (case when client_message_live then client_message_id end)) do nothing
     returning seq, id, conversation_id, sender_id, created_at),
   touched as (
     update conversations c set updated_at = greatest(c.updated_at, latest.at), last_seq = greatest(c.last_seq, latest.seq)
       from (select conversation_id, max(created_at) as at, max(seq) as seq from stored group by conversation_id) latest
      where c.id = latest.conversation_id
     returning 1),
   marked as (
     update conversation_participants p set read_up_to = own.id, read_up_to_seq = own.seq
       from (select distinct on (conversation_id, sender_id) conversation_id, sender_id, id, seq
               from stored order by conversation_id, sender_id, seq desc) own
      where p.conversation_id = own.conversation_id and p.user_id = own.sender_id and p.read_up_to_seq < own.seq
     returning 1),
   -- One unread message notice per member and conversation; in key order, so that batches wait rather than deadlock.
   noticed as (
     insert into notifications (id, user_id, type, actor_id, conversation_id, created_at, read_at)
     select n.id, n.user_id, 'message', s.sender_id, s.conversation_id, s.created_at, null
       from notice_input n join input on input.i = n.i join stored s on s.id = input.id
      where exists (select 1 from users u where u.id = n.user_id)
      order by n.user_id, s.conversation_id
     on conflict (user_id, conversation_id) where type = 'message' and read_at is null do nothing
     returning id),
   entries as (
     select input.i, 0 as k, r.user_id, s.id as message_id, null::uuid as notification_id, s.created_at as at
       from stored s join input on input.id = s.id cross join lateral unnest(input.recipients) as r(user_id)
      where exists (select 1 from users u where u.id = r.user_id)
     union all
     select n.i, 1, n.user_id, null, n.id, input.created_at
       from noticed join notice_input n on n.id = noticed.id join input on input.i = n.i),
   counts as (select user_id, count(*) as n from entries group by user_id),
   -- Each member's counter bumped once, in user-id order, as every append of the event log does.
   bumped as (
     insert into event_streams (user_id, last_seq) select user_id, n from counts order by user_id
     on conflict (user_id) do update set last_seq = event_streams.last_seq + excluded.last_seq
     returning user_id, last_seq),
   numbered as (
     select entries.*, bumped.last_seq - count(*) over w + row_number() over (w order by entries.i, entries.k) as seq
       from entries join bumped using (user_id)
     window w as (partition by entries.user_id)),
   logged as (
     insert into events (user_id, seq, message_id, notification_id, created_at)
     select user_id, seq, message_id, notification_id, at from numbered
     returning 1)
   select s.id::text as id,
          coalesce(json_agg(json_build_object('userId', n.user_id, 'id', n.seq::text, 'notice', n.notification_id)
                            order by n.k) filter (where n.user_id is not null), '[]') as frames
     from stored s join input on input.id = s.id left join numbered n on n.i = input.i
    group by s.id`,
  { prepare: 'kindred_store_messages_with_outbox' },
);

/**
 * Gives up a key claimed before the window by the message holding it (which
 * still shows it). Apart from the batch statement on purpose: it runs only
 * after a conflict, and in the batch's generic plan it was a scan of every
 * message (measured: 1.3 → 2.7 ms per statement over the first 24,000 messages).
 */
const RELEASE = sql<[string, string, string]>(
  `update messages set client_message_live = false
    where sender_id = $1 and (case when client_message_live then client_message_id end) = $2
      and created_at < $3::timestamptz`,
);

interface Pending {
  readonly message: Message;
  readonly since: Date;
  readonly outbox: MessageOutbox;
}

/** null: not stored (a live claim of its clientMessageId named another message). */
export type Stored = LoggedWithMessage | null;

/**
 * Stores messages, many per statement: for each, claim its clientMessageId
 * (an expired claim is taken over, a live one wins), insert it at its
 * conversation's next position, make it its conversation's latest and its
 * sender's read marker, and write its outbox. Answers, per message, what
 * was logged with it, or null when it was not stored.
 *
 * Two batches at a time per process, as two processes' batches already
 * run: each takes its conversations' counters in id order and its members'
 * event-log counters in user-id order, so batches of one conversation wait
 * for each other (positions stay in commit order) and others pass (bench:chat
 * on this 2-core VM: sustained 4,550–5,000 messages/s with one at a time,
 * 5,100–5,700 with two). Should a batch fail as a whole (a conversation deleted
 * meanwhile), its messages are written one by one, so one bad message does
 * not fail the others.
 */
export class MessageWriter {
  private readonly batcher = new Batcher<Pending, Stored>((batch) => this.write(batch), {
    maxBatch: 500,
    maxConcurrent: 2,
  });

  private readonly db: Database;

  constructor(orm: Orm) {
    this.db = new Database(orm);
  }

  store(message: Message, since: Date, outbox: MessageOutbox): Promise<Stored> {
    return this.batcher.load({ message, since, outbox });
  }

  /** Two sends of one sender under one key in a batch: the insert keeps the first, the other answers it. */
  private async write(batch: Pending[]): Promise<Stored[]> {
    if (batch.length === 0) return [];
    try {
      return await this.statement(batch);
    } catch (error) {
      if (batch.length === 1 || error instanceof UnavailableError) throw error;
      const one: Stored[] = [];
      for (const p of batch) one.push(...(await this.statement([p])));
      return one;
    }
  }

  private async statement(batch: Pending[]): Promise<Stored[]> {
    const results = await this.once(batch);
    // Not stored under a key a message older than the window holds: the key is taken over, the message written again.
    for (const [i, { message, since }] of batch.entries()) {
      if (results[i] !== null || message.clientMessageId === null) continue;
      if ((await this.db.run(RELEASE, message.senderId, message.clientMessageId, since.toISOString())) > 0)
        results[i] = (await this.once([batch[i]!]))[0]!;
    }
    return results;
  }

  private async once(batch: Pending[]): Promise<Stored[]> {
    const input = batch.map(({ message: m, outbox }, i) => ({
      i,
      id: m.id,
      conversation_id: m.conversationId,
      sender_id: m.senderId,
      content: m.content,
      client_message_id: m.clientMessageId,
      created_at: m.createdAt.toISOString(),
      recipients: onlyUuids(outbox.recipients),
    }));
    const notices = batch.flatMap(({ outbox }, i) =>
      outbox.notices.filter((n) => isUuid(n.userId)).map((n) => ({ i, id: n.id, user_id: n.userId })),
    );
    // A member deleted while this runs is left out when the Database runs it once more (sql/sql.ts).
    const rows = await this.db.rows(STORE, JSON.stringify(input), JSON.stringify(notices));
    const byId = new Map(rows.map((r) => [r.id, r.frames]));
    return batch.map(({ message, outbox }) => {
      const frames = byId.get(message.id);
      if (!frames) return null;
      const candidates = new Map<string, Notification>(outbox.notices.map((n) => [n.id, n]));
      return {
        frames: new Map(frames.filter((f) => f.notice === null).map((f) => [f.userId, f.id])),
        notices: frames.flatMap((f) =>
          f.notice === null ? [] : [{ notification: candidates.get(f.notice)!, frameId: f.id }],
        ),
      };
    });
  }
}
