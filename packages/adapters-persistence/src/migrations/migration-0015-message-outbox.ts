import { Migration } from '@mikro-orm/migrations';

/**
 * A message and its frames in one commit, positions in commit order, and a
 * smaller footprint per message (ADR 0009).
 *
 * - `conversations.last_seq` numbers each conversation's messages. A batch
 *   locks the counters of its conversations (in id order) and holds them to
 *   its commit, so a message with a lower position never commits after one
 *   with a higher: an `after=` reader cannot skip it. Old messages keep their
 *   global numbers; each counter starts at its conversation's highest.
 * - The clientMessageId claim moves into `messages`: a unique index on the
 *   sender and the key while `client_message_live` (the key of a message older
 *   than 24 h is given up when it is reused; the message still shows it). The
 *   index leads with `sender_id`, so it also serves what `messages_sender_idx`
 *   did (deleting a member's messages). `client_message_ids` goes.
 * - `events` keeps, for the frames of the outbox, a reference instead of the
 *   rendered frame: `message_id` (a `message.new`) or `notification_id` (a
 *   `notification`), rendered again on replay; their `type` is the
 *   reference's. A row is a rendered frame (`type` and `data`) or exactly one
 *   reference.
 * - Frames are found by `(user_id, seq >> 6)`: not unique, so B-tree
 *   deduplication keeps one key per member and 64 frames, ~7 bytes a frame
 *   where the `(user_id, seq)` primary key took 72 (36-byte entries in pages
 *   left half full: every member's frames are appended at a point of their
 *   own). A replay reads at most 63 frames before `since` more. Ids stay unique
 *   by the counter in `event_streams`. Pruning reads `created_at` through a
 *   BRIN index: rows arrive in time order.
 */
export class Migration0015MessageOutbox extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table conversations add column last_seq bigint not null default 0');
    this.addSql(
      `update conversations c set last_seq = m.seq
         from (select conversation_id, max(seq) as seq from messages group by conversation_id) m
        where m.conversation_id = c.id`,
    );
    this.addSql('alter table messages alter column seq drop identity if exists');
    this.addSql('alter table messages add column client_message_live boolean not null default true');
    this.addSql(
      `update messages m set client_message_live = false
        where m.client_message_id is not null
          and not exists (select 1 from client_message_ids k
                           where k.sender_id = m.sender_id and k.client_message_id = m.client_message_id
                             and k.message_id = m.id)`,
    );
    this.addSql(
      `create unique index messages_client_message_idx
         on messages (sender_id, (case when client_message_live then client_message_id end))`,
    );
    this.addSql('drop index messages_sender_idx');
    this.addSql('drop table client_message_ids');
    this.addSql(
      'create unique index messages_conversation_position_idx on messages (conversation_id, seq) include (sender_id)',
    );
    this.addSql('drop index messages_conversation_seq_idx');

    this.addSql('alter table events alter column data drop not null, alter column type drop not null');
    this.addSql('alter table events add column message_id uuid null, add column notification_id uuid null');
    this.addSql(
      `alter table events add constraint events_one_payload check (
         case when data is null then type is null and num_nonnulls(message_id, notification_id) = 1
              else type is not null and message_id is null and notification_id is null end)`,
    );
    this.addSql('create index events_stream_idx on events (user_id, (seq >> 6))');
    this.addSql('alter table events drop constraint events_pkey');
    this.addSql('drop index events_created_idx');
    this.addSql('create index events_created_brin on events using brin (created_at)');
  }

  override async down(): Promise<void> {
    this.addSql('delete from events where data is null');
    this.addSql('drop index events_created_brin');
    this.addSql('create index events_created_idx on events (created_at)');
    this.addSql('alter table events add primary key (user_id, seq)');
    this.addSql('drop index events_stream_idx');
    this.addSql('alter table events drop constraint events_one_payload');
    this.addSql('alter table events drop column message_id, drop column notification_id');
    this.addSql('alter table events alter column data set not null, alter column type set not null');

    this.addSql(
      'create index messages_conversation_seq_idx on messages (conversation_id, seq) include (sender_id)',
    );
    this.addSql('drop index messages_conversation_position_idx');
    this.addSql(`
      create table client_message_ids (
        sender_id uuid not null references users (id) on delete cascade,
        client_message_id varchar(64) not null,
        message_id uuid not null,
        created_at timestamptz not null,
        primary key (sender_id, client_message_id)
      )`);
    this.addSql(
      `insert into client_message_ids (sender_id, client_message_id, message_id, created_at)
       select sender_id, client_message_id, id, created_at from messages
        where client_message_id is not null and client_message_live`,
    );
    this.addSql('create index messages_sender_idx on messages (sender_id)');
    this.addSql('drop index messages_client_message_idx');
    this.addSql('alter table messages drop column client_message_live');
    this.addSql('alter table messages alter column seq add generated always as identity');
    this.addSql(
      `select setval(pg_get_serial_sequence('messages', 'seq'), (select coalesce(max(seq), 0) + 1 from messages), false)`,
    );
    this.addSql('alter table conversations drop column last_seq');
  }
}
