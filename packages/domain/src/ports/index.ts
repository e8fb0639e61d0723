import type { AccessTokens } from './access-tokens.js';
import type { Clock } from './clock.js';
import type { IdGenerator } from './id-generator.js';
import type { DiscoveryRepository } from './discovery-repository.js';
import type { ImageProcessor } from './image-processor.js';
import type { InterestCatalog } from './interest-catalog.js';
import type { IpLocator } from './ip-locator.js';
import type { PictureStorage } from './picture-storage.js';
import type { Mailer } from './mailer.js';
import type { MailOutbox } from './mail-outbox.js';
import type { OneTimeTokenRepository } from './one-time-token-repository.js';
import type { PasswordBlocklist } from './password-blocklist.js';
import type { PasswordHasher } from './password-hasher.js';
import type { SecretTokens } from './secret-tokens.js';
import type { SessionRepository } from './session-repository.js';
import type { NotificationRepository, SocialRepository } from './social-repository.js';
import type { UserRepository } from './user-repository.js';
import type { ChatRepository } from './chat-repository.js';
import type { EventPublisher } from './realtime.js';
import type { RateLimiter } from './rate-limiter.js';
import type { ModerationRepository } from './moderation-repository.js';

export type * from './access-tokens.js';
export type * from './clock.js';
export type * from './id-generator.js';
export type * from './discovery-repository.js';
export type * from './image-processor.js';
export type * from './interest-catalog.js';
export type * from './ip-locator.js';
export type * from './picture-storage.js';
export type * from './mailer.js';
export type * from './mail-outbox.js';
export type * from './one-time-token-repository.js';
export type * from './password-blocklist.js';
export type * from './password-hasher.js';
export type * from './secret-tokens.js';
export type * from './session-repository.js';
export type * from './social-repository.js';
export type * from './user-repository.js';
export type * from './chat-repository.js';
export type * from './realtime.js';
export type * from './rate-limiter.js';
export type * from './moderation-repository.js';

/** Every port of the domain; each use case takes the few it needs. */
export interface Ports {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly oneTimeTokens: OneTimeTokenRepository;
  readonly hasher: PasswordHasher;
  readonly blocklist: PasswordBlocklist;
  readonly secrets: SecretTokens;
  readonly accessTokens: AccessTokens;
  /** Sends a mail now (SMTP): only the outbox's worker (`DeliverMailRequest`) calls it. */
  readonly mailer: Mailer;
  /** Where use cases ask for mail: kept durably, decided and sent by the worker. */
  readonly outbox: MailOutbox;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly images: ImageProcessor;
  readonly pictureStorage: PictureStorage;
  readonly ipLocator: IpLocator;
  readonly interests: InterestCatalog;
  readonly social: SocialRepository;
  readonly notifications: NotificationRepository;
  readonly discovery: DiscoveryRepository;
  readonly chat: ChatRepository;
  readonly events: EventPublisher;
  readonly limits: RateLimiter;
  readonly moderation: ModerationRepository;
}
