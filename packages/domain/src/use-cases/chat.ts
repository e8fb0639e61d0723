import type { Ports } from '../ports/index.js';
import type { ConversationMembers } from '../ports/chat-repository.js';
import type { Page, PageCursor, RelationsBetween } from '../ports/social-repository.js';
import type { User } from '../users/user.js';
import {
  chatErrors,
  groupTitle,
  GROUP_INVITEES_MAX,
  isParticipant,
  type Conversation,
  type ConversationState,
} from '../chat/conversation.js';
import {
  clientMessageId as checkClientMessageId,
  CLIENT_MESSAGE_ID_WINDOW_MS,
  messageContent,
  type Message,
} from '../chat/message.js';
import { ValidationError } from '../errors.js';
import { cannotTargetSelf, findByRef, refersTo, resolveOther } from '../social/resolve-user.js';
import { loadSelf } from './get-me.js';

type ChatPorts = Pick<
  Ports,
  'users' | 'social' | 'chat' | 'notifications' | 'events' | 'clock' | 'ids' | 'limits'
>;

/** A conversation as one member sees it, with the members it mentions. */
export interface ConversationView {
  readonly viewer: User;
  readonly state: ConversationState;
  /** Participants and the last message's sender, by id. */
  readonly members: ReadonlyMap<string, User>;
  readonly unreadCount: number;
}

export interface MessageView {
  readonly message: Message;
  readonly sender: Pick<User, 'id' | 'username'>;
}

/** Connected = both like each other and neither blocked the other. */
export function isConnected(relations: RelationsBetween): boolean {
  return relations.likedByMe && relations.likesMe && !relations.blocked;
}

/** The conversation, if it exists and `userId` takes part in it. */
export async function participantState(
  chat: Ports['chat'],
  conversationId: string,
  userId: string,
): Promise<ConversationState> {
  const state = await chat.get(conversationId);
  if (!state) throw chatErrors.conversationNotFound();
  if (!isParticipant(state, userId)) throw chatErrors.notAParticipant();
  return state;
}

/** A direct conversation accepts messages only while its two members are connected. */
async function assertCanWrite(
  ports: ChatPorts,
  members: ConversationMembers,
  senderId: string,
): Promise<void> {
  if (members.kind !== 'direct') return;
  const other = members.participantIds.find((id) => id !== senderId);
  if (!other || !isConnected(await ports.social.between(senderId, other))) throw chatErrors.notConnected();
}

/** The members of a conversation `userId` takes part in. */
async function membersFor(
  chat: Ports['chat'],
  conversationId: string,
  userId: string,
): Promise<ConversationMembers> {
  const members = await chat.members(conversationId);
  if (!members) throw chatErrors.conversationNotFound();
  if (!members.participantIds.includes(userId)) throw chatErrors.notAParticipant();
  return members;
}

const membersOf = (state: ConversationState): ConversationMembers => ({
  conversationId: state.conversation.id,
  kind: state.conversation.kind,
  participantIds: state.participants.map((p) => p.userId),
});

const recipientsOf = (state: ConversationState) => state.participants.map((p) => p.userId);

async function viewsOf(
  ports: Pick<Ports, 'users' | 'chat'>,
  viewer: User,
  states: readonly ConversationState[],
): Promise<ConversationView[]> {
  const ids = new Set<string>();
  for (const state of states) {
    for (const p of state.participants) ids.add(p.userId);
    if (state.lastMessage) ids.add(state.lastMessage.senderId);
  }
  const members = new Map((await ports.users.findByIds([...ids])).map((u) => [u.id, u]));
  const unread = await ports.chat.unreadCounts(viewer.id);
  return states.map((state) => ({
    viewer,
    state,
    members,
    unreadCount: unread.get(state.conversation.id) ?? 0,
  }));
}

export async function conversationView(
  ports: Pick<Ports, 'users' | 'chat'>,
  viewer: User,
  state: ConversationState,
): Promise<ConversationView> {
  return (await viewsOf(ports, viewer, [state]))[0]!;
}

async function messageViews(users: Ports['users'], messages: readonly Message[]): Promise<MessageView[]> {
  const senders = new Map(
    (await users.findByIds([...new Set(messages.map((m) => m.senderId))])).map((u) => [u.id, u]),
  );
  return messages.flatMap((message) => {
    const sender = senders.get(message.senderId);
    return sender ? [{ message, sender: { id: sender.id, username: sender.username } }] : [];
  });
}

/**
 * Sends a message to a conversation (by id) or to a member (their direct
 * conversation, created on first use). Idempotent by `clientMessageId`: the
 * same content again answers the first message (`created: false`) and
 * pushes nothing; other content under the same id is a conflict.
 */
export class SendMessage {
  constructor(private readonly ports: ChatPorts) {}

  async execute(input: {
    readonly senderId: string;
    readonly to: { readonly conversationId: string } | { readonly userRef: string };
    readonly content: string;
    readonly clientMessageId?: string | null | undefined;
  }): Promise<{ message: MessageView; created: boolean }> {
    const content = messageContent(input.content);
    const clientMessageId = checkClientMessageId(input.clientMessageId);
    // One count per send, whichever way it came (HTTP or WebSocket).
    await this.ports.limits.take('messagesPerUser', input.senderId);
    const sender = await loadSelf(this.ports.users, input.senderId);
    const members = await this.conversationFor(sender, input.to);
    await assertCanWrite(this.ports, members, sender.id);

    const now = this.ports.clock.now();
    // The repository claims the clientMessageId as it stores: a replay, even a racing one, answers the first.
    const stored = await this.ports.chat.append(
      {
        id: this.ports.ids.next(),
        conversationId: members.conversationId,
        senderId: sender.id,
        content,
        clientMessageId,
        createdAt: now,
      },
      new Date(now.getTime() - CLIENT_MESSAGE_ID_WINDOW_MS),
    );
    if (!stored.created) return this.replay(sender, stored.message, members.conversationId, content);

    const message = stored.message;
    await this.ports.events.publish({ type: 'message.new', recipients: members.participantIds, message });
    for (const recipient of members.participantIds) {
      if (recipient === sender.id) continue;
      const notification = {
        id: this.ports.ids.next(),
        userId: recipient,
        type: 'message' as const,
        actorId: sender.id,
        conversationId: message.conversationId,
        createdAt: now,
        readAt: null,
      };
      if (await this.ports.notifications.addMessageNotice(notification))
        await this.ports.events.publish({ type: 'notification', notification });
    }
    return { message: { message, sender: { id: sender.id, username: sender.username } }, created: true };
  }

  private replay(sender: User, earlier: Message, conversationId: string, content: string) {
    if (earlier.content !== content || earlier.conversationId !== conversationId)
      throw chatErrors.clientMessageIdReused();
    return {
      message: { message: earlier, sender: { id: sender.id, username: sender.username } },
      created: false,
    };
  }

  private async conversationFor(
    sender: User,
    to: { readonly conversationId: string } | { readonly userRef: string },
  ): Promise<ConversationMembers> {
    if ('conversationId' in to) return membersFor(this.ports.chat, to.conversationId, sender.id);
    if (refersTo(sender, to.userRef)) throw cannotTargetSelf();
    const { target, relations } = await resolveOther(this.ports, sender, to.userRef);
    if (!isConnected(relations)) throw chatErrors.notConnected();
    const existing = await this.ports.chat.directBetween(sender.id, target.id);
    if (existing) return membersOf(existing);
    const now = this.ports.clock.now();
    return membersOf(
      await this.ports.chat.openDirect(
        {
          id: this.ports.ids.next(),
          kind: 'direct',
          title: null,
          createdBy: sender.id,
          createdAt: now,
          updatedAt: now,
        },
        sender.id,
        target.id,
      ),
    );
  }
}

/** The direct conversation with another member. */
export class GetDirectConversation {
  constructor(private readonly ports: ChatPorts) {}

  async execute(input: { readonly viewerId: string; readonly ref: string }): Promise<ConversationView> {
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    const target = refersTo(viewer, input.ref)
      ? viewer
      : (await resolveOther(this.ports, viewer, input.ref)).target;
    const state = target.id === viewer.id ? null : await this.ports.chat.directBetween(viewer.id, target.id);
    if (!state) throw chatErrors.conversationNotFound();
    return conversationView(this.ports, viewer, state);
  }
}

export class GetConversation {
  constructor(private readonly ports: ChatPorts) {}

  async execute(input: {
    readonly viewerId: string;
    readonly conversationId: string;
  }): Promise<ConversationView> {
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    return conversationView(
      this.ports,
      viewer,
      await participantState(this.ports.chat, input.conversationId, viewer.id),
    );
  }
}

export class ListConversations {
  constructor(private readonly ports: ChatPorts) {}

  async execute(input: {
    readonly viewerId: string;
    readonly limit: number;
    readonly after: PageCursor | null;
  }): Promise<Page<ConversationView>> {
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    const page = await this.ports.chat.listFor(viewer.id, input.limit, input.after);
    return { items: await viewsOf(this.ports, viewer, page.items), next: page.next };
  }
}

/** A group of the creator and members they are connected with. */
export class CreateGroup {
  constructor(private readonly ports: ChatPorts) {}

  async execute(input: {
    readonly creatorId: string;
    readonly title: string;
    readonly participants: readonly string[];
  }): Promise<ConversationView> {
    const title = groupTitle(input.title);
    if (input.participants.length < 1 || input.participants.length > GROUP_INVITEES_MAX)
      throw new ValidationError([
        { path: '/participants', code: 'OUT_OF_RANGE', message: `1 to ${GROUP_INVITEES_MAX} usernames` },
      ]);
    const creator = await loadSelf(this.ports.users, input.creatorId);
    if (input.participants.some((ref) => refersTo(creator, ref))) throw cannotTargetSelf();
    const invitees = new Map<string, User>();
    const relations: RelationsBetween[] = [];
    for (const ref of input.participants) {
      const other = await resolveOther(this.ports, creator, ref);
      invitees.set(other.target.id, other.target);
      relations.push(other.relations);
    }
    // Every name must exist (404) before any connection is judged (403).
    if (!relations.every(isConnected)) throw chatErrors.notConnected();
    const now = this.ports.clock.now();
    const conversation: Conversation = {
      id: this.ports.ids.next(),
      kind: 'group',
      title,
      createdBy: creator.id,
      createdAt: now,
      updatedAt: now,
    };
    const state = await this.ports.chat.createGroup(conversation, [creator.id, ...invitees.keys()]);
    await announce(this.ports, state);
    return conversationView(this.ports, creator, state);
  }
}

/** Tells every participant of `state` that the conversation changed (title or participants). */
function announce(ports: ChatPorts, state: ConversationState): Promise<void> {
  return ports.events.publish({
    type: 'conversation.updated',
    recipients: recipientsOf(state),
    conversationId: state.conversation.id,
  });
}

/** After a change: the conversation read again, announced, and as the viewer now sees it. */
async function announceChanged(
  ports: ChatPorts,
  viewer: User,
  before: ConversationState,
): Promise<ConversationView> {
  const state = (await ports.chat.get(before.conversation.id)) ?? before;
  await announce(ports, state);
  return conversationView(ports, viewer, state);
}

async function groupOf(ports: ChatPorts, conversationId: string, userId: string): Promise<ConversationState> {
  const state = await participantState(ports.chat, conversationId, userId);
  if (state.conversation.kind !== 'group') throw chatErrors.notAGroup();
  return state;
}

/** Any participant renames a group. */
export class RenameGroup {
  constructor(private readonly ports: ChatPorts) {}

  async execute(input: {
    readonly viewerId: string;
    readonly conversationId: string;
    readonly title: string;
  }): Promise<ConversationView> {
    const title = groupTitle(input.title);
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    const before = await groupOf(this.ports, input.conversationId, viewer.id);
    await this.ports.chat.rename(before.conversation.id, title, this.ports.clock.now());
    return announceChanged(this.ports, viewer, before);
  }
}

/** A participant adds a member they are connected with. */
export class AddParticipant {
  constructor(private readonly ports: ChatPorts) {}

  async execute(input: {
    readonly viewerId: string;
    readonly conversationId: string;
    readonly ref: string;
  }): Promise<ConversationView> {
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    // The contract's precedence: 404 (conversation, user), then 403, then 409.
    const before = await this.ports.chat.get(input.conversationId);
    if (!before) throw chatErrors.conversationNotFound();
    const self = refersTo(viewer, input.ref);
    const other = self ? null : await resolveOther(this.ports, viewer, input.ref);
    if (!isParticipant(before, viewer.id)) throw chatErrors.notAParticipant();
    if (other && !isConnected(other.relations)) throw chatErrors.notConnected();
    if (before.conversation.kind !== 'group') throw chatErrors.notAGroup();
    const target = other?.target ?? viewer;
    if (!(await this.ports.chat.addParticipant(before.conversation.id, target.id, this.ports.clock.now())))
      throw chatErrors.alreadyParticipant();
    return announceChanged(this.ports, viewer, before);
  }
}

/** Anyone leaves; only the creator removes others. */
export class RemoveParticipant {
  constructor(private readonly ports: ChatPorts) {}

  async execute(input: {
    readonly viewerId: string;
    readonly conversationId: string;
    readonly ref: string;
  }): Promise<void> {
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    const state = await this.ports.chat.get(input.conversationId);
    if (!state) throw chatErrors.conversationNotFound();
    const target = refersTo(viewer, input.ref) ? viewer : await findByRef(this.ports.users, input.ref);
    if (!target || !isParticipant(state, target.id)) throw chatErrors.participantNotFound();
    if (!isParticipant(state, viewer.id)) throw chatErrors.notAParticipant();
    if (target.id !== viewer.id && state.conversation.createdBy !== viewer.id) throw chatErrors.notAllowed();
    if (state.conversation.kind !== 'group') throw chatErrors.notAGroup();
    await this.ports.chat.removeParticipant(state.conversation.id, target.id, this.ports.clock.now());
    // Told with the participants from before: the removed member hears of it too, so their list drops the group.
    await announce(this.ports, state);
  }
}

/** A page of history: older from `before` (newest first) or newer from `after` (oldest first). */
export class ListMessages {
  constructor(private readonly ports: ChatPorts) {}

  async execute(input: {
    readonly viewerId: string;
    readonly conversationId: string;
    readonly direction: 'before' | 'after';
    readonly from: string | null;
    readonly limit: number;
  }): Promise<{ items: MessageView[]; hasMore: boolean }> {
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    await membersFor(this.ports.chat, input.conversationId, viewer.id);
    const slice = await this.ports.chat.messages(input.conversationId, {
      direction: input.direction,
      from: input.from,
      limit: input.limit,
    });
    if (!slice)
      throw new ValidationError([
        { path: `?${input.direction}`, code: 'NOT_IN_CONVERSATION', message: 'No such message here' },
      ]);
    return { items: await messageViews(this.ports.users, slice.items), hasMore: slice.hasMore };
  }
}

/** Marks a message and everything before it read; the other participants and tabs are told. */
export class MarkConversationRead {
  constructor(private readonly ports: ChatPorts) {}

  async execute(input: {
    readonly viewerId: string;
    readonly conversationId: string;
    readonly messageId: string;
  }): Promise<void> {
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    const members = await membersFor(this.ports.chat, input.conversationId, viewer.id);
    const outcome = await this.ports.chat.markRead(members.conversationId, viewer.id, input.messageId);
    if (outcome === 'unknown') throw chatErrors.messageNotFound();
    if (outcome === 'moved')
      await this.ports.events.publish({
        type: 'message.read',
        recipients: members.participantIds,
        conversationId: members.conversationId,
        userId: viewer.id,
        messageId: input.messageId,
      });
  }
}

export class CountUnread {
  constructor(private readonly ports: Pick<Ports, 'chat'>) {}

  async execute(input: {
    readonly userId: string;
  }): Promise<{ count: number; conversations: Record<string, number> }> {
    const counts = await this.ports.chat.unreadCounts(input.userId);
    const conversations = Object.fromEntries(counts);
    return { count: [...counts.values()].reduce((a, b) => a + b, 0), conversations };
  }
}

/** "Is typing…" to the other participants; not stored. Same rights as sending. */
export class SendTyping {
  constructor(private readonly ports: ChatPorts) {}

  async execute(input: { readonly userId: string; readonly conversationId: string }): Promise<void> {
    const members = await membersFor(this.ports.chat, input.conversationId, input.userId);
    await assertCanWrite(this.ports, members, input.userId);
    await this.ports.events.publish({
      type: 'typing',
      recipients: members.participantIds.filter((id) => id !== input.userId),
      conversationId: members.conversationId,
      userId: input.userId,
    });
  }
}
