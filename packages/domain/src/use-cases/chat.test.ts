import { beforeEach, describe, expect, it } from 'vitest';
import { createInMemoryPorts, type InMemoryPorts } from '../testing/in-memory-ports.js';
import { aUser, errorCode } from '../testing/user-fixtures.js';
import { ValidationError } from '../errors.js';
import { AddParticipant } from './add-participant.js';
import { CountUnread } from './count-unread.js';
import { CreateGroup } from './create-group.js';
import { GetConversation } from './get-conversation.js';
import { GetDirectConversation } from './get-direct-conversation.js';
import { ListMessages } from './list-messages.js';
import { MarkConversationRead } from './mark-conversation-read.js';
import { RemoveParticipant } from './remove-participant.js';
import { RenameGroup } from './rename-group.js';
import { SendMessage } from './send-message.js';
import { SendTyping } from './send-typing.js';

const A = '00000000-0000-7000-8000-00000000000a';
const B = '00000000-0000-7000-8000-00000000000b';
const C = '00000000-0000-7000-8000-00000000000c';
const D = '00000000-0000-7000-8000-00000000000d';

const code = errorCode;

describe('chat', () => {
  let ports: InMemoryPorts;
  let send: SendMessage;
  const connect = async (x: string, y: string) => {
    await ports.social.like(x, y, ports.clock.now());
    await ports.social.like(y, x, ports.clock.now());
  };
  beforeEach(async () => {
    ports = createInMemoryPorts();
    for (const [id, username] of [
      [A, 'alice'],
      [B, 'bob'],
      [C, 'carol'],
      [D, 'dave'],
    ] as const)
      await ports.users.add(aUser({ id, username }));
    send = new SendMessage(ports);
    await connect(A, B);
    await connect(A, C);
  });

  it('opens the direct conversation on the first message, trims content, tells the recipient once per conversation', async () => {
    const first = await send.execute({ senderId: A, to: { userRef: 'bob' }, content: '  hello  ' });
    expect(first.created).toBe(true);
    expect(first.message.content).toBe('hello');
    const conversationId = first.message.conversationId;
    await send.execute({ senderId: A, to: { conversationId }, content: 'again' });
    const direct = await new GetDirectConversation(ports).execute({ viewerId: B, ref: 'alice' });
    expect(direct.state.conversation.id).toBe(conversationId);
    expect(direct.unreadCount).toBe(2);
    expect(ports.events.ofType('message.new').map((e) => [...e.recipients].sort())).toEqual([
      [A, B],
      [A, B],
    ]);
    // One `message` notification until it is read.
    expect(ports.events.ofType('notification').map((e) => e.notification.type)).toEqual(['message']);
    expect(ports.notifications.all.filter((n) => n.userId === B)).toHaveLength(1);
  });

  it('refuses members who are not connected, and a block or unlike makes the direct conversation read-only', async () => {
    expect(await code(send.execute({ senderId: A, to: { userRef: 'dave' }, content: 'hi' }))).toBe(
      'NOT_CONNECTED',
    );
    const { message } = await send.execute({ senderId: A, to: { userRef: 'bob' }, content: 'hi' });
    const to = { conversationId: message.conversationId };
    await ports.social.unlike(B, A);
    expect(await code(send.execute({ senderId: A, to, content: 'still there?' }))).toBe('NOT_CONNECTED');
    expect(await code(new SendTyping(ports).execute({ userId: A, conversationId: to.conversationId }))).toBe(
      'NOT_CONNECTED',
    );
    await ports.social.like(B, A, ports.clock.now());
    await ports.social.block(B, A, ports.clock.now());
    expect(await code(send.execute({ senderId: B, to, content: 'x' }))).toBe('NOT_CONNECTED');
    expect(await code(send.execute({ senderId: A, to: { userRef: 'bob' }, content: 'x' }))).toBe(
      'USER_NOT_FOUND',
    );
    // History stays readable.
    const history = await new ListMessages(ports).execute({
      viewerId: B,
      conversationId: to.conversationId,
      direction: 'before',
      from: null,
      limit: 10,
    });
    expect(history.items.map((m) => m.content)).toEqual(['hi']);
  });

  it('only participants read or write', async () => {
    const { message } = await send.execute({ senderId: A, to: { userRef: 'bob' }, content: 'private' });
    const conversationId = message.conversationId;
    expect(await code(send.execute({ senderId: C, to: { conversationId }, content: 'me too' }))).toBe(
      'NOT_A_PARTICIPANT',
    );
    expect(await code(new GetConversation(ports).execute({ viewerId: C, conversationId }))).toBe(
      'NOT_A_PARTICIPANT',
    );
    expect(
      await code(
        new ListMessages(ports).execute({
          viewerId: C,
          conversationId,
          direction: 'before',
          from: null,
          limit: 5,
        }),
      ),
    ).toBe('NOT_A_PARTICIPANT');
    expect(await code(new GetConversation(ports).execute({ viewerId: A, conversationId: 'nope' }))).toBe(
      'CONVERSATION_NOT_FOUND',
    );
  });

  it('is idempotent by clientMessageId: same content answers the first, other content conflicts', async () => {
    const first = await send.execute({
      senderId: A,
      to: { userRef: 'bob' },
      content: 'once',
      clientMessageId: 'k',
    });
    const published = ports.events.events.length;
    const again = await send.execute({
      senderId: A,
      to: { userRef: 'bob' },
      content: ' once ',
      clientMessageId: 'k',
    });
    expect(again).toEqual({ message: first.message, created: false });
    expect(ports.events.events.length).toBe(published);
    expect(
      await code(
        send.execute({ senderId: A, to: { userRef: 'bob' }, content: 'twice', clientMessageId: 'k' }),
      ),
    ).toBe('CLIENT_MESSAGE_ID_REUSED');
    ports.clock.advance(24 * 3600_000 + 1);
    expect(
      (await send.execute({ senderId: A, to: { userRef: 'bob' }, content: 'twice', clientMessageId: 'k' }))
        .created,
    ).toBe(true);
  });

  it('validates content: 1–4000 code points after trimming', async () => {
    await expect(
      send.execute({ senderId: A, to: { userRef: 'bob' }, content: '   ' }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      send.execute({ senderId: A, to: { userRef: 'bob' }, content: '😀'.repeat(4001) }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(
      (await send.execute({ senderId: A, to: { userRef: 'bob' }, content: '😀'.repeat(4000) })).message
        .content,
    ).toHaveLength(8000);
  });

  it('moves read markers up to and including, and counts unread messages', async () => {
    const sent = [];
    for (const content of ['1', '2', '3'])
      sent.push((await send.execute({ senderId: A, to: { userRef: 'bob' }, content })).message);
    const conversationId = sent[0]!.conversationId;
    expect(await new CountUnread(ports).execute({ userId: B })).toEqual({
      count: 3,
      conversations: { [conversationId]: 3 },
    });
    await new MarkConversationRead(ports).execute({ viewerId: B, conversationId, messageId: sent[1]!.id });
    expect((await new CountUnread(ports).execute({ userId: B })).count).toBe(1);
    expect(ports.events.ofType('message.read').at(-1)).toMatchObject({ userId: B, messageId: sent[1]!.id });
    // Replying moves the replier's own marker to the reply.
    await send.execute({ senderId: B, to: { conversationId }, content: 'reply' });
    expect((await new CountUnread(ports).execute({ userId: B })).count).toBe(0);
    expect((await new CountUnread(ports).execute({ userId: A })).count).toBe(1);
    expect(
      await code(new MarkConversationRead(ports).execute({ viewerId: B, conversationId, messageId: 'x' })),
    ).toBe('VALIDATION_FAILED');
  });

  it('groups: connected invitees only, any participant renames and adds, only the creator removes others, anyone leaves', async () => {
    const create = new CreateGroup(ports);
    expect(await code(create.execute({ creatorId: A, title: 'Trip', participants: ['bob', 'dave'] }))).toBe(
      'NOT_CONNECTED',
    );
    expect(await code(create.execute({ creatorId: A, title: 'Trip', participants: ['nobody'] }))).toBe(
      'USER_NOT_FOUND',
    );
    const group = await create.execute({ creatorId: A, title: ' Trip ', participants: ['bob'] });
    const conversationId = group.state.conversation.id;
    expect(group.state.conversation).toMatchObject({ kind: 'group', title: 'Trip', createdBy: A });
    const add = new AddParticipant(ports);
    expect(await code(add.execute({ viewerId: C, conversationId, ref: 'carol' }))).toBe('NOT_A_PARTICIPANT');
    expect(await code(add.execute({ viewerId: B, conversationId, ref: 'carol' }))).toBe('NOT_CONNECTED');
    await add.execute({ viewerId: A, conversationId, ref: 'carol' });
    expect(await code(add.execute({ viewerId: A, conversationId, ref: 'carol' }))).toBe(
      'ALREADY_PARTICIPANT',
    );
    await new RenameGroup(ports).execute({ viewerId: C, conversationId, title: 'Road trip' });
    const remove = new RemoveParticipant(ports);
    expect(await code(remove.execute({ viewerId: B, conversationId, ref: 'carol' }))).toBe('NOT_ALLOWED');
    await remove.execute({ viewerId: B, conversationId, ref: 'bob' });
    await remove.execute({ viewerId: A, conversationId, ref: 'carol' });
    expect(await code(remove.execute({ viewerId: A, conversationId, ref: 'carol' }))).toBe('USER_NOT_FOUND');
    const state = await new GetConversation(ports).execute({ viewerId: A, conversationId });
    expect(state.state.participants.map((p) => p.userId)).toEqual([A]);
    expect(state.state.conversation.title).toBe('Road trip');
    expect(ports.events.ofType('conversation.updated').length).toBe(5);

    const direct = await send.execute({ senderId: A, to: { userRef: 'bob' }, content: 'hi' });
    const directId = direct.message.conversationId;
    expect(
      await code(new RenameGroup(ports).execute({ viewerId: A, conversationId: directId, title: 'x' })),
    ).toBe('NOT_A_GROUP');
    expect(await code(add.execute({ viewerId: A, conversationId: directId, ref: 'carol' }))).toBe(
      'NOT_A_GROUP',
    );
  });

  it('typing goes to the other participants only', async () => {
    const { message } = await send.execute({ senderId: A, to: { userRef: 'bob' }, content: 'hi' });
    await new SendTyping(ports).execute({ userId: A, conversationId: message.conversationId });
    expect(ports.events.ofType('typing')).toEqual([
      {
        type: 'typing',
        recipients: [B],
        conversationId: message.conversationId,
        user: { id: A, username: 'alice' },
      },
    ]);
  });
});
