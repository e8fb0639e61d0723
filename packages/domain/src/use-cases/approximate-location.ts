import type { Ports } from '../ports/index.js';
import type { User } from '../users/user.js';
import { withFreshFame } from '../matching/refresh-fame.js';

/**
 * A member who never set a position gets one from their IP address
 * (`source: "ip"`), at verification or login. Never replaces a position
 * they chose; a failed lookup changes nothing.
 */
export async function approximateLocation(
  ports: Pick<Ports, 'users' | 'ipLocator' | 'clock' | 'social'>,
  user: User,
  ip: string | undefined,
): Promise<User> {
  if (user.location !== null || !ip) return user;
  const found = await ports.ipLocator.locate(ip).catch(() => null);
  if (!found) return user;
  const updated = await withFreshFame(ports, {
    ...user,
    location: { ...found, source: 'ip' },
    updatedAt: ports.clock.now(),
  });
  await ports.users.update(updated, user);
  return updated;
}
