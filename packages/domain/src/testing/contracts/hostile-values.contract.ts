import { beforeEach, describe, expect, it } from 'vitest';
import type { StoreKit } from './repository-kit.js';
import { aUser } from '../user-fixtures.js';

/**
 * Text that breaks SQL built by hand, and text that breaks storage: quotes,
 * backslashes, placeholders of every driver, comments, emoji (beyond the
 * BMP), right-to-left marks and overrides, and one long string. Each must be
 * stored as given and read back unchanged.
 */
export const HOSTILE_STRINGS: readonly string[] = [
  "'",
  '"',
  '\\',
  "\\'",
  "O'Brien",
  '$1',
  '$2::text',
  '?',
  '??',
  ':name',
  '--',
  '/* a */',
  ';',
  "' or 1=1 --",
  "'); drop table users; --",
  '%_',
  '{"a":1}',
  '{a,b}',
  '😀👩‍👩‍👧',
  '\u200f\u202eevil\u202c',
  'שלום',
];
const LONG = 'é'.repeat(10_000);
const TITLE = HOSTILE_STRINGS.slice(0, 14).join(' ');

const u = (n: number) => `00000000-0000-7000-8000-${n.toString().padStart(12, '0')}`;
const c = (n: number) => `00000000-0000-7000-9000-${n.toString().padStart(12, '0')}`;
const m = (n: number) => `00000000-0000-7000-a000-${n.toString().padStart(12, '0')}`;
const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 12, minute));

/** Strings that are not ids of ours, of every shape. */
const NOT_IDS = ['abc', '1', '', ' ', 'x'.repeat(300), "' or 1=1 --", '00000000-0000-0000-0000-00000000000g'];

/** Every store: hostile values go through each. */
export type HostileKit = StoreKit;

/**
 * Every repository method that takes text stores hostile text unchanged,
 * and every method that takes an id treats a string that is not one of ours
 * as an id that names nothing: no error, nothing found, nothing changed.
 */
export function hostileValuesContract(name: string, makeKit: () => Promise<HostileKit>): void {
  describe(`hostile values through the repositories: ${name}`, () => {
    let kit: HostileKit;
    beforeEach(async () => {
      kit = await makeKit();
      await kit.users.add(aUser({ id: u(1) }));
      await kit.users.add(aUser({ id: u(2) }));
    });

    it('stores profile text as given and finds by it without harm', async () => {
      for (const [i, text] of HOSTILE_STRINGS.entries()) {
        const user = aUser({
          id: u(100 + i),
          username: `h_${i}`,
          email: `h${i}@example.org`,
          firstName: text,
          lastName: text,
          biography: `${text}\n${LONG}`,
          occupation: text,
          interests: [text, `#${text}`],
          socialLinks: { ...aUser({ id: u(1) }).socialLinks, website: `https://x.org/${text}` },
          location: { latitude: 1, longitude: 2, source: 'manual', city: text },
        });
        await kit.users.add(user);
        expect(await kit.users.findById(user.id)).toEqual(user);
        expect(await kit.users.findByUsername(text)).toBeNull();
        expect(await kit.users.findByEmail(text)).toBeNull();
        const renamed = { ...user, firstName: `${text}!`, occupation: null, interests: [text] };
        await kit.users.update(renamed, user);
        expect(await kit.users.findById(user.id)).toEqual(renamed);
      }
    });

    it('finds interests by a prefix that holds LIKE wildcards and quotes, as text', async () => {
      await kit.users.add(
        aUser({ id: u(3), username: 'tags', email: 't@example.org', interests: ["50%_o'k\\"] }),
      );
      expect(await kit.interests.popular("50%_o'k\\", 10)).toEqual([{ name: "50%_o'k\\", count: 1 }]);
      for (const text of HOSTILE_STRINGS)
        await expect(kit.interests.popular(text, 5)).resolves.toBeInstanceOf(Array);
    });

    it('stores chat text as given', async () => {
      const group = await kit.chat.createGroup(
        { id: c(1), kind: 'group', title: TITLE, createdBy: u(1), createdAt: at(0), updatedAt: at(0) },
        [u(1), u(2)],
      );
      expect(group.conversation.title).toBe(TITLE);
      for (const [i, text] of [...HOSTILE_STRINGS, LONG].entries()) {
        const message = {
          id: m(i + 1),
          conversationId: c(1),
          senderId: u(1),
          content: text,
          clientMessageId: `${text}`.slice(0, 64),
          createdAt: at(i + 1),
        };
        expect(await kit.chat.append(message, at(0))).toMatchObject({ message, created: true });
        expect(await kit.chat.findByClientMessageId(u(1), message.clientMessageId, at(0))).toEqual(message);
      }
      const history = await kit.chat.messages(c(1), { direction: 'after', from: null, limit: 100 });
      expect(history?.items.map((x) => x.content)).toEqual([...HOSTILE_STRINGS, LONG]);
      await kit.chat.rename(c(1), "'; --", at(50));
      expect((await kit.chat.get(c(1)))?.conversation.title).toBe("'; --");
    });

    it('stores report reasons, notifications and frames as given', async () => {
      for (const text of HOSTILE_STRINGS) {
        await kit.social.report(u(1), u(2), text, at(1));
        await kit.social.withdrawReport(u(1), u(2));
      }
      const [delivery] = await kit.eventLog.append([
        { userId: u(1), type: 'message.new', data: { content: HOSTILE_STRINGS, long: LONG }, at: at(1) },
      ]);
      const replayed = await kit.eventLog.after(u(1), '0', 10);
      expect(replayed?.map((f) => ('data' in f ? f.data : f.event))).toEqual([
        { content: HOSTILE_STRINGS, long: LONG },
      ]);
      expect(replayed?.[0]?.id).toBe(delivery!.frame.id);
    });

    it('answers a string that is not an id of ours as an id that names nothing', async () => {
      for (const id of NOT_IDS) {
        expect(await kit.users.findById(id)).toBeNull();
        expect((await kit.users.findByIds([id, u(1)])).map((x) => x.id)).toEqual([u(1)]);
        expect(await kit.users.removePicture(u(1), id)).toBeNull();
        expect(
          await kit.users.addPicture(
            id,
            { id: m(1), key: 'k.jpg', contentType: 'image/jpeg', width: 1, height: 1, createdAt: at(1) },
            5,
          ),
        ).toBe(false);
        await expect(kit.users.touch(id, at(1))).resolves.toBeUndefined();
        await expect(kit.users.delete(id)).resolves.toBeUndefined();
        expect(await kit.sessions.findSession(id)).toBeNull();
        expect(await kit.sessions.findToken(id)).toBeNull();
        expect(await kit.oneTimeTokens.find(id, 'verify-email')).toBeNull();
        expect(await kit.social.between(u(1), id)).toMatchObject({
          likedByMe: false,
          likesMe: false,
          blocked: false,
        });
        expect((await kit.social.list('likers', id, 10, null)).items).toEqual([]);
        expect(await kit.notifications.markRead(u(1), { ids: [id] }, at(1))).toBe(0);
        expect(await kit.notifications.markRead(u(1), { upTo: id }, at(1))).toBe(0);
        expect(await kit.chat.get(id)).toBeNull();
        expect(await kit.chat.members(id)).toBeNull();
        expect(await kit.chat.messages(id, { direction: 'before', from: null, limit: 10 })).toBeNull();
        expect(await kit.chat.addParticipant(id, u(1), at(1))).toBe(false);
        expect(await kit.chat.unreadCounts(id)).toEqual(new Map());
        expect(await kit.eventLog.lastId(id)).toBeNull();
        expect(await kit.discovery.shownOn({ browseId: id, page: 1 }, u(1))).toBeNull();
      }
      const group = await kit.chat.createGroup(
        { id: c(2), kind: 'group', title: 'g', createdBy: u(1), createdAt: at(0), updatedAt: at(0) },
        [u(1), u(2)],
      );
      for (const id of NOT_IDS) {
        expect(
          await kit.chat.messages(group.conversation.id, { direction: 'before', from: id, limit: 10 }),
        ).toBeNull();
        expect(await kit.chat.markRead(group.conversation.id, u(1), id)).toBe('unknown');
      }
    });
  });
}
