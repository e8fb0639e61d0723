import { noticeWaiting } from '../chat/read-markers.js';
import type { Notification } from '../notifications/notification.js';
import type { ReportStatus } from '../moderation/reports.js';
import type {
  ListKind,
  NotificationRepository,
  Page,
  PageCursor,
  Relation,
  RelationsBetween,
  SocialCounts,
  SocialRepository,
} from '../ports/social-repository.js';

const pair = (a: string, b: string) => `${a}|${b}`;

/** A report as kept: one per reporter and reported member. */
export interface StoredReport {
  id: string;
  at: Date;
  reason: string | null;
  status: ReportStatus;
}

/** Newest first, ties by id descending; rows strictly after the cursor. */
function paginate<T>(
  rows: T[],
  key: (row: T) => { at: Date; id: string },
  limit: number,
  after: PageCursor | null,
): Page<T> {
  const sorted = [...rows].sort((x, y) => {
    const a = key(x);
    const b = key(y);
    return b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
  });
  const rest = after
    ? sorted.filter((row) => {
        const k = key(row);
        return (
          k.at.getTime() < after.at.getTime() || (k.at.getTime() === after.at.getTime() && k.id < after.id)
        );
      })
    : sorted;
  const items = rest.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rest.length > limit && last ? key(last) : null };
}

export class InMemorySocialRepository implements SocialRepository {
  readonly likes = new Map<string, Date>();
  readonly blocks = new Map<string, Date>();
  readonly reports = new Map<string, StoredReport>();
  /** Suspended or banned now (wired to the users and the clock): hidden from every list, as a block hides. */
  isSuspended: (userId: string) => boolean = () => false;
  private reportIds = 0;
  readonly visits = new Map<string, { at: Date; notifiedAt: Date | null }>();
  readonly mutes = new Set<string>();

  async between(me: string, them: string): Promise<RelationsBetween> {
    return {
      likedByMe: this.likes.has(pair(me, them)),
      likesMe: this.likes.has(pair(them, me)),
      reportedByMe: this.reports.has(pair(me, them)),
      blocked: this.isBlocked(me, them),
      muted: this.mutes.has(pair(me, them)),
      mutedMe: this.mutes.has(pair(them, me)),
    };
  }

  async like(liker: string, liked: string, at: Date) {
    return this.put(this.likes, pair(liker, liked), at);
  }

  async unlike(liker: string, liked: string) {
    return this.likes.delete(pair(liker, liked));
  }

  async block(blocker: string, blocked: string, at: Date) {
    return this.put(this.blocks, pair(blocker, blocked), at);
  }

  async unblock(blocker: string, blocked: string) {
    return this.blocks.delete(pair(blocker, blocked));
  }

  async report(reporter: string, reported: string, reason: string | null, at: Date) {
    const key = pair(reporter, reported);
    const existing = this.reports.get(key);
    if (existing?.status === 'open') return false;
    // A new report after a moderator's decision opens the case again.
    const id = existing?.id ?? `00000000-0000-7000-b000-${(++this.reportIds).toString().padStart(12, '0')}`;
    this.reports.set(key, { id, at, reason, status: 'open' });
    return true;
  }

  async withdrawReport(reporter: string, reported: string) {
    return this.reports.delete(pair(reporter, reported));
  }

  async visit(visitor: string, visited: string, at: Date, quietMs: number): Promise<boolean> {
    const previous = this.visits.get(pair(visitor, visited));
    const tell = !previous?.notifiedAt || at.getTime() - previous.notifiedAt.getTime() >= quietMs;
    this.visits.set(pair(visitor, visited), { at, notifiedAt: tell ? at : (previous?.notifiedAt ?? null) });
    return tell;
  }

  async setMuted(me: string, them: string, muted: boolean): Promise<void> {
    if (muted) this.mutes.add(pair(me, them));
    else this.mutes.delete(pair(me, them));
  }

  async counts(userId: string): Promise<SocialCounts> {
    const toUser = (map: Map<string, unknown>) =>
      [...map.keys()].filter((k) => k.endsWith(`|${userId}`)).map((k) => k.split('|')[0]!);
    const likers = toUser(this.likes);
    return {
      likesReceived: likers.length,
      matches: likers.filter((liker) => this.likes.has(pair(userId, liker))).length,
      visitsReceived: toUser(this.visits).length,
      // Dismissed reports were judged unfounded: they no longer lower fame.
      fakeReports: [...this.reports]
        .filter(([key, r]) => key.endsWith(`|${userId}`) && r.status !== 'dismissed')
        .map(([key]) => key).length,
    };
  }

  async list(
    kind: ListKind,
    userId: string,
    limit: number,
    after: PageCursor | null,
  ): Promise<Page<Relation>> {
    const rows: Relation[] = [];
    const incoming = (map: Map<string, Date | { at: Date }>) => {
      for (const [key, value] of map) {
        const [from, to] = key.split('|') as [string, string];
        if (to === userId) rows.push({ userId: from, at: value instanceof Date ? value : value.at });
      }
    };
    if (kind === 'visitors') incoming(this.visits);
    if (kind === 'likers') incoming(this.likes);
    if (kind === 'matches') {
      for (const [key, at] of this.likes) {
        const [from, to] = key.split('|') as [string, string];
        const back = this.likes.get(pair(to, from));
        if (from === userId && back) rows.push({ userId: to, at: back > at ? back : at });
      }
    }
    if (kind === 'blocked') {
      for (const [key, at] of this.blocks) {
        const [from, to] = key.split('|') as [string, string];
        if (from === userId) rows.push({ userId: to, at });
      }
    }
    const visible =
      kind === 'blocked'
        ? rows
        : rows.filter((r) => !this.isBlocked(userId, r.userId) && !this.isSuspended(r.userId));
    return paginate(visible, (r) => ({ at: r.at, id: r.userId }), limit, after);
  }

  isBlocked(a: string, b: string): boolean {
    return this.blocks.has(pair(a, b)) || this.blocks.has(pair(b, a));
  }

  dropUser(userId: string): void {
    for (const map of [this.likes, this.blocks, this.reports, this.visits]) {
      for (const key of map.keys()) if (key.split('|').includes(userId)) map.delete(key);
    }
    for (const key of this.mutes) if (key.split('|').includes(userId)) this.mutes.delete(key);
  }

  private put(map: Map<string, Date>, key: string, at: Date): boolean {
    if (map.has(key)) return false;
    map.set(key, at);
    return true;
  }
}

export class InMemoryNotificationRepository implements NotificationRepository {
  readonly all: Notification[] = [];

  constructor(private readonly social: InMemorySocialRepository) {}

  async add(notification: Notification): Promise<void> {
    this.all.push(notification);
  }

  async addMessageNotice(notification: Notification): Promise<boolean> {
    const waiting = noticeWaiting(this.all, notification);
    if (!waiting) this.all.push(notification);
    return !waiting;
  }

  async list(
    userId: string,
    options: { unreadOnly: boolean; limit: number; after: PageCursor | null },
  ): Promise<Page<Notification>> {
    const mine = this.visibleTo(userId).filter((n) => !options.unreadOnly || n.readAt === null);
    return paginate(mine, (n) => ({ at: n.createdAt, id: n.id }), options.limit, options.after);
  }

  async unreadCount(userId: string): Promise<number> {
    return this.visibleTo(userId).filter((n) => n.readAt === null).length;
  }

  async markRead(
    userId: string,
    which: { ids?: readonly string[]; upTo?: string },
    at: Date,
  ): Promise<number> {
    const upTo =
      which.upTo === undefined ? undefined : this.all.find((n) => n.id === which.upTo && n.userId === userId);
    if (which.upTo !== undefined && !upTo) return 0;
    let changed = 0;
    const visible = new Set(this.visibleTo(userId));
    this.all.forEach((n, i) => {
      // Hidden notifications (across a block) stay as they were.
      if (!visible.has(n) || n.readAt !== null) return;
      const chosen = which.ids
        ? which.ids.includes(n.id)
        : upTo
          ? n.createdAt < upTo.createdAt ||
            (n.createdAt.getTime() === upTo.createdAt.getTime() && n.id <= upTo.id)
          : true;
      if (chosen) {
        this.all[i] = { ...n, readAt: at };
        changed += 1;
      }
    });
    return changed;
  }

  dropUser(userId: string): void {
    for (let i = this.all.length - 1; i >= 0; i--) {
      if (this.all[i]!.userId === userId || this.all[i]!.actorId === userId) this.all.splice(i, 1);
    }
  }

  private visibleTo(userId: string): Notification[] {
    return this.all.filter(
      (n) =>
        n.userId === userId &&
        (n.actorId === null ||
          (!this.social.isBlocked(userId, n.actorId) && !this.social.isSuspended(n.actorId))),
    );
  }
}
