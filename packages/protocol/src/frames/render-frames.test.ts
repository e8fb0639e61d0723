import { beforeEach, describe, expect, it } from 'vitest';
import {
  AnnouncePresence,
  CreateGroup,
  LikeUser,
  MarkConversationRead,
  MarkNotificationsRead,
  RenameGroup,
  SendMessage,
  SendTyping,
  ViewProfile,
  type DomainEvent,
  type User,
} from '@kindred/domain';
import { aUserWithPicture, createInMemoryPorts, type InMemoryPorts } from '@kindred/domain/testing';
import { REPLAYABLE, SERVER_FRAMES, isReplayable, type ServerFrameType } from './frame-map.js';
import { renderFrames, type Rendered } from './render-frames.js';

const MEDIA = 'https://api.kindred.test';
const [ANN, BOB, CAT] = ['a', 'b', 'c'].map((x) => `00000000-0000-7000-8000-00000000000${x}`) as [
  string,
  string,
  string,
];

const member = (id: string, username: string): User => aUserWithPicture({ id, username });

/** Every frame of an event as the contract shapes it: parsing strips nothing and changes nothing. */
function expectContractShapes(frames: readonly Rendered[]): void {
  for (const frame of frames) {
    const parsed = SERVER_FRAMES[frame.type].safeParse(frame.data);
    expect(parsed.success, `${frame.type}: ${parsed.error?.message}`).toBe(true);
    expect(parsed.data).toEqual(frame.data);
  }
}

describe('renderFrames', () => {
  let ports: InMemoryPorts;
  const render = (event: DomainEvent) => renderFrames(event, ports.clock.now(), MEDIA);
  const events = () => ports.events.events;

  beforeEach(async () => {
    ports = createInMemoryPorts();
    for (const user of [member(ANN, 'ann'), member(BOB, 'bob'), member(CAT, 'cat')])
      await ports.users.add(user);
  });

  async function matchAnnAndBob(): Promise<void> {
    await new LikeUser(ports).execute({ viewerId: BOB, ref: 'ann' });
    await new LikeUser(ports).execute({ viewerId: ANN, ref: 'bob' });
  }

  it('a notification goes to its recipient alone, with the actor as a summary and picture URLs on the media base', async () => {
    await new ViewProfile(ports).execute({ viewerId: BOB, ref: 'ann' });
    const [event] = ports.events.ofType('notification');
    const frames = render(event!);
    expectContractShapes(frames);
    expect(frames).toHaveLength(1);
    const [frame] = frames as [Extract<Rendered, { type: 'notification' }>];
    expect(frame.userId).toBe(ANN);
    expect(frame.data).toMatchObject({ type: 'visit', actor: { id: BOB, username: 'bob' }, readAt: null });
    expect(frame.data.actor?.profilePictureUrl).toBe(`${MEDIA}/media/bob.webp`);
  });

  it('a match tells both members, each of the other', async () => {
    await matchAnnAndBob();
    const matches = ports.events.ofType('notification').filter((e) => e.notification.type === 'match');
    const frames = matches.flatMap(render);
    expectContractShapes(frames);
    expect(frames.map((f) => [f.userId, (f.data as { actor: { id: string } }).actor.id])).toEqual(
      expect.arrayContaining([
        [ANN, BOB],
        [BOB, ANN],
      ]),
    );
  });

  it('notification.read carries the marked set and the unread count left', async () => {
    await new ViewProfile(ports).execute({ viewerId: BOB, ref: 'ann' });
    await new ViewProfile(ports).execute({ viewerId: CAT, ref: 'ann' });
    await new MarkNotificationsRead(ports).execute({
      userId: ANN,
      ids: [ports.events.ofType('notification')[0]!.notification.id],
    });
    await new MarkNotificationsRead(ports).execute({ userId: ANN });
    const frames = ports.events.ofType('notification.read').flatMap(render);
    expectContractShapes(frames);
    expect(frames.map((f) => f.data)).toEqual([
      { ids: [ports.events.ofType('notification')[0]!.notification.id], unreadCount: 1 },
      { all: true, unreadCount: 0 },
    ]);
  });

  it('message.new is the same Message for every participant, the sender included', async () => {
    await matchAnnAndBob();
    const { message } = await new SendMessage(ports).execute({
      senderId: ANN,
      to: { userRef: 'bob' },
      content: 'hello',
      clientMessageId: 'c-1',
    });
    const frames = ports.events.ofType('message.new').flatMap(render);
    expectContractShapes(frames);
    expect(frames.map((f) => f.userId).sort()).toEqual([ANN, BOB].sort());
    for (const frame of frames)
      expect(frame.data).toEqual({
        id: message.id,
        conversationId: message.conversationId,
        sender: { id: ANN, username: 'ann' },
        content: 'hello',
        clientMessageId: 'c-1',
        createdAt: message.createdAt.toISOString(),
      });
  });

  it('message.read and typing go to the other participants', async () => {
    await matchAnnAndBob();
    const { message } = await new SendMessage(ports).execute({
      senderId: ANN,
      to: { userRef: 'bob' },
      content: 'hi',
    });
    await new MarkConversationRead(ports).execute({
      viewerId: BOB,
      conversationId: message.conversationId,
      messageId: message.id,
    });
    await new SendTyping(ports).execute({ userId: BOB, conversationId: message.conversationId });
    const read = ports.events.ofType('message.read').flatMap(render);
    const typing = ports.events.ofType('typing').flatMap(render);
    expectContractShapes([...read, ...typing]);
    expect(read.map((f) => [f.userId, f.data])).toContainEqual([
      ANN,
      { conversationId: message.conversationId, userId: BOB, messageId: message.id },
    ]);
    expect(typing.map((f) => [f.userId, f.data])).toEqual([
      [ANN, { conversationId: message.conversationId, user: { id: BOB, username: 'bob' } }],
    ]);
  });

  it('conversation.updated shows each participant the conversation as they see it (their own unread count)', async () => {
    await matchAnnAndBob();
    await new LikeUser(ports).execute({ viewerId: CAT, ref: 'ann' });
    await new LikeUser(ports).execute({ viewerId: ANN, ref: 'cat' });
    const group = await new CreateGroup(ports).execute({
      creatorId: ANN,
      title: 'Trio',
      participants: ['bob', 'cat'],
    });
    await new SendMessage(ports).execute({
      senderId: ANN,
      to: { conversationId: group.state.conversation.id },
      content: 'hey',
    });
    // A rename after a message: each participant's view differs by what they have read.
    const before = events().length;
    await new RenameGroup(ports).execute({
      viewerId: BOB,
      conversationId: group.state.conversation.id,
      title: 'Four?',
    });
    const [updated] = events()
      .slice(before)
      .filter(
        (e): e is Extract<DomainEvent, { type: 'conversation.updated' }> => e.type === 'conversation.updated',
      );
    const frames = render(updated!) as Extract<Rendered, { type: 'conversation.updated' }>[];
    expectContractShapes(frames);
    const unread = Object.fromEntries(frames.map((f) => [f.userId, f.data.unreadCount]));
    expect(unread).toEqual({ [ANN]: 0, [BOB]: 1, [CAT]: 1 });
    for (const frame of frames) {
      expect(frame.data.title).toBe('Four?');
      expect(frame.data.participants.map((p) => p.username).sort()).toEqual(['ann', 'bob', 'cat']);
    }
  });

  it('presence goes to the member’s connections, lastSeenAt as an instant once offline', async () => {
    await matchAnnAndBob();
    await new AnnouncePresence(ports).execute({ userId: ANN, online: true });
    ports.clock.advance(60_000);
    await new AnnouncePresence(ports).execute({ userId: ANN, online: false });
    const frames = ports.events.ofType('presence').flatMap(render);
    expectContractShapes(frames);
    expect(frames.map((f) => [f.userId, f.data])).toEqual([
      [BOB, { userId: ANN, online: true, lastSeenAt: null }],
      [BOB, { userId: ANN, online: false, lastSeenAt: ports.clock.now().toISOString() }],
    ]);
  });

  it('every event type of the domain has a frame, and replayable frames are the contract’s five', () => {
    const types: Record<DomainEvent['type'], ServerFrameType> = {
      notification: 'notification',
      'notification.read': 'notification.read',
      'message.new': 'message.new',
      'message.read': 'message.read',
      'conversation.updated': 'conversation.updated',
      typing: 'typing',
      presence: 'presence',
    };
    expect(Object.values(types).every((t) => t in SERVER_FRAMES)).toBe(true);
    expect([...REPLAYABLE].sort()).toEqual(
      ['conversation.updated', 'message.new', 'message.read', 'notification', 'notification.read'].sort(),
    );
    for (const type of ['typing', 'presence', 'replay.done', 'resync', 'pong', 'error'])
      expect(isReplayable(type)).toBe(false);
  });
});

describe('the frames the socket server makes itself', () => {
  it.each([
    ['replay.done', { lastId: '42' }],
    ['replay.done', { lastId: null }],
    ['resync', {}],
    ['pong', {}],
    ['error', { code: 'RATE_LIMITED', detail: 'At most 20 frames per second' }],
    ['error', { code: 'NOT_CONNECTED', detail: 'x', clientMessageId: 'c-1' }],
  ] as const)('%s %j has the contract’s shape', (type, data) => {
    expect(SERVER_FRAMES[type].parse(data)).toEqual(data);
  });

  it('refuses data of the wrong shape', () => {
    expect(SERVER_FRAMES['replay.done'].safeParse({}).success).toBe(false);
    expect(SERVER_FRAMES.typing.safeParse({ conversationId: 'x', user: { id: 'y' } }).success).toBe(false);
    expect(SERVER_FRAMES.presence.safeParse({ userId: ANN, online: 'yes', lastSeenAt: null }).success).toBe(
      false,
    );
  });
});
