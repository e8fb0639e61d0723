import { FilesystemPictureStorage, SharpImageProcessor } from '@kindred/adapters-pictures';
import { Container } from 'inversify';
import type { Logger } from 'pino';
import type { AccountUseCases } from '@kindred/adapters-http';
import {
  CachedSessionRepository,
  CachedUserRepository,
  MikroOrmOneTimeTokenRepository,
  MikroOrmSessionRepository,
  MikroOrmUserRepository,
  SqlInterestCatalog,
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
import {
  Authenticate,
  ChangeEmail,
  DeletePicture,
  SetLocation,
  SetProfilePicture,
  SuggestInterests,
  BlockUser,
  LikeUser,
  ListNotifications,
  ListRelations,
  MarkNotificationsRead,
  ReportUser,
  UnlikeUser,
  ViewProfile,
  Discover,
  UploadPicture,
  type IpLocator,
  ChangePassword,
  ChangeUsername,
  CheckUsernameAvailability,
  ConfirmEmailChange,
  DeleteAccount,
  GetMe,
  LogIn,
  LogOut,
  RefreshSession,
  RegisterUser,
  RequestPasswordReset,
  ResendVerification,
  ResetPassword,
  UpdateProfile,
  VerifyEmail,
  type Mailer,
  type MailOutbox,
  type PictureStorage,
  type Ports,
  type EventBus,
  type RateLimiter,
  AddParticipant,
  CountUnread,
  CreateGroup,
  GetConversation,
  GetDirectConversation,
  IssueSocketTicket,
  ListConversations,
  ListMessages,
  MarkConversationRead,
  RemoveParticipant,
  RenameGroup,
  SendMessage,
} from '@kindred/domain';
import { LiveEventPublisher } from './realtime/live-event-publisher.js';
import type { Config } from './config.js';
import { SystemClock } from './system-clock.js';
import { TOKENS } from './tokens.js';

export interface Infrastructure {
  readonly config: Config;
  readonly logger: Logger;
  readonly orm: Orm;
  readonly jwtSecret: string;
  /** The durable mail outbox; mails decided already go through it too. */
  readonly mailQueue: Mailer & MailOutbox;
  /** The rate limits, counted where every node sees them (or none: RATE_LIMITS=off). */
  readonly limits: RateLimiter;
  readonly changeNotifications: ChangeNotifications;
  readonly ipLocator: IpLocator;
  /** Folder of picture files. */
  readonly mediaDir: string;
  /** Carries live frames to the sockets of every node. */
  readonly bus: EventBus;
  /** Base of picture URLs in frames pushed over WebSockets. */
  readonly mediaBaseUrl: () => string;
}

/**
 * Wires ports to adapters and use cases to ports. What needs starting
 * (database, queue) is started before and bound as values; everything else
 * is built here, once, by the container.
 */
export function buildContainer(infra: Infrastructure): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(TOKENS.Config).toConstantValue(infra.config);
  container.bind(TOKENS.Logger).toConstantValue(infra.logger);
  container.bind(TOKENS.Orm).toConstantValue(infra.orm);
  container.bind(TOKENS.JwtSecret).toConstantValue(infra.jwtSecret);
  container.bind(TOKENS.MailQueue).toConstantValue(infra.mailQueue);
  container.bind(TOKENS.RateLimiter).toConstantValue(infra.limits);
  container.bind(TOKENS.ChangeNotifications).toConstantValue(infra.changeNotifications);
  container.bind(TOKENS.IpLocator).toConstantValue(infra.ipLocator);
  container.bind(TOKENS.PictureStorage).toConstantValue(new FilesystemPictureStorage(infra.mediaDir));
  container.bind(TOKENS.EventBus).toConstantValue(infra.bus);
  container.bind(TOKENS.EventLog).toResolvedValue((orm: Orm) => new SqlEventLog(orm), [TOKENS.Orm]);

  container.bind(TOKENS.Ports).toResolvedValue(
    (
      orm: Orm,
      jwtSecret: string,
      mailQueue: Mailer & MailOutbox,
      notifications: ChangeNotifications,
      ipLocator: IpLocator,
      pictureStorage: PictureStorage,
      eventLog: SqlEventLog,
      bus: EventBus,
      limits: RateLimiter,
    ): Ports => {
      const clock = new SystemClock();
      const users = new CachedUserRepository(new MikroOrmUserRepository(orm), notifications);
      const chat = new SqlChatRepository(orm);
      return {
        users,
        sessions: new CachedSessionRepository(new MikroOrmSessionRepository(orm), notifications),
        oneTimeTokens: new MikroOrmOneTimeTokenRepository(orm),
        hasher: new Argon2PasswordHasher(),
        blocklist: new CommonPasswordBlocklist(),
        secrets: new NodeSecretTokens(),
        accessTokens: new JoseAccessTokens(jwtSecret),
        mailer: mailQueue,
        outbox: mailQueue,
        clock,
        ids: new UuidV7Ids(),
        images: new SharpImageProcessor(),
        pictureStorage,
        ipLocator,
        interests: new SqlInterestCatalog(orm),
        social: new SqlSocialRepository(orm),
        notifications: new SqlNotificationRepository(orm),
        discovery: new SqlDiscoveryRepository(orm),
        chat,
        events: new LiveEventPublisher(
          { users, chat },
          eventLog,
          bus,
          clock,
          infra.mediaBaseUrl,
          infra.logger,
        ),
        limits,
      };
    },
    [
      TOKENS.Orm,
      TOKENS.JwtSecret,
      TOKENS.MailQueue,
      TOKENS.ChangeNotifications,
      TOKENS.IpLocator,
      TOKENS.PictureStorage,
      TOKENS.EventLog,
      TOKENS.EventBus,
      TOKENS.RateLimiter,
    ],
  );

  container.bind(TOKENS.UseCases).toResolvedValue(
    (ports: Ports): AccountUseCases => ({
      authenticate: new Authenticate(ports),
      checkUsernameAvailability: new CheckUsernameAvailability(ports),
      register: new RegisterUser(ports),
      verifyEmail: new VerifyEmail(ports),
      resendVerification: new ResendVerification(ports),
      logIn: new LogIn(ports),
      refreshSession: new RefreshSession(ports),
      logOut: new LogOut(ports),
      requestPasswordReset: new RequestPasswordReset(ports),
      resetPassword: new ResetPassword(ports),
      getMe: new GetMe(ports),
      updateProfile: new UpdateProfile(ports),
      changeUsername: new ChangeUsername(ports),
      changeEmail: new ChangeEmail(ports),
      confirmEmailChange: new ConfirmEmailChange(ports),
      changePassword: new ChangePassword(ports),
      deleteAccount: new DeleteAccount(ports),
      setLocation: new SetLocation(ports),
      uploadPicture: new UploadPicture(ports),
      deletePicture: new DeletePicture(ports),
      setProfilePicture: new SetProfilePicture(ports),
      suggestInterests: new SuggestInterests(ports),
      viewProfile: new ViewProfile(ports),
      likeUser: new LikeUser(ports),
      unlikeUser: new UnlikeUser(ports),
      blockUser: new BlockUser(ports),
      reportUser: new ReportUser(ports),
      listRelations: new ListRelations(ports),
      listNotifications: new ListNotifications(ports),
      markNotificationsRead: new MarkNotificationsRead(ports),
      discover: new Discover(ports),
      sendMessage: new SendMessage(ports),
      getDirectConversation: new GetDirectConversation(ports),
      getConversation: new GetConversation(ports),
      listConversations: new ListConversations(ports),
      createGroup: new CreateGroup(ports),
      renameGroup: new RenameGroup(ports),
      addParticipant: new AddParticipant(ports),
      removeParticipant: new RemoveParticipant(ports),
      listMessages: new ListMessages(ports),
      markConversationRead: new MarkConversationRead(ports),
      countUnread: new CountUnread(ports),
      issueSocketTicket: new IssueSocketTicket(ports),
    }),
    [TOKENS.Ports],
  );
  return container;
}
