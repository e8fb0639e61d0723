import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { DomainError } from '../errors.js';
import { createInMemoryPorts } from '../testing/in-memory-ports.js';
import { aUser } from '../testing/user-fixtures.js';
import { CountUnread } from './count-unread.js';
import { CreateGroup } from './create-group.js';
import { MarkConversationRead } from './mark-conversation-read.js';
import { SendMessage } from './send-message.js';

const MEMBERS = ['a', 'b', 'c', 'd'].map((x, i) => ({
  id: `00000000-0000-7000-8000-00000000000${i + 1}`,
  username: `member_${x}`,
}));

/** One step of a random chat: someone sends, or reads up to some message, or is (un)connected. */
const step = fc.oneof(
  fc.record({ kind: fc.constant('send' as const), who: fc.nat(3), key: fc.option(fc.nat(3), { nil: null }) }),
  fc.record({ kind: fc.constant('read' as const), who: fc.nat(3), which: fc.nat(50) }),
  fc.record({ kind: fc.constant('unlike' as const), who: fc.nat(3), whom: fc.nat(3) }),
  fc.record({ kind: fc.constant('block' as const), who: fc.nat(3), whom: fc.nat(3) }),
);

describe('chat rules', () => {
  test.prop([fc.array(step, { maxLength: 40 })], { numRuns: 100 })(
    'only connected participants write; clientMessageIds never duplicate; unread counts = others’ messages after the read marker',
    async (steps) => {
      const ports = createInMemoryPorts();
      for (const m of MEMBERS) await ports.users.add(aUser(m));
      // a, b, c are connected pairwise; d is connected with nobody and never in the group.
      for (const x of MEMBERS.slice(0, 3))
        for (const y of MEMBERS.slice(0, 3))
          if (x !== y) await ports.social.like(x.id, y.id, ports.clock.now());
      const group = await new CreateGroup(ports).execute({
        creatorId: MEMBERS[0]!.id,
        title: 'g',
        participants: [MEMBERS[1]!.username, MEMBERS[2]!.username],
      });
      const direct = (
        await new SendMessage(ports).execute({
          senderId: MEMBERS[0]!.id,
          to: { userRef: MEMBERS[1]!.username },
          content: 'hi',
        })
      ).message.conversationId;
      // The model: every stored message in order, and each member's read position per conversation.
      const log: { conversationId: string; senderId: string; id: string }[] = [
        { conversationId: direct, senderId: MEMBERS[0]!.id, id: '' },
      ];
      log[0]!.id = (await ports.chat.messages(direct, {
        direction: 'before',
        from: null,
        limit: 1,
      }))!.items[0]!.id;
      const readIndex = new Map<string, number>([[`${direct}|${MEMBERS[0]!.id}`, 0]]);
      const blocked = new Set<string>();
      const unliked = new Set<string>();
      const usedKeys = new Set<string>();

      for (const [i, s] of steps.entries()) {
        const who = MEMBERS[s.who]!;
        if (s.kind === 'unlike' || s.kind === 'block') {
          const whom = MEMBERS[s.whom]!;
          if (whom === who) continue;
          if (s.kind === 'unlike') {
            await ports.social.unlike(who.id, whom.id);
            unliked.add(`${who.id}|${whom.id}`);
          } else {
            await ports.social.block(who.id, whom.id, ports.clock.now());
            blocked.add(`${who.id}|${whom.id}`);
          }
          continue;
        }
        const conversationId = i % 2 === 0 ? direct : group.state.conversation.id;
        const inIt = conversationId === direct ? s.who <= 1 : s.who <= 2;
        if (s.kind === 'send') {
          const outcome = await new SendMessage(ports)
            .execute({
              senderId: who.id,
              to: { conversationId },
              content: `m${i}`,
              clientMessageId: s.key === null ? null : `key${s.key}`,
            })
            .then(
              (r) => r,
              (e: unknown) => (e instanceof DomainError ? e.code : Promise.reject(e)),
            );
          const [x, y] = [MEMBERS[0]!.id, MEMBERS[1]!.id];
          const directOpen = ![`${x}|${y}`, `${y}|${x}`].some((k) => blocked.has(k) || unliked.has(k));
          const expected = !inIt
            ? 'NOT_A_PARTICIPANT'
            : conversationId === direct && !directOpen
              ? 'NOT_CONNECTED'
              : 'sent';
          if (expected !== 'sent') {
            expect(outcome).toBe(expected);
            continue;
          }
          // Every step's content differs, so a key used before by this sender is a conflict.
          const key = s.key === null ? null : `${who.id}|key${s.key}`;
          if (key !== null && usedKeys.has(key)) {
            expect(outcome).toBe('CLIENT_MESSAGE_ID_REUSED');
            continue;
          }
          if (typeof outcome === 'string') throw new Error(`refused: ${outcome}`);
          expect(outcome.created).toBe(true);
          if (key !== null) usedKeys.add(key);
          log.push({ conversationId, senderId: who.id, id: outcome.message.id });
          readIndex.set(`${conversationId}|${who.id}`, log.length - 1);
        } else if (inIt) {
          const candidates = log.filter((m) => m.conversationId === conversationId);
          if (candidates.length === 0) continue;
          const target = candidates[s.which % candidates.length]!;
          await new MarkConversationRead(ports).execute({
            viewerId: who.id,
            conversationId,
            messageId: target.id,
          });
          const index = log.indexOf(target);
          const key = `${conversationId}|${who.id}`;
          readIndex.set(key, Math.max(readIndex.get(key) ?? -1, index));
        }
      }

      const ids = log.map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const member of MEMBERS) {
        const expected: Record<string, number> = {};
        for (const conversationId of [direct, group.state.conversation.id]) {
          const inIt =
            conversationId === direct
              ? member === MEMBERS[0] || member === MEMBERS[1]
              : member !== MEMBERS[3];
          if (!inIt) continue;
          const from = readIndex.get(`${conversationId}|${member.id}`) ?? -1;
          const n = log.filter(
            (m, i) => i > from && m.conversationId === conversationId && m.senderId !== member.id,
          ).length;
          if (n > 0) expected[conversationId] = n;
        }
        const counted = await new CountUnread(ports).execute({ userId: member.id });
        expect(counted.conversations).toEqual(expected);
        expect(counted.count).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
      }
    },
  );
});
