import type { OneTimeTokenRepository } from '../../ports/one-time-token-repository.js';
import type { SessionRepository } from '../../ports/session-repository.js';
import type { UserRepository } from '../../ports/user-repository.js';

/** The repositories of one adapter over one fresh, empty store. */
export interface RepositoryKit {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly oneTimeTokens: OneTimeTokenRepository;
}

export type KitFactory = () => Promise<RepositoryKit>;
