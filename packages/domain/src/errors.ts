/**
 * Every failure the domain reports carries a stable `code` from the API
 * contract. The domain never knows HTTP: adapters map codes to their own
 * vocabulary (the http adapter holds the one code → status table).
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'TOKEN_INVALID'
  | 'CANNOT_TARGET_SELF'
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'REFRESH_TOKEN_INVALID'
  | 'EMAIL_NOT_VERIFIED'
  | 'WRONG_PASSWORD'
  | 'PROFILE_INCOMPLETE'
  | 'PROFILE_PICTURE_REQUIRED'
  | 'NOT_CONNECTED'
  | 'NOT_A_PARTICIPANT'
  | 'NOT_ALLOWED'
  | 'ACCOUNT_SUSPENDED'
  | 'NOT_FOUND'
  | 'USER_NOT_FOUND'
  | 'PICTURE_NOT_FOUND'
  | 'CONVERSATION_NOT_FOUND'
  | 'USERNAME_TAKEN'
  | 'TOO_MANY_PICTURES'
  | 'ALREADY_PARTICIPANT'
  | 'NOT_A_GROUP'
  | 'CLIENT_MESSAGE_ID_REUSED'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNAVAILABLE';

/** One failing field: `path` is a JSON Pointer into the input (`/password`). */
export interface FieldError {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that breaks a rule; lists every failing field at once. */
export class ValidationError extends DomainError {
  constructor(readonly errors: readonly FieldError[]) {
    super('VALIDATION_FAILED', errors.map((e) => `${e.path}: ${e.message}`).join('; ') || 'Invalid input');
  }
}

/** Raised by repositories when a unique rule is broken, also under a race. */
export class ConflictError extends DomainError {
  constructor(
    code: 'USERNAME_TAKEN',
    readonly field: 'username',
  ) {
    super(code, 'This username is already taken');
  }
}

/** A registration or email change raced another for the same address. */
export class EmailTakenError extends Error {
  constructor() {
    super('This email address is already registered');
    this.name = 'EmailTakenError';
  }
}

/** A port's dependency (database, mail server) is down: retry later. */
export class UnavailableError extends DomainError {
  constructor(message = 'A dependency is unavailable; retry shortly') {
    super('UNAVAILABLE', message);
  }
}

/** Too many attempts; `retryAfterSeconds` tells when to try again. */
export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', 'Too many requests; retry later');
  }
}

/** The bytes are not a JPEG, PNG or WebP picture. */
export class UnsupportedImageError extends DomainError {
  constructor(message = 'Send a JPEG, PNG or WebP picture') {
    super('UNSUPPORTED_MEDIA_TYPE', message);
  }
}

/** More bytes or pixels than a picture may have. */
export class ImageTooLargeError extends DomainError {
  constructor(message = 'Pictures are at most 10 MiB and 40 megapixels') {
    super('PAYLOAD_TOO_LARGE', message);
  }
}

export const errors = {
  tokenInvalid: () => new DomainError('TOKEN_INVALID', 'This link is unknown, already used or expired'),
  unauthenticated: () => new DomainError('UNAUTHENTICATED', 'A valid access token is required'),
  invalidCredentials: () => new DomainError('INVALID_CREDENTIALS', 'Wrong username or password'),
  refreshTokenInvalid: () => new DomainError('REFRESH_TOKEN_INVALID', 'This refresh token is not valid'),
  emailNotVerified: () => new DomainError('EMAIL_NOT_VERIFIED', 'Confirm your email address first'),
  wrongPassword: () => new DomainError('WRONG_PASSWORD', 'The password is wrong'),
  userNotFound: () => new DomainError('USER_NOT_FOUND', 'No such user'),
  usernameTaken: () => new ConflictError('USERNAME_TAKEN', 'username'),
  pictureNotFound: () => new DomainError('PICTURE_NOT_FOUND', 'No such picture of yours'),
  tooManyPictures: () => new DomainError('TOO_MANY_PICTURES', 'A profile has at most 5 pictures'),
};
