import type {
  Authenticate,
  ChangeEmail,
  ChangePassword,
  ChangeUsername,
  CheckUsernameAvailability,
  Clock,
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
  DeletePicture,
  PictureStorage,
  SetLocation,
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
  SetProfilePicture,
  UploadPicture,
  UpdateProfile,
  VerifyEmail,
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
import type { Logger } from 'pino';
import type { RequestObservation } from './middleware/request-context.js';

export interface AccountUseCases {
  readonly authenticate: Authenticate;
  readonly checkUsernameAvailability: CheckUsernameAvailability;
  readonly register: RegisterUser;
  readonly verifyEmail: VerifyEmail;
  readonly resendVerification: ResendVerification;
  readonly logIn: LogIn;
  readonly refreshSession: RefreshSession;
  readonly logOut: LogOut;
  readonly requestPasswordReset: RequestPasswordReset;
  readonly resetPassword: ResetPassword;
  readonly getMe: GetMe;
  readonly updateProfile: UpdateProfile;
  readonly changeUsername: ChangeUsername;
  readonly changeEmail: ChangeEmail;
  readonly confirmEmailChange: ConfirmEmailChange;
  readonly changePassword: ChangePassword;
  readonly deleteAccount: DeleteAccount;
  readonly setLocation: SetLocation;
  readonly uploadPicture: UploadPicture;
  readonly deletePicture: DeletePicture;
  readonly setProfilePicture: SetProfilePicture;
  readonly suggestInterests: SuggestInterests;
  readonly viewProfile: ViewProfile;
  readonly likeUser: LikeUser;
  readonly unlikeUser: UnlikeUser;
  readonly blockUser: BlockUser;
  readonly reportUser: ReportUser;
  readonly listRelations: ListRelations;
  readonly listNotifications: ListNotifications;
  readonly markNotificationsRead: MarkNotificationsRead;
  readonly discover: Discover;
  readonly sendMessage: SendMessage;
  readonly getDirectConversation: GetDirectConversation;
  readonly getConversation: GetConversation;
  readonly listConversations: ListConversations;
  readonly createGroup: CreateGroup;
  readonly renameGroup: RenameGroup;
  readonly addParticipant: AddParticipant;
  readonly removeParticipant: RemoveParticipant;
  readonly listMessages: ListMessages;
  readonly markConversationRead: MarkConversationRead;
  readonly countUnread: CountUnread;
  readonly issueSocketTicket: IssueSocketTicket;
}

export interface HttpDeps {
  readonly useCases: AccountUseCases;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Serves `/media/…`. */
  readonly pictureStorage: PictureStorage;
  /** Origins allowed by CORS; `['*']` allows any (without credentials). */
  readonly corsOrigins: readonly string[];
  /** Trust `X-Forwarded-For` (behind a load balancer). */
  readonly trustProxy: boolean;
  /** Whether the database answers (for `/ready`). */
  readonly isReady: () => Promise<boolean>;
  /** Told of every answered request (the metrics). */
  readonly observe?: (request: RequestObservation) => void;
  /** Called with the session id each time a session ends (to close its sockets on every node). */
  readonly onSessionRevoked?: (sessionId: string) => void;
}
