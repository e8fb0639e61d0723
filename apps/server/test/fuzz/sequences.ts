import fc from 'fast-check';
import type { FuzzMember } from './fuzz-world.js';

/** Sends one request of an operation with the parts given; answers its status and body. */
export type Call = (
  operationId: string,
  parts: { member: number; path?: Record<string, string>; query?: Record<string, string>; body?: unknown },
) => Promise<{ status: number; body: any }>;

const content = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0),
  fc.constantFrom('😀', "'; drop table messages; --", 'line one\nline two', ' padded ', 'é'.repeat(4000)),
);
const title = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 100 })
  .filter((s) => /^[^\p{Cc}]*\S/u.test(s));

/**
 * Stateful sequences: each step uses what the previous one created (a group,
 * then a message in it, then reads and history around that message; a
 * picture, then it as the profile picture, then its deletion), so the
 * fuzzer reaches the states a single random request rarely does.
 */
export function sequences(members: readonly FuzzMember[]) {
  const [a, b, c] = [0, 1, 2];
  return fc
    .oneof(
      fc.record({ kind: fc.constant('group' as const), title, content, key: fc.uuid() }),
      fc.record({ kind: fc.constant('direct' as const), content, other: content, key: fc.uuid() }),
      fc.record({ kind: fc.constant('picture' as const) }),
      fc.record({
        kind: fc.constant('social' as const),
        who: fc.constantFrom(1, 2, 3, 4, 5),
        reason: fc.option(title),
      }),
      fc.record({ kind: fc.constant('pages' as const), limit: fc.integer({ min: 1, max: 3 }) }),
    )
    .map((s) => async (call: Call) => {
      switch (s.kind) {
        case 'group': {
          const group = await call('createGroup', {
            member: a,
            body: { title: s.title, participants: [members[b]!.username, members[c]!.username] },
          });
          if (group.status !== 201) return;
          const id = group.body.id as string;
          const sent = await call('sendMessage', {
            member: b,
            path: { id },
            body: { content: s.content, clientMessageId: s.key },
          });
          await call('sendMessage', {
            member: b,
            path: { id },
            body: { content: s.content, clientMessageId: s.key },
          });
          if (sent.status !== 201) return;
          const messageId = sent.body.id as string;
          await call('listMessages', { member: c, path: { id }, query: { after: messageId } });
          await call('listMessages', { member: c, path: { id }, query: { before: messageId, limit: '1' } });
          await call('markConversationRead', { member: c, path: { id }, body: { messageId } });
          await call('renameGroup', { member: c, path: { id }, body: { title: s.title } });
          await call('getConversation', { member: a, path: { id } });
          await call('removeParticipant', { member: a, path: { id, username: members[c]!.username } });
          await call('removeParticipant', { member: b, path: { id, username: members[b]!.username } });
          await call('addParticipant', { member: a, path: { id }, body: { username: members[b]!.username } });
          return;
        }
        case 'direct': {
          const to = { ref: members[b]!.username };
          const first = await call('sendDirectMessage', {
            member: a,
            path: to,
            body: { content: s.content, clientMessageId: s.key },
          });
          await call('sendDirectMessage', {
            member: a,
            path: to,
            body: { content: s.content, clientMessageId: s.key },
          });
          await call('sendDirectMessage', {
            member: a,
            path: to,
            body: { content: s.other, clientMessageId: s.key },
          });
          const direct = await call('getDirectConversation', {
            member: b,
            path: { ref: members[a]!.username },
          });
          if (first.status === 201 && direct.status === 200)
            await call('markConversationRead', {
              member: b,
              path: { id: direct.body.id },
              body: { messageId: first.body.id },
            });
          await call('countUnread', { member: b });
          return;
        }
        case 'picture': {
          const uploaded = await call('uploadPicture', { member: c });
          if (uploaded.status !== 201) return;
          await call('setProfilePicture', { member: c, body: { pictureId: uploaded.body.id } });
          await call('deletePicture', { member: c, path: { id: uploaded.body.id } });
          await call('deletePicture', { member: c, path: { id: uploaded.body.id } });
          return;
        }
        case 'social': {
          const ref = { ref: members[s.who]!.username };
          await call('getProfile', { member: a, path: ref });
          await call('likeUser', { member: a, path: ref });
          await call('reportUser', {
            member: a,
            path: ref,
            body: s.reason === null ? undefined : { reason: s.reason.slice(0, 500) },
          });
          await call('unreportUser', { member: a, path: ref });
          await call('blockUser', { member: a, path: ref });
          await call('getProfile', { member: s.who, path: { ref: members[a]!.username } });
          await call('unblockUser', { member: a, path: ref });
          return;
        }
        case 'pages': {
          const limit = String(s.limit);
          for (const opId of [
            'getSuggestions',
            'searchMembers',
            'listNotifications',
            'listConversations',
          ] as const) {
            let page = await call(opId, { member: a, query: { limit } });
            for (let n = 0; n < 2 && page.status === 200 && page.body.nextCursor; n++)
              page = await call(opId, { member: a, query: { limit, cursor: page.body.nextCursor } });
          }
          const notifications = await call('listNotifications', { member: b, query: { unread: 'true' } });
          if (notifications.status === 200 && notifications.body.items.length)
            await call('markNotificationsRead', {
              member: b,
              body: { ids: [notifications.body.items[0].id] },
            });
          return;
        }
      }
    });
}
