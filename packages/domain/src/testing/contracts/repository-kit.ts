import type { ChatRepository } from '../../ports/chat-repository.js';
import type { DiscoveryRepository } from '../../ports/discovery-repository.js';
import type { InterestCatalog } from '../../ports/interest-catalog.js';
import type { OneTimeTokenRepository } from '../../ports/one-time-token-repository.js';
import type { EventLog } from '../../ports/realtime.js';
import type { SessionRepository } from '../../ports/session-repository.js';
import type { NotificationRepository, SocialRepository } from '../../ports/social-repository.js';
import type { UserRepository } from '../../ports/user-repository.js';
import type { ModerationRepository } from '../../ports/moderation-repository.js';

/** The account repositories of one adapter over one fresh, empty store. */
export interface RepositoryKit {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly oneTimeTokens: OneTimeTokenRepository;
}

export type KitFactory = () => Promise<RepositoryKit>;

/** Every store of one adapter, fresh and empty: what `repositoryContracts` runs every suite against. */
export interface StoreKit extends RepositoryKit {
  readonly social: SocialRepository;
  readonly notifications: NotificationRepository;
  readonly chat: ChatRepository;
  readonly discovery: DiscoveryRepository;
  readonly eventLog: EventLog;
  readonly interests: InterestCatalog;
  readonly moderation: ModerationRepository;
}
