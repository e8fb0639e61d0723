import type { Ports } from '../ports/index.js';
import { cannotTargetSelf, refersTo, resolveOther } from '../social/resolve-user.js';
import { loadSelf } from './get-me.js';

export class BlockUser {
  constructor(private readonly ports: Pick<Ports, 'users' | 'social' | 'clock'>) {}

  async execute(input: {
    readonly viewerId: string;
    readonly ref: string;
    readonly blocked: boolean;
  }): Promise<{ blocked: boolean }> {
    const viewer = await loadSelf(this.ports.users, input.viewerId);
    if (refersTo(viewer, input.ref)) throw cannotTargetSelf();
    const { target } = await resolveOther(this.ports, viewer, input.ref, { acrossBlocks: true });
    if (input.blocked) await this.ports.social.block(viewer.id, target.id, this.ports.clock.now());
    else await this.ports.social.unblock(viewer.id, target.id);
    return { blocked: input.blocked };
  }
}
