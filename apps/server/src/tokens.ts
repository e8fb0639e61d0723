import type { ServiceIdentifier } from 'inversify';
import type { Logger } from 'pino';
import type { Orm, ChangeNotifications, SqlEventLog } from '@kindred/adapters-persistence';
import type {
  Clock,
  EventBus,
  IpLocator,
  MailOutbox,
  Mailer,
  PictureStorage,
  Ports,
  RateLimiter,
  UserRepository,
  UseCases,
} from '@kindred/domain';
import type { Config } from './config.js';

const token = <T>(name: string) => Symbol.for(`kindred.${name}`) as ServiceIdentifier<T>;

/** Typed service identifiers of the container. */
export const TOKENS = {
  Config: token<Config>('Config'),
  Logger: token<Logger>('Logger'),
  Orm: token<Orm>('Orm'),
  JwtSecret: token<string>('JwtSecret'),
  /** Where use cases ask for mail: the durable queue. */
  MailOutbox: token<MailOutbox>('MailOutbox'),
  /** What the mail worker delivers through: SMTP, or the development outbox. */
  Mailer: token<Mailer>('Mailer'),
  RateLimiter: token<RateLimiter>('RateLimiter'),
  /** Hears of sessions and users changed on any node (PostgreSQL LISTEN/NOTIFY), for the caches. */
  ChangeNotifications: token<ChangeNotifications>('ChangeNotifications'),
  IpLocator: token<IpLocator>('IpLocator'),
  PictureStorage: token<PictureStorage>('PictureStorage'),
  /** Live frames between server processes: in-process, or Redis when REDIS_URL is set. */
  EventBus: token<EventBus>('EventBus'),
  /** Replayable frames per member (PostgreSQL). */
  EventLog: token<SqlEventLog>('EventLog'),
  UserRepository: token<UserRepository>('UserRepository'),
  /** Base of picture URLs in frames; read at each event, as the address is known once listening. */
  MediaBaseUrl: token<() => string>('MediaBaseUrl'),
  Clock: token<Clock>('Clock'),
  Ports: token<Ports>('Ports'),
  /** Every use case, built once: the one list is the domain's `createUseCases`. */
  UseCases: token<UseCases>('UseCases'),
} as const;
