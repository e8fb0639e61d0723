import type { Logger } from 'pino';
import type { UserRepository } from '@kindred/domain';

const EVERY_MS = 60_000;
const MAX_TRACKED = 100_000;

/**
 * Records members' last activity at most once a minute each (per node), off
 * the request's path: "online" and "last seen" need minutes, not milliseconds.
 */
export class ActivityRecorder {
  private readonly lastWrite = new Map<string, number>();

  constructor(
    private readonly users: Pick<UserRepository, 'touch'>,
    private readonly logger: Logger,
  ) {}

  record(userId: string): void {
    const now = Date.now();
    const last = this.lastWrite.get(userId);
    if (last !== undefined && now - last < EVERY_MS) return;
    if (this.lastWrite.size >= MAX_TRACKED) this.lastWrite.clear();
    this.lastWrite.set(userId, now);
    this.users.touch(userId, new Date(now)).catch((error: unknown) => {
      this.lastWrite.delete(userId);
      this.logger.debug({ err: error }, 'could not record activity');
    });
  }
}
