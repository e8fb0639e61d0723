import type { Ports } from '../ports/index.js';
import type { ListKind, Page, PageCursor } from '../ports/social-repository.js';
import type { User } from '../users/user.js';
import { loadSelf } from './get-me.js';

export interface RelatedUser {
  readonly user: User;
  readonly at: Date;
}

/** Visitors, likers, matches or blocked members of the signed-in user, newest first. */
export class ListRelations {
  constructor(private readonly ports: Pick<Ports, 'users' | 'social'>) {}

  async execute(input: {
    readonly userId: string;
    readonly kind: ListKind;
    readonly limit: number;
    readonly after: PageCursor | null;
  }): Promise<{ viewer: User; page: Page<RelatedUser> }> {
    const viewer = await loadSelf(this.ports.users, input.userId);
    const page = await this.ports.social.list(input.kind, viewer.id, input.limit, input.after);
    const users = new Map(
      (await this.ports.users.findByIds(page.items.map((r) => r.userId))).map((u) => [u.id, u]),
    );
    const items = page.items.flatMap((r) => {
      const user = users.get(r.userId);
      return user ? [{ user, at: r.at }] : [];
    });
    return { viewer, page: { items, next: page.next } };
  }
}
