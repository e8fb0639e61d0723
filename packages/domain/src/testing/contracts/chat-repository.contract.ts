import { beforeEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../../chat/conversation.js';
import type { Message } from '../../chat/message.js';
import type { ChatRepository } from '../../ports/chat-repository.js';
import type { Notification } from '../../notifications/notification.js';
import type { EventLog } from '../../ports/realtime.js';
import type { NotificationRepository } from '../../ports/social-repository.js';
import type { UserRepository } from '../../ports/user-repository.js';
import { aUser } from '../user-fixtures.js';

export interface ChatKit {
  readonly users: UserRepository;
  readonly chat: ChatRepository;
  /** Where a message's outbox goes with it. */
  readonly eventLog: EventLog;
  readonly notifications: NotificationRepository;
}

const u = (n: number) => `00000000-0000-7000-8000-${n.toString().padStart(12, '0')}`;
const c = (n: number) => `00000000-0000-7000-9000-${n.toString().padStart(12, '0')}`;
const m = (n: number) => `00000000-0000-7000-a000-${n.toString().padStart(12, '0')}`;
const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 12, minute));
const LONG_AGO = new Date(Date.UTC(2026, 0, 1));

function conversation(n: number, kind: 'direct' | 'group', minute = 0): Conversation {
  return {
    id: c(n),
    kind,
    title: kind === 'group' ? `Group ${n}` : null,
    createdBy: u(1),
    createdAt: at(minute),
    updatedAt: at(minute),
  };
}

function message(n: number, conversationId: string, sender: string, extra: Partial<Message> = {}): Message {
  return {
    id: m(n),
    conversationId,
    senderId: sender,
    content: `message ${n}`,
    clientMessageId: null,
    createdAt: at(n),
    ...extra,
  };
}

export function chatRepositoryContract(name: string, makeKit: () => Promise<ChatKit>): void {
  describe(`ChatRepository contract: ${name}`, () => {
    let kit: ChatKit;
    beforeEach(async () => {
      kit = await makeKit();
      for (let n = 1; n <= 4; n++) await kit.users.add(aUser({ id: u(n) }));
    });

    it('opens one direct conversation per pair, whoever opens it', async () => {
      expect(await kit.chat.directBetween(u(1), u(2))).toBeNull();
      const first = await kit.chat.openDirect(conversation(1, 'direct'), u(1), u(2));
      const second = await kit.chat.openDirect(conversation(2, 'direct'), u(2), u(1));
      expect(second.conversation.id).toBe(first.conversation.id);
      expect((await kit.chat.directBetween(u(2), u(1)))?.conversation.id).toBe(c(1));
      expect(first.participants.map((p) => p.userId).sort()).toEqual([u(1), u(2)]);
      expect(first.lastMessage).toBeNull();
      expect(await kit.chat.get(c(2))).toBeNull();
      const members = (await kit.chat.members(c(1)))!;
      expect({ ...members, participantIds: [...members.participantIds].sort() }).toEqual({
        conversationId: c(1),
        kind: 'direct',
        participantIds: [u(1), u(2)],
      });
      expect(await kit.chat.members(c(2))).toBeNull();
    });

    it('appends messages in order, moves the sender’s marker and pages both ways', async () => {
      await kit.chat.openDirect(conversation(1, 'direct'), u(1), u(2));
      for (let n = 1; n <= 5; n++) await kit.chat.append(message(n, c(1), n % 2 ? u(1) : u(2)), LONG_AGO);
      const state = (await kit.chat.get(c(1)))!;
      expect(state.lastMessage?.id).toBe(m(5));
      expect(state.conversation.updatedAt).toEqual(at(5));
      expect(state.participants.find((p) => p.userId === u(1))?.readUpTo).toBe(m(5));
      expect(state.participants.find((p) => p.userId === u(2))?.readUpTo).toBe(m(4));

      const newest = (await kit.chat.messages(c(1), { direction: 'before', from: null, limit: 2 }))!;
      expect(newest.items.map((x) => x.id)).toEqual([m(5), m(4)]);
      expect(newest.hasMore).toBe(true);
      const older = (await kit.chat.messages(c(1), { direction: 'before', from: m(4), limit: 5 }))!;
      expect(older.items.map((x) => x.id)).toEqual([m(3), m(2), m(1)]);
      expect(older.hasMore).toBe(false);
      const newer = (await kit.chat.messages(c(1), { direction: 'after', from: m(2), limit: 2 }))!;
      expect(newer.items.map((x) => x.id)).toEqual([m(3), m(4)]);
      expect(newer.hasMore).toBe(true);
      expect(await kit.chat.messages(c(1), { direction: 'after', from: m(99), limit: 2 })).toBeNull();
      expect(newer.items[0]).toEqual(message(3, c(1), u(1)));
    });

    it('counts unread messages after the read marker and moves markers forward only', async () => {
      await kit.chat.openDirect(conversation(1, 'direct'), u(1), u(2));
      for (let n = 1; n <= 4; n++) await kit.chat.append(message(n, c(1), u(1)), LONG_AGO);
      expect(Object.fromEntries(await kit.chat.unreadCounts(u(2)))).toEqual({ [c(1)]: 4 });
      expect((await kit.chat.unreadCounts(u(1))).size).toBe(0);
      expect(await kit.chat.markRead(c(1), u(2), m(2))).toBe('moved');
      expect(Object.fromEntries(await kit.chat.unreadCounts(u(2)))).toEqual({ [c(1)]: 2 });
      expect(await kit.chat.markRead(c(1), u(2), m(1))).toBe('unchanged');
      expect(await kit.chat.markRead(c(1), u(2), m(2))).toBe('unchanged');
      expect(await kit.chat.markRead(c(1), u(2), m(77))).toBe('unknown');
      expect((await kit.chat.get(c(1)))!.participants.find((p) => p.userId === u(2))?.readUpTo).toBe(m(2));
      await kit.chat.markRead(c(1), u(2), m(4));
      expect((await kit.chat.unreadCounts(u(2))).size).toBe(0);
    });

    it('keeps a clientMessageId to one message per sender within the window', async () => {
      await kit.chat.openDirect(conversation(1, 'direct'), u(1), u(2));
      const first = await kit.chat.append(message(1, c(1), u(1), { clientMessageId: 'k1' }), LONG_AGO);
      expect(first.created).toBe(true);
      const again = await kit.chat.append(message(2, c(1), u(1), { clientMessageId: 'k1' }), LONG_AGO);
      expect({ message: again.message, created: again.created }).toEqual({
        message: first.message,
        created: false,
      });
      // Another sender may use the same key.
      expect(
        (await kit.chat.append(message(3, c(1), u(2), { clientMessageId: 'k1' }), LONG_AGO)).created,
      ).toBe(true);
      expect((await kit.chat.findByClientMessageId(u(1), 'k1', LONG_AGO))?.id).toBe(m(1));
      // After the window, the key names a new message.
      expect(await kit.chat.findByClientMessageId(u(1), 'k1', at(30))).toBeNull();
      const later = await kit.chat.append(message(40, c(1), u(1), { clientMessageId: 'k1' }), at(30));
      expect(later.created).toBe(true);
      expect((await kit.chat.findByClientMessageId(u(1), 'k1', at(30)))?.id).toBe(m(40));
      // The message that held the key before still shows it.
      const history = (await kit.chat.messages(c(1), { direction: 'after', from: null, limit: 10 }))!;
      expect(history.items.filter((x) => x.clientMessageId === 'k1').map((x) => x.id)).toEqual([
        m(1),
        m(3),
        m(40),
      ]);
    });

    it('logs a new message’s frames and keeps its notices in the same write (the outbox)', async () => {
      await kit.chat.openDirect(conversation(1, 'direct'), u(1), u(2));
      const notice = (n: number): Notification => ({
        id: `00000000-0000-7000-b000-${n.toString().padStart(12, '0')}`,
        userId: u(2),
        type: 'message',
        actorId: u(1),
        conversationId: c(1),
        createdAt: at(n),
        readAt: null,
      });
      const outbox = (n: number) => ({ recipients: [u(1), u(2)], notices: [notice(n)] });
      const first = await kit.chat.append(
        message(1, c(1), u(1), { clientMessageId: 'o1' }),
        LONG_AGO,
        outbox(1),
      );
      expect(first.created).toBe(true);
      expect([...first.logged.frames.keys()].sort()).toEqual([u(1), u(2)]);
      expect(first.logged.notices.map((x) => x.notification)).toEqual([notice(1)]);
      // One unread notice per member and conversation: the second message brings frames, no notice.
      const second = await kit.chat.append(message(2, c(1), u(1)), LONG_AGO, outbox(2));
      expect(second.logged.notices).toEqual([]);
      // A replay of the clientMessageId logs nothing.
      const replay = await kit.chat.append(
        message(3, c(1), u(1), { clientMessageId: 'o1' }),
        LONG_AGO,
        outbox(3),
      );
      expect(replay.created).toBe(false);
      expect(replay.logged.frames.size).toBe(0);

      const replayed = (await kit.eventLog.after(u(2), '0', 10))!;
      expect(replayed.map((f) => f.id)).toEqual([
        first.logged.frames.get(u(2)),
        first.logged.notices[0]!.frameId,
        second.logged.frames.get(u(2)),
      ]);
      const events = replayed.map((f) => ('event' in f ? f.event : null));
      expect(events[0]).toEqual({
        type: 'message.new',
        recipients: [u(2)],
        message: {
          ...message(1, c(1), u(1), { clientMessageId: 'o1' }),
          sender: { id: u(1), username: expect.any(String) },
        },
      });
      expect(events[1]).toMatchObject({
        type: 'notification',
        notification: notice(1),
        recipient: { id: u(2) },
        actor: { id: u(1) },
      });
      expect(replayed[0]!.at).toBe(at(1).toISOString());
      // The sender's other devices replay their own message too.
      expect(
        (await kit.eventLog.after(u(1), '0', 10))!.map((f) => ('event' in f ? f.event.type : f.type)),
      ).toEqual(['message.new', 'message.new']);
      expect(
        (await kit.notifications.list(u(2), { unreadOnly: true, limit: 10, after: null })).items,
      ).toEqual([notice(1)]);
      // Read, the notice makes room for the next message's.
      await kit.notifications.markRead(u(2), {}, at(5));
      const third = await kit.chat.append(message(6, c(1), u(1)), LONG_AGO, outbox(6));
      expect(third.logged.notices.map((x) => x.notification)).toEqual([notice(6)]);
      expect(await kit.notifications.unreadCount(u(2))).toBe(1);
    });

    it('stores concurrent sends, each once, and a key raced by its sender once', async () => {
      await kit.chat.openDirect(conversation(1, 'direct'), u(1), u(2));
      await kit.chat.createGroup(conversation(2, 'group'), [u(1), u(2), u(3)]);
      const sends = Array.from({ length: 60 }, (_, n) =>
        kit.chat.append(
          message(n + 1, n % 2 ? c(1) : c(2), n % 3 === 0 ? u(2) : u(1), {
            clientMessageId: n % 10 === 0 ? 'raced' : `k${n}`,
          }),
          LONG_AGO,
        ),
      );
      const results = await Promise.all(sends);
      // u(2) sent n = 0, 30 under "raced" (n % 3 = 0): one of them is stored; u(1) sent 10, 20, 40, 50: one stored.
      expect(results.filter((r) => r.created)).toHaveLength(60 - 1 - 3);
      const raced = results.filter((r) => r.message.clientMessageId === 'raced');
      expect(new Set(raced.map((r) => r.message.id)).size).toBe(2);
      const all = [
        ...(await kit.chat.messages(c(1), { direction: 'after', from: null, limit: 100 }))!.items,
        ...(await kit.chat.messages(c(2), { direction: 'after', from: null, limit: 100 }))!.items,
      ];
      expect(all).toHaveLength(56);
      expect(Object.fromEntries(await kit.chat.unreadCounts(u(3)))).toEqual({
        [c(2)]: all.filter((x) => x.conversationId === c(2)).length,
      });
    });

    it('lists a member’s conversations by latest activity, with groups joining and leaving', async () => {
      await kit.chat.openDirect(conversation(1, 'direct', 1), u(1), u(2));
      await kit.chat.createGroup(conversation(2, 'group', 2), [u(1), u(3)]);
      await kit.chat.append(message(10, c(1), u(2)), LONG_AGO);
      const page1 = await kit.chat.listFor(u(1), 1, null);
      expect(page1.items.map((s) => s.conversation.id)).toEqual([c(1)]);
      const page2 = await kit.chat.listFor(u(1), 1, page1.next);
      expect(page2.items.map((s) => s.conversation.id)).toEqual([c(2)]);
      expect(page2.next).toBeNull();

      expect(await kit.chat.addParticipant(c(2), u(4), at(20))).toBe(true);
      expect(await kit.chat.addParticipant(c(2), u(4), at(21))).toBe(false);
      await kit.chat.rename(c(2), 'Renamed', at(22));
      const group = (await kit.chat.get(c(2)))!;
      expect(group.conversation).toMatchObject({ title: 'Renamed', updatedAt: at(22) });
      expect(group.participants.map((p) => p.userId).sort()).toEqual([u(1), u(3), u(4)]);
      expect((await kit.chat.listFor(u(4), 10, null)).items.map((s) => s.conversation.id)).toEqual([c(2)]);
      expect(await kit.chat.removeParticipant(c(2), u(4), at(23))).toBe(true);
      expect(await kit.chat.removeParticipant(c(2), u(4), at(24))).toBe(false);
      expect((await kit.chat.listFor(u(4), 10, null)).items).toEqual([]);
    });

    it('starts a newcomer’s read marker at the latest message', async () => {
      await kit.chat.createGroup(conversation(2, 'group'), [u(1), u(3)]);
      await kit.chat.append(message(1, c(2), u(1)), LONG_AGO);
      await kit.chat.addParticipant(c(2), u(4), at(5));
      expect((await kit.chat.unreadCounts(u(4))).size).toBe(0);
      await kit.chat.append(message(6, c(2), u(3)), LONG_AGO);
      expect(Object.fromEntries(await kit.chat.unreadCounts(u(4)))).toEqual({ [c(2)]: 1 });
      // The newcomer reads the history from before they joined.
      const history = (await kit.chat.messages(c(2), { direction: 'before', from: null, limit: 10 }))!;
      expect(history.items.map((x) => x.id)).toEqual([m(6), m(1)]);
    });

    it('forgets a deleted member’s messages and memberships', async () => {
      await kit.chat.createGroup(conversation(2, 'group'), [u(1), u(2), u(3)]);
      await kit.chat.append(message(1, c(2), u(2)), LONG_AGO);
      await kit.chat.append(message(2, c(2), u(1)), LONG_AGO);
      await kit.users.delete(u(2));
      const state = (await kit.chat.get(c(2)))!;
      expect(state.participants.map((p) => p.userId).sort()).toEqual([u(1), u(3)]);
      const history = (await kit.chat.messages(c(2), { direction: 'after', from: null, limit: 10 }))!;
      expect(history.items.map((x) => x.id)).toEqual([m(2)]);
    });
  });
}
