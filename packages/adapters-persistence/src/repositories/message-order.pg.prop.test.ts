import { afterAll, beforeAll, describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Message } from '@kindred/domain';
import { aUser } from '@kindred/domain/testing';
import { createTestDatabase } from '../../../../test-support/test-database.js';
import { createOrm, migrate, type Orm } from '../orm.js';
import { MikroOrmUserRepository } from './mikro-orm-user-repository.js';
import { SqlChatRepository } from './sql-chat-repository.js';

/**
 * Paging with `after=` trusts positions: a reader that saw position n never
 * asks for less again, so a message committed later at a lower position
 * would be skipped for good. Several writers (each repository batches on its
 * own, so their transactions overlap) send into one conversation while
 * readers page forward from the start as fast as they can; every reader must
 * end with the whole history, in order, nothing skipped or seen twice.
 */
let orm: Orm;
const MEMBERS = [1, 2, 3, 4].map((n) => `00000000-0000-7000-8000-00000000000${n}`);
const WRITERS = 6;
let writers: SqlChatRepository[];
let reader: SqlChatRepository;

beforeAll(async () => {
  orm = await createOrm({ databaseUrl: await createTestDatabase('message_order_prop') });
  await migrate(orm);
  const users = new MikroOrmUserRepository(orm);
  for (const id of MEMBERS) await users.add(aUser({ id }));
  writers = Array.from({ length: WRITERS }, () => new SqlChatRepository(orm));
  reader = new SqlChatRepository(orm);
});
afterAll(() => orm?.close());

let run = 0;
const id = (kind: string, n: number) => `00000000-0000-7000-${kind}-${n.toString(16).padStart(12, '0')}`;

describe('message positions follow commit order', () => {
  test.prop(
    [
      fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 2, maxLength: WRITERS }),
      fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
    ],
    { numRuns: 15 },
  )('an after= reader never skips a message', async (sendsPerWriter, readerPages) => {
    run += 1;
    const conversationId = id('9000', run);
    const at = new Date(Date.UTC(2026, 10, 22, 12));
    await reader.createGroup(
      {
        id: conversationId,
        kind: 'group',
        title: 'Race',
        createdBy: MEMBERS[0]!,
        createdAt: at,
        updatedAt: at,
      },
      MEMBERS,
    );
    let sending = true;
    const sends = sendsPerWriter.map(async (count, w) => {
      for (let k = 0; k < count; k++) {
        const message: Message = {
          id: id('a000', run * 1000 + w * 50 + k),
          conversationId,
          senderId: MEMBERS[w % MEMBERS.length]!,
          content: `w${w} k${k}`,
          clientMessageId: null,
          createdAt: at,
        };
        await writers[w]!.append(message, at);
      }
    });
    const reads = readerPages.map(async (limit) => {
      const seen: string[] = [];
      for (;;) {
        const done = !sending; // read once more after the last commit
        const page = (await reader.messages(conversationId, {
          direction: 'after',
          from: seen.at(-1) ?? null,
          limit,
        }))!;
        seen.push(...page.items.map((m) => m.id));
        if (done && !page.hasMore && page.items.length === 0) return seen;
      }
    });
    await Promise.all(sends);
    sending = false;
    const seenByReaders = await Promise.all(reads);

    const all = (await reader.messages(conversationId, { direction: 'after', from: null, limit: 100 }))!;
    const history = all.items.map((m) => m.id);
    expect(history).toHaveLength(sendsPerWriter.reduce((a, b) => a + b, 0));
    for (const seen of seenByReaders) expect(seen).toEqual(history);
  });
});
