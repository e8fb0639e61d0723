import { afterAll, beforeAll, describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { markerAfterSending, movesForward, unreadFor, type Message, type Participant } from '@kindred/domain';
import { aUser } from '@kindred/domain/testing';
import { createTestDatabase } from '../../../../test-support/test-database.js';
import { createOrm, migrate, type Orm } from '../orm.js';
import { MikroOrmUserRepository } from './mikro-orm-user-repository.js';
import { SqlChatRepository } from './sql-chat-repository.js';

/**
 * SQL restates the read-marker rules for speed (the sender's marker moves
 * with the send, markers move forward only, unread = others' messages after
 * the marker). Random conversations of three members hold that SQL to the
 * domain's functions: after every step, markers and unread counts are what
 * `markerAfterSending`, `movesForward` and `unreadFor` say.
 */
let orm: Orm;
let chat: SqlChatRepository;
const MEMBERS = [1, 2, 3].map((n) => `00000000-0000-7000-8000-00000000000${n}`);

beforeAll(async () => {
  orm = await createOrm({ databaseUrl: await createTestDatabase('read_markers_prop') });
  await migrate(orm);
  const users = new MikroOrmUserRepository(orm);
  for (const id of MEMBERS) await users.add(aUser({ id }));
  chat = new SqlChatRepository(orm);
});
afterAll(() => orm?.close());

const step = fc.oneof(
  fc.record({ kind: fc.constant('send' as const), who: fc.nat({ max: 2 }) }),
  // Reads name a message by its position among those sent so far (modulo), or one that is not there.
  fc.record({ kind: fc.constant('read' as const), who: fc.nat({ max: 2 }), at: fc.nat({ max: 20 }) }),
  fc.record({ kind: fc.constant('read-unknown' as const), who: fc.nat({ max: 2 }) }),
);

let run = 0;

describe('read markers in SQL follow the domain’s rules', () => {
  test.prop([fc.array(step, { minLength: 1, maxLength: 25 })], { numRuns: 40 })(
    'markers and unread counts after every step',
    async (steps) => {
      run += 1;
      const conversationId = `00000000-0000-7000-9000-${run.toString(16).padStart(12, '0')}`;
      const at = (n: number) => new Date(Date.UTC(2026, 10, 22, 12, 0, 0, n));
      await chat.createGroup(
        {
          id: conversationId,
          kind: 'group',
          title: 'Trio',
          createdBy: MEMBERS[0]!,
          createdAt: at(0),
          updatedAt: at(0),
        },
        MEMBERS,
      );
      const messages: Message[] = [];
      let model: Pick<Participant, 'userId' | 'readUpTo'>[] = MEMBERS.map((userId) => ({
        userId,
        readUpTo: null,
      }));
      for (const [n, s] of steps.entries()) {
        const who = MEMBERS[s.who]!;
        if (s.kind === 'send') {
          const message: Message = {
            id: `00000000-0000-7000-a000-${(run * 100 + n).toString(16).padStart(12, '0')}`,
            conversationId,
            senderId: who,
            content: `m${n}`,
            clientMessageId: null,
            createdAt: at(n + 1),
          };
          await chat.append(message, at(0));
          messages.push(message);
          model = model.map((p) => markerAfterSending(p, message));
        } else if (s.kind === 'read' && messages.length > 0) {
          const target = messages[s.at % messages.length]!;
          const reader = model.find((p) => p.userId === who)!;
          const expected = movesForward(messages, reader.readUpTo, target.id) ? 'moved' : 'unchanged';
          expect(await chat.markRead(conversationId, who, target.id)).toBe(expected);
          if (expected === 'moved')
            model = model.map((p) => (p.userId === who ? { ...p, readUpTo: target.id } : p));
        } else if (s.kind === 'read-unknown') {
          expect(await chat.markRead(conversationId, who, '00000000-0000-7000-a000-ffffffffffff')).toBe(
            'unknown',
          );
        }
        const state = (await chat.get(conversationId))!;
        const unread = await chat.unreadIn(conversationId, MEMBERS);
        for (const participant of model) {
          expect(state.participants.find((p) => p.userId === participant.userId)?.readUpTo).toBe(
            participant.readUpTo,
          );
          expect(unread.get(participant.userId) ?? 0).toBe(unreadFor(messages, participant));
          const counts = await chat.unreadCounts(participant.userId);
          expect(counts.get(conversationId) ?? 0).toBe(unreadFor(messages, participant));
        }
      }
    },
  );
});
