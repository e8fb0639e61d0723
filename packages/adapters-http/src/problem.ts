import type { ErrorCode, FieldError } from '@kindred/domain';

/** The contract's one `code → status` table. */
export const STATUS_OF: Record<
  | ErrorCode
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'HEADERS_TOO_LARGE'
  | 'INTERNAL',
  number
> = {
  VALIDATION_FAILED: 400,
  TOKEN_INVALID: 400,
  CANNOT_TARGET_SELF: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  REFRESH_TOKEN_INVALID: 401,
  EMAIL_NOT_VERIFIED: 403,
  WRONG_PASSWORD: 403,
  PROFILE_INCOMPLETE: 403,
  PROFILE_PICTURE_REQUIRED: 403,
  NOT_CONNECTED: 403,
  NOT_A_PARTICIPANT: 403,
  NOT_ALLOWED: 403,
  ACCOUNT_SUSPENDED: 403,
  NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  PICTURE_NOT_FOUND: 404,
  CONVERSATION_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  USERNAME_TAKEN: 409,
  TOO_MANY_PICTURES: 409,
  ALREADY_PARTICIPANT: 409,
  NOT_A_GROUP: 409,
  CLIENT_MESSAGE_ID_REUSED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  HEADERS_TOO_LARGE: 431,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

export type ProblemCode = keyof typeof STATUS_OF;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  431: 'Request Header Fields Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** An RFC 9457 problem document. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: ProblemCode;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
  /** ACCOUNT_SUSPENDED: when the suspension ends; null for a ban. */
  readonly until?: string | null;
}

export function problem(code: ProblemCode, detail: string, errors?: readonly FieldError[]): Problem {
  const status = STATUS_OF[code];
  return {
    type: `https://kindred.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    ...(errors && errors.length > 0 && { errors }),
  };
}

/** Thrown by the http layer itself (routing, parsing) to answer with a problem. */
export class HttpProblem extends Error {
  constructor(
    readonly code: ProblemCode,
    detail: string,
    readonly errors?: readonly FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}
