import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '@kindred/domain';
import { aUser } from '@kindred/domain/testing';
import { createTestDatabase } from '../../../../test-support/test-database.js';
import { createOrm, migrate, type Orm } from '../orm.js';
import { MikroOrmUserRepository } from './mikro-orm-user-repository.js';
import { SqlChatRepository } from './sql-chat-repository.js';

/**
 * A member leaving a group while their own messages to it are being stored:
 * the message writer locks the conversation, then moves the sender's read
 * marker; leaving must take the same locks in the same order, or the two
 * deadlock and one of them fails (found by the OpenAPI fuzzer as a 500).
 */
let orm: Orm;
const MEMBERS = [1, 2, 3].map((n) => `00000000-0000-7000-8000-00000000000${n}`);
let chat: SqlChatRepository;
let writer: SqlChatRepository;

beforeAll(async () => {
  orm = await createOrm({ databaseUrl: await createTestDatabase('participant_removal') });
  await migrate(orm);
  const users = new MikroOrmUserRepository(orm);
  for (const id of MEMBERS) await users.add(aUser({ id }));
  chat = new SqlChatRepository(orm);
  writer = new SqlChatRepository(orm);
});
afterAll(() => orm?.close());

const id = (kind: string, n: number) => `00000000-0000-7000-${kind}-${n.toString(16).padStart(12, '0')}`;

describe('leaving a group', () => {
  it('never deadlocks with the leaver’s own messages being stored', async () => {
    const at = new Date(Date.UTC(2026, 10, 22, 12));
    const leaver = MEMBERS[1]!;
    for (let round = 0; round < 60; round++) {
      const conversationId = id('9000', round);
      await chat.createGroup(
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
      const sends = Array.from({ length: 4 }, (_, k) => {
        const message: Message = {
          id: id('a000', round * 10 + k),
          conversationId,
          senderId: leaver,
          content: `m${k}`,
          clientMessageId: null,
          createdAt: at,
        };
        return writer.append(message, at);
      });
      const left = chat.removeParticipant(conversationId, leaver, at);
      const results = await Promise.allSettled([...sends, left]);
      expect(results.filter((r) => r.status === 'rejected').map((r) => String(r.reason))).toEqual([]);
      expect(await left).toBe(true);
    }
  });
});
