import type { ServiceIdentifier } from 'inversify';
import type { Logger } from 'pino';
import type { AccountUseCases } from '@kindred/adapters-http';
import type { Orm, ChangeNotifications, SqlEventLog } from '@kindred/adapters-persistence';
import type {
  EventBus,
  IpLocator,
  MailOutbox,
  Mailer,
  PictureStorage,
  Ports,
  RateLimiter,
} from '@kindred/domain';
import type { Config } from './config.js';

const token = <T>(name: string) => Symbol.for(`kindred.${name}`) as ServiceIdentifier<T>;

/** Typed service identifiers of the container. */
export const TOKENS = {
  Config: token<Config>('Config'),
  Logger: token<Logger>('Logger'),
  Orm: token<Orm>('Orm'),
  JwtSecret: token<string>('JwtSecret'),
  /** Where use cases send mail: the durable queue. */
  MailQueue: token<Mailer & MailOutbox>('MailQueue'),
  RateLimiter: token<RateLimiter>('RateLimiter'),
  /** Hears of sessions and users changed on any node (PostgreSQL LISTEN/NOTIFY), for the caches. */
  ChangeNotifications: token<ChangeNotifications>('ChangeNotifications'),
  IpLocator: token<IpLocator>('IpLocator'),
  PictureStorage: token<PictureStorage>('PictureStorage'),
  /** Live frames between server processes: in-process, or Redis when REDIS_URL is set. */
  EventBus: token<EventBus>('EventBus'),
  /** Replayable frames per member (PostgreSQL). */
  EventLog: token<SqlEventLog>('EventLog'),
  Ports: token<Ports>('Ports'),
  UseCases: token<AccountUseCases>('UseCases'),
} as const;
