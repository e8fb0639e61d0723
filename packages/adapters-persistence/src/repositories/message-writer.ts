import type { Message } from '@kindred/domain';
import type { Orm } from '../orm.js';
import { Batcher } from '../batcher.js';
import { UnavailableError } from '@kindred/domain';
import { Database, sql } from '../sql/sql.js';

const STORE = sql<[string, string], { id: string }>(
  `with input as (
     select * from jsonb_to_recordset($1::jsonb) as x(i int, id uuid, conversation_id uuid, sender_id uuid,
                                                       content text, client_message_id varchar, created_at timestamptz)),
   claim as (
     insert into client_message_ids (sender_id, client_message_id, message_id, created_at)
     select sender_id, client_message_id, id, created_at from input where client_message_id is not null order by i
     on conflict (sender_id, client_message_id) do update
       set message_id = excluded.message_id, created_at = excluded.created_at
       where client_message_ids.created_at < $2::timestamptz
     returning message_id),
   stored as (
     insert into messages (id, conversation_id, sender_id, content, client_message_id, created_at)
     select id, conversation_id, sender_id, content, client_message_id, created_at from input
      where client_message_id is null or id in (select message_id from claim)
      order by i
     returning seq, id, conversation_id, sender_id, created_at),
   touched as (
     update conversations c set updated_at = greatest(c.updated_at, latest.at)
       from (select conversation_id, max(created_at) as at from stored group by conversation_id) latest
      where c.id = latest.conversation_id
     returning 1),
   marked as (
     update conversation_participants p set read_up_to = own.id, read_up_to_seq = own.seq
       from (select distinct on (conversation_id, sender_id) conversation_id, sender_id, id, seq
               from stored order by conversation_id, sender_id, seq desc) own
      where p.conversation_id = own.conversation_id and p.user_id = own.sender_id and p.read_up_to_seq < own.seq
     returning 1)
   select id::text as id from stored`,
  { prepare: 'kindred_store_messages' },
);

interface Pending {
  readonly message: Message;
  readonly since: Date;
}

/**
 * Stores messages, many per statement: for each, claim its clientMessageId
 * (an expired claim is taken over, a live one wins), insert it, make it its
 * conversation's latest and its sender's read marker. Answers, per message,
 * whether it was stored (false: a live claim named another message).
 *
 * One batch at a time per process: two batches of one process never wait on
 * each other's row locks. Should a batch fail as a whole (a deadlock with
 * another process, a conversation deleted meanwhile), its messages are
 * written one by one, so one bad message does not fail the others.
 */
export class MessageWriter {
  private readonly batcher = new Batcher<Pending, boolean>((batch) => this.write(batch), {
    maxBatch: 500,
    maxConcurrent: 1,
  });

  private readonly db: Database;

  constructor(orm: Orm) {
    this.db = new Database(orm);
  }

  store(message: Message, since: Date): Promise<boolean> {
    return this.batcher.load({ message, since });
  }

  private async write(batch: Pending[]): Promise<boolean[]> {
    // Two messages of one sender under one clientMessageId in one statement would claim a row twice:
    // the later ones go in a statement of their own.
    const seen = new Set<string>();
    const first: Pending[] = [];
    const later: number[] = [];
    batch.forEach((p, i) => {
      const key =
        p.message.clientMessageId === null ? null : `${p.message.senderId}|${p.message.clientMessageId}`;
      if (key !== null && seen.has(key)) later.push(i);
      else {
        if (key !== null) seen.add(key);
        first.push(p);
      }
    });
    const results = new Map<Pending, boolean>();
    const firstResults = await this.writeDistinct(first);
    first.forEach((p, i) => results.set(p, firstResults[i]!));
    for (const i of later) results.set(batch[i]!, (await this.writeDistinct([batch[i]!]))[0]!);
    return batch.map((p) => results.get(p)!);
  }

  private async writeDistinct(batch: Pending[]): Promise<boolean[]> {
    if (batch.length === 0) return [];
    try {
      return await this.statement(batch);
    } catch (error) {
      if (batch.length === 1 || error instanceof UnavailableError) throw error;
      const one: boolean[] = [];
      for (const p of batch) one.push(...(await this.statement([p])));
      return one;
    }
  }

  private async statement(batch: Pending[]): Promise<boolean[]> {
    const since = new Date(Math.min(...batch.map((p) => p.since.getTime())));
    const input = batch.map(({ message: m }, i) => ({
      i,
      id: m.id,
      conversation_id: m.conversationId,
      sender_id: m.senderId,
      content: m.content,
      client_message_id: m.clientMessageId,
      created_at: m.createdAt.toISOString(),
    }));
    const stored = await this.db.rows(STORE, JSON.stringify(input), since.toISOString());
    const created = new Set(stored.map((r) => r.id));
    return batch.map((p) => created.has(p.message.id));
  }
}
