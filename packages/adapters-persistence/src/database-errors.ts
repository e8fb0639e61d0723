import {
  ConnectionException,
  ForeignKeyConstraintViolationException,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { ConflictError, EmailTakenError, UnavailableError, chatErrors, errors } from '@kindred/domain';

/** Which domain error a unique index stands for. */
const UNIQUE_CONSTRAINTS: Record<string, () => Error> = {
  users_username_key_unique: () => new ConflictError('USERNAME_TAKEN', 'username'),
  users_email_unique: () => new EmailTakenError(),
};

/**
 * Translates what the database says into the domain's words: a unique
 * violation becomes its conflict, a lost connection becomes UNAVAILABLE.
 */
export function translateDatabaseError(error: unknown): unknown {
  // The ORM's exceptions, or node-postgres's errors with their SQLSTATE (the statements of sql/sql.ts).
  const { code, constraint = '' } = (error ?? {}) as { code?: string; constraint?: string };
  if (error instanceof UniqueConstraintViolationException || code === '23505') {
    const known = UNIQUE_CONSTRAINTS[constraint];
    if (known) return known();
  }
  // A row that referenced one a concurrent request deleted (run once more first: sql/sql.ts).
  if (error instanceof ForeignKeyConstraintViolationException || code === '23503') {
    const gone = REFERENCED_ROW_GONE[constraint];
    if (gone) return gone();
  }
  if (isConnectionFailure(error)) return new UnavailableError('The database is unavailable; retry shortly');
  // Still losing to concurrent writers after being run again (sql/sql.ts): a retry later is the cure.
  if (isTransientConflict(error)) return new UnavailableError('The database is busy; retry shortly');
  return error;
}

/** SQLSTATE 40P01 (deadlock) or 40001 (serialization failure), possibly wrapped by the ORM: rolled back whole. */
export function isTransientConflict(error: unknown): boolean {
  return ['40P01', '40001'].includes(sqlState(error) ?? '');
}

/**
 * What a foreign key failing says, by constraint (every foreign key of the
 * schema is named here; a test holds the list to the migrated schema). A
 * member referenced as the one acting is the caller, whose account was
 * deleted meanwhile (their sessions with it): UNAUTHENTICATED. A member
 * referenced as the one acted on is gone: USER_NOT_FOUND.
 */
export const REFERENCED_ROW_GONE: Readonly<Record<string, () => Error>> = {
  users_profile_picture_id_fkey: () => errors.pictureNotFound(),
  refresh_tokens_session_id_fkey: () => errors.refreshTokenInvalid(),
  // This node taken for dead by another while the statement ran.
  presence_node_id_fkey: () => new UnavailableError('This node is reconnecting; retry shortly'),
  messages_conversation_id_fkey: () => chatErrors.conversationNotFound(),
  conversation_participants_conversation_id_fkey: () => chatErrors.conversationNotFound(),
  ...Object.fromEntries(
    [
      'blocks_blocker_id_fkey',
      'likes_liker_id_fkey',
      'mutes_user_id_fkey',
      'reports_reporter_id_fkey',
      'visits_visitor_id_fkey',
      'notifications_actor_id_fkey',
      'messages_sender_id_fkey',
      'sessions_user_id_fkey',
      'refresh_tokens_user_id_fkey',
      'one_time_tokens_user_id_fkey',
      'pictures_user_id_fkey',
      'user_activity_user_id_fkey',
      'presence_user_id_fkey',
    ].map((name) => [name, () => errors.unauthenticated()]),
  ),
  ...Object.fromEntries(
    [
      'blocks_blocked_id_fkey',
      'likes_liked_id_fkey',
      'mutes_muted_id_fkey',
      'reports_reported_id_fkey',
      'visits_visited_id_fkey',
      'notifications_user_id_fkey',
      'conversation_participants_user_id_fkey',
      'event_streams_user_id_fkey',
      'events_user_id_fkey',
    ].map((name) => [name, () => errors.userNotFound()]),
  ),
};

/** SQLSTATE 23503, possibly wrapped by the ORM: a referenced row is not (or no longer) there. */
export function isForeignKeyViolation(error: unknown): boolean {
  return sqlState(error) === '23503';
}

/** The SQLSTATE of node-postgres's error, or of the one the ORM wrapped. */
function sqlState(error: unknown): string | undefined {
  const e = error as { code?: string; cause?: { code?: string } } | null;
  return e?.code ?? e?.cause?.code;
}

// Network failures, and SQLSTATEs of class 08 (connection) and 57P01–03 (server shutting down or starting).
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
]);
const CONNECTION_MESSAGES =
  /^aborted$|Timeout acquiring a connection|Unable to acquire a connection|Connection terminated|connection timeout|Connection ended unexpectedly|Client has encountered a connection error|the database system is (starting up|shutting down)/i;

export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof ConnectionException) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('08'))) return true;
  // A Unix socket that is not there: the database over its socket is stopped.
  if (code === 'ENOENT' && (error as { syscall?: unknown }).syscall === 'connect') return true;
  return (
    CONNECTION_MESSAGES.test(error.message) || (error.cause !== undefined && isConnectionFailure(error.cause))
  );
}

/** Runs `work`, translating its database failures. */
export async function translating<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw translateDatabaseError(error);
  }
}
