import type { Ports } from '../ports/index.js';
import { AddParticipant } from './add-participant.js';
import { AnnouncePresence } from './announce-presence.js';
import { Authenticate } from './authenticate.js';
import { BlockUser } from './block-user.js';
import { ChangeEmail } from './change-email.js';
import { ChangePassword } from './change-password.js';
import { ChangeUsername } from './change-username.js';
import { CheckUsernameAvailability } from './check-username-availability.js';
import { ConfirmEmailChange } from './confirm-email-change.js';
import { CountUnread } from './count-unread.js';
import { CreateGroup } from './create-group.js';
import { DeleteAccount } from './delete-account.js';
import { DeletePicture } from './delete-picture.js';
import { DeliverMailRequest } from './deliver-mail-request.js';
import { Discover } from './discover.js';
import { GetConversation } from './get-conversation.js';
import { GetDirectConversation } from './get-direct-conversation.js';
import { GetMe } from './get-me.js';
import { IssueSocketTicket } from './issue-socket-ticket.js';
import { LikeUser } from './like-user.js';
import { ListConversations } from './list-conversations.js';
import { ListMessages } from './list-messages.js';
import { ListNotifications } from './list-notifications.js';
import { ListRelations } from './list-relations.js';
import { LogIn } from './log-in.js';
import { LogOut } from './log-out.js';
import { MarkConversationRead } from './mark-conversation-read.js';
import { MarkNotificationsRead } from './mark-notifications-read.js';
import { PurgeUnverifiedAccounts } from './purge-unverified-accounts.js';
import { RedeemSocketTicket } from './redeem-socket-ticket.js';
import { RefreshSession } from './refresh-session.js';
import { RegisterUser } from './register-user.js';
import { RemoveParticipant } from './remove-participant.js';
import { RenameGroup } from './rename-group.js';
import { ReportUser } from './report-user.js';
import { RequestPasswordReset } from './request-password-reset.js';
import { ResendVerification } from './resend-verification.js';
import { ResetPassword } from './reset-password.js';
import { SendMessage } from './send-message.js';
import { SendTyping } from './send-typing.js';
import { SetLocation } from './set-location.js';
import { SetProfilePicture } from './set-profile-picture.js';
import { SuggestInterests } from './suggest-interests.js';
import { UnlikeUser } from './unlike-user.js';
import { UpdateProfile } from './update-profile.js';
import { UploadPicture } from './upload-picture.js';
import { VerifyEmail } from './verify-email.js';
import { ViewProfile } from './view-profile.js';
import { DismissReports } from './dismiss-reports.js';
import { GetModeratedUser } from './moderated-user.js';
import { LiftSuspension } from './lift-suspension.js';
import { ListAudit } from './list-audit.js';
import { ListReportQueue } from './list-report-queue.js';
import { RemoveMemberPicture } from './remove-member-picture.js';
import { SetRole } from './set-role.js';
import { SuspendMember } from './suspend-member.js';
import { DEFAULT_HIDE_AFTER_REPORTERS } from '../moderation/reports.js';

/** Rules the operator sets (MODERATION_HIDE_AFTER_REPORTERS). */
export interface DomainSettings {
  /** Distinct reporters within 30 days that hide a member from discovery. */
  readonly hideAfterReporters?: number;
}

/**
 * Every use case of the domain, built once over one set of ports. The one
 * list: the composition root builds it, and each adapter takes the use
 * cases it serves (HTTP most, WebSocket a few, the mail worker one).
 */
export function createUseCases(ports: Ports, settings: DomainSettings = {}) {
  const hide = settings.hideAfterReporters ?? DEFAULT_HIDE_AFTER_REPORTERS;
  return {
    addParticipant: new AddParticipant(ports),
    announcePresence: new AnnouncePresence(ports),
    authenticate: new Authenticate(ports),
    blockUser: new BlockUser(ports),
    changeEmail: new ChangeEmail(ports),
    changePassword: new ChangePassword(ports),
    changeUsername: new ChangeUsername(ports),
    checkUsernameAvailability: new CheckUsernameAvailability(ports),
    confirmEmailChange: new ConfirmEmailChange(ports),
    countUnread: new CountUnread(ports),
    createGroup: new CreateGroup(ports),
    deleteAccount: new DeleteAccount(ports),
    deletePicture: new DeletePicture(ports),
    deliverMailRequest: new DeliverMailRequest(ports),
    discover: new Discover(ports, hide),
    dismissReports: new DismissReports(ports),
    getModeratedUser: new GetModeratedUser(ports, hide),
    liftSuspension: new LiftSuspension(ports, hide),
    listAudit: new ListAudit(ports),
    listReportQueue: new ListReportQueue(ports, hide),
    removeMemberPicture: new RemoveMemberPicture(ports),
    setRole: new SetRole(ports),
    suspendMember: new SuspendMember(ports, hide),
    getConversation: new GetConversation(ports),
    getDirectConversation: new GetDirectConversation(ports),
    getMe: new GetMe(ports),
    issueSocketTicket: new IssueSocketTicket(ports),
    likeUser: new LikeUser(ports),
    listConversations: new ListConversations(ports),
    listMessages: new ListMessages(ports),
    listNotifications: new ListNotifications(ports),
    listRelations: new ListRelations(ports),
    logIn: new LogIn(ports),
    logOut: new LogOut(ports),
    markConversationRead: new MarkConversationRead(ports),
    markNotificationsRead: new MarkNotificationsRead(ports),
    purgeUnverifiedAccounts: new PurgeUnverifiedAccounts(ports),
    redeemSocketTicket: new RedeemSocketTicket(ports),
    refreshSession: new RefreshSession(ports),
    registerUser: new RegisterUser(ports),
    removeParticipant: new RemoveParticipant(ports),
    renameGroup: new RenameGroup(ports),
    reportUser: new ReportUser(ports),
    requestPasswordReset: new RequestPasswordReset(ports),
    resendVerification: new ResendVerification(ports),
    resetPassword: new ResetPassword(ports),
    sendMessage: new SendMessage(ports),
    sendTyping: new SendTyping(ports),
    setLocation: new SetLocation(ports),
    setProfilePicture: new SetProfilePicture(ports),
    suggestInterests: new SuggestInterests(ports),
    unlikeUser: new UnlikeUser(ports),
    updateProfile: new UpdateProfile(ports),
    uploadPicture: new UploadPicture(ports),
    verifyEmail: new VerifyEmail(ports),
    viewProfile: new ViewProfile(ports),
  };
}

export type UseCases = ReturnType<typeof createUseCases>;
