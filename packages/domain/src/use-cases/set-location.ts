import type { Ports } from '../ports/index.js';
import type { User } from '../users/user.js';
import { ValidationError } from '../errors.js';
import { checkCoordinates } from '../users/location.js';
import { withFreshFame } from '../matching/refresh-fame.js';
import { loadSelf } from './get-me.js';

/** The member's own position, from their device (`gps`) or typed in (`manual`). */
export class SetLocation {
  constructor(private readonly ports: Pick<Ports, 'users' | 'clock' | 'social' | 'limits'>) {}

  async execute(input: {
    readonly userId: string;
    readonly latitude: number;
    readonly longitude: number;
    readonly source: 'gps' | 'manual';
  }): Promise<User> {
    const problems = checkCoordinates(input.latitude, input.longitude);
    if (problems.length > 0) throw new ValidationError(problems);
    await this.ports.limits.take('locationChangesPerUser', input.userId);
    const user = await loadSelf(this.ports.users, input.userId);
    const updated = await withFreshFame(this.ports, {
      ...user,
      location: { latitude: input.latitude, longitude: input.longitude, source: input.source, city: null },
      updatedAt: this.ports.clock.now(),
    });
    await this.ports.users.update(updated, user);
    return updated;
  }
}
