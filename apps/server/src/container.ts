import { FilesystemPictureStorage, SharpImageProcessor } from '@kindred/adapters-pictures';
import { Container } from 'inversify';
import type { Logger } from 'pino';
import {
  CachedSessionRepository,
  CachedUserRepository,
  MikroOrmOneTimeTokenRepository,
  MikroOrmSessionRepository,
  MikroOrmUserRepository,
  SqlInterestCatalog,
  SqlModerationRepository,
  SqlNotificationRepository,
  SqlDiscoveryRepository,
  SqlSocialRepository,
  SqlChatRepository,
  SqlEventLog,
  type Orm,
  type ChangeNotifications,
} from '@kindred/adapters-persistence';
import {
  Argon2PasswordHasher,
  CommonPasswordBlocklist,
  JoseAccessTokens,
  NodeSecretTokens,
  UuidV7Ids,
} from '@kindred/adapters-security';
import { FramePublisher } from '@kindred/adapters-ws';
import {
  createUseCases,
  type Clock,
  type EventBus,
  type IpLocator,
  type Mailer,
  type MailOutbox,
  type PictureStorage,
  type Ports,
  type RateLimiter,
  type UserRepository,
} from '@kindred/domain';
import type { Config } from './config.js';
import { TOKENS } from './tokens.js';

/** What is started before the container is built (connections, pools, the queue), bound as values. */
export interface Infrastructure {
  readonly config: Config;
  readonly logger: Logger;
  readonly orm: Orm;
  readonly jwtSecret: string;
  readonly outbox: MailOutbox;
  readonly mailer: Mailer;
  /** The rate limits, counted where every node sees them (or none: RATE_LIMITS=off). */
  readonly limits: RateLimiter;
  readonly changeNotifications: ChangeNotifications;
  readonly ipLocator: IpLocator;
  /** Folder of picture files. */
  readonly mediaDir: string;
  readonly bus: EventBus;
  readonly mediaBaseUrl: () => string;
  /** Time for every rule and lifetime; the system's unless a test moves it. */
  readonly clock: Clock;
}

/**
 * Wires ports to adapters, and the use cases to the ports. The use cases
 * themselves are listed once, by the domain (`createUseCases`).
 */
export function buildContainer(infra: Infrastructure): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(TOKENS.Config).toConstantValue(infra.config);
  container.bind(TOKENS.Logger).toConstantValue(infra.logger);
  container.bind(TOKENS.Orm).toConstantValue(infra.orm);
  container.bind(TOKENS.JwtSecret).toConstantValue(infra.jwtSecret);
  container.bind(TOKENS.MailOutbox).toConstantValue(infra.outbox);
  container.bind(TOKENS.Mailer).toConstantValue(infra.mailer);
  container.bind(TOKENS.RateLimiter).toConstantValue(infra.limits);
  container.bind(TOKENS.ChangeNotifications).toConstantValue(infra.changeNotifications);
  container.bind(TOKENS.IpLocator).toConstantValue(infra.ipLocator);
  container.bind(TOKENS.PictureStorage).toConstantValue(new FilesystemPictureStorage(infra.mediaDir));
  container.bind(TOKENS.EventBus).toConstantValue(infra.bus);
  container.bind(TOKENS.MediaBaseUrl).toConstantValue(infra.mediaBaseUrl);
  container.bind(TOKENS.Clock).toConstantValue(infra.clock);
  // One user cache for the use cases and for the event log's replayed notifications.
  container
    .bind(TOKENS.UserRepository)
    .toResolvedValue(
      (orm: Orm, notifications: ChangeNotifications) =>
        new CachedUserRepository(new MikroOrmUserRepository(orm), notifications),
      [TOKENS.Orm, TOKENS.ChangeNotifications],
    );
  container
    .bind(TOKENS.EventLog)
    .toResolvedValue(
      (orm: Orm, users: UserRepository) => new SqlEventLog(orm, users),
      [TOKENS.Orm, TOKENS.UserRepository],
    );
  container
    .bind(TOKENS.Ports)
    .toResolvedValue(ports, [
      TOKENS.Config,
      TOKENS.Orm,
      TOKENS.JwtSecret,
      TOKENS.MailOutbox,
      TOKENS.Mailer,
      TOKENS.ChangeNotifications,
      TOKENS.IpLocator,
      TOKENS.PictureStorage,
      TOKENS.EventLog,
      TOKENS.EventBus,
      TOKENS.RateLimiter,
      TOKENS.MediaBaseUrl,
      TOKENS.Logger,
      TOKENS.Clock,
      TOKENS.UserRepository,
    ]);
  container
    .bind(TOKENS.UseCases)
    .toResolvedValue(
      (ports: Ports, config: Config) =>
        createUseCases(ports, { hideAfterReporters: config.hideAfterReporters }),
      [TOKENS.Ports, TOKENS.Config],
    );
  return container;
}

function ports(
  config: Config,
  orm: Orm,
  jwtSecret: string,
  outbox: MailOutbox,
  mailer: Mailer,
  notifications: ChangeNotifications,
  ipLocator: IpLocator,
  pictureStorage: PictureStorage,
  eventLog: SqlEventLog,
  bus: EventBus,
  limits: RateLimiter,
  mediaBaseUrl: () => string,
  logger: Logger,
  clock: Clock,
  users: UserRepository,
): Ports {
  return {
    users,
    sessions: new CachedSessionRepository(new MikroOrmSessionRepository(orm), notifications),
    oneTimeTokens: new MikroOrmOneTimeTokenRepository(orm),
    hasher: new Argon2PasswordHasher(),
    blocklist: new CommonPasswordBlocklist(),
    secrets: new NodeSecretTokens(),
    accessTokens: new JoseAccessTokens(jwtSecret, config.accessTokenTtlSeconds, clock),
    mailer,
    outbox,
    clock,
    ids: new UuidV7Ids(),
    images: new SharpImageProcessor(),
    pictureStorage,
    ipLocator,
    interests: new SqlInterestCatalog(orm),
    social: new SqlSocialRepository(orm),
    notifications: new SqlNotificationRepository(orm),
    discovery: new SqlDiscoveryRepository(orm),
    chat: new SqlChatRepository(orm),
    events: new FramePublisher(eventLog, bus, clock, mediaBaseUrl, logger),
    limits,
    moderation: new SqlModerationRepository(orm),
  };
}
