import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError, type Message } from '@kindred/domain';
import { aUser } from '@kindred/domain/testing';
import { createTestDatabase } from '../../../../test-support/test-database.js';
import { createOrm, migrate, type Orm } from '../orm.js';
import { MikroOrmUserRepository } from './mikro-orm-user-repository.js';
import { SqlChatRepository } from './sql-chat-repository.js';
import { SqlSocialRepository } from './sql-social-repository.js';

/**
 * A member deleting their account while messages to and from them are being
 * stored: the deletion's cascades and the message writer take row locks in
 * different orders. Whichever loses a deadlock is run again (sql/sql.ts), so
 * every call ends as the domain says — stored, or CONVERSATION_NOT_FOUND once
 * the account is gone — and never with a database error.
 */
let orm: Orm;
let users: MikroOrmUserRepository;
let chat: SqlChatRepository;
let social: SqlSocialRepository;

beforeAll(async () => {
  orm = await createOrm({ databaseUrl: await createTestDatabase('account_deletion_race'), poolSize: 6 });
  await migrate(orm);
  users = new MikroOrmUserRepository(orm);
  chat = new SqlChatRepository(orm);
  social = new SqlSocialRepository(orm);
});
afterAll(() => orm?.close());

const id = (kind: string, n: number) => `00000000-0000-7000-${kind}-${n.toString(16).padStart(12, '0')}`;

/** Counts how each call ended: done, the domain error's code, or anything else (a database error). */
function tally(outcomes: Map<string, number>, results: PromiseSettledResult<unknown>[]): void {
  for (const result of results) {
    const outcome =
      result.status === 'fulfilled'
        ? 'done'
        : result.reason instanceof DomainError
          ? result.reason.code
          : `unexpected: ${String(result.reason)}`;
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
}

describe('deleting an account while its conversations are busy', () => {
  it('ends every send as stored or CONVERSATION_NOT_FOUND, never a database error', async () => {
    const at = new Date(Date.UTC(2026, 11, 2, 12));
    const outcomes = new Map<string, number>();
    for (let round = 0; round < 25; round++) {
      const [leaving, staying, third] = [1, 2, 3].map((k) => id('8000', round * 10 + k)) as [
        string,
        string,
        string,
      ];
      for (const user of [leaving, staying, third]) await users.add(aUser({ id: user }));
      const conversationId = id('9000', round);
      await chat.createGroup(
        {
          id: conversationId,
          kind: 'group',
          title: 'Race',
          createdBy: staying,
          createdAt: at,
          updatedAt: at,
        },
        [leaving, staying, third],
      );
      const sends = Array.from({ length: 6 }, (_, k) => {
        const senderId = k % 2 === 0 ? leaving : staying;
        const message: Message = {
          id: id('a000', round * 10 + k),
          conversationId,
          senderId,
          content: `m${k}`,
          clientMessageId: null,
          createdAt: at,
        };
        const others = [leaving, staying, third].filter((u) => u !== senderId);
        return chat.append(message, at, {
          recipients: others,
          notices: others.map((userId, n) => ({
            id: id('c000', round * 100 + k * 10 + n),
            userId,
            type: 'message' as const,
            actorId: senderId,
            conversationId,
            createdAt: at,
            readAt: null,
          })),
        });
      });
      tally(outcomes, await Promise.allSettled([...sends, users.delete(leaving)]));
      expect(await users.findById(leaving)).toBeNull();
    }
    expect([...outcomes.keys()].filter((k) => k !== 'done' && k !== 'CONVERSATION_NOT_FOUND')).toEqual([]);
    expect(outcomes.get('done')).toBeGreaterThan(0);
  });
});

describe('deleting an account while others act on it, and it on them', () => {
  it('ends every like, block, report and visit as done, USER_NOT_FOUND or UNAUTHENTICATED', async () => {
    const at = new Date(Date.UTC(2026, 11, 2, 12));
    const outcomes = new Map<string, number>();
    for (let round = 0; round < 25; round++) {
      const [leaving, a, b] = [1, 2, 3].map((k) => id('8000', 1000 + round * 10 + k)) as [
        string,
        string,
        string,
      ];
      for (const user of [leaving, a, b]) await users.add(aUser({ id: user }));
      // Both ways: the others act on the member leaving, and the member leaving acts on them.
      const acts = [a, b].flatMap((other) => [
        social.like(other, leaving, at),
        social.visit(other, leaving, at, 0),
        social.report(other, leaving, 'fake', at),
        social.block(other, leaving, at),
        social.like(leaving, other, at),
        social.visit(leaving, other, at, 0),
        social.report(leaving, other, 'fake', at),
      ]);
      tally(outcomes, await Promise.allSettled([...acts, users.delete(leaving)]));
    }
    expect(
      [...outcomes.keys()].filter((k) => !['done', 'USER_NOT_FOUND', 'UNAUTHENTICATED'].includes(k)),
    ).toEqual([]);
    expect(outcomes.get('done')).toBeGreaterThan(0);
  });
});
