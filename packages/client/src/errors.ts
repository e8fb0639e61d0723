/** One field a request got wrong (`path`: a JSON Pointer into the body, or `?name` of a query parameter). */
export interface FieldError {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** The server's problem+json document (RFC 9457) with the contract's fields. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
  /** ACCOUNT_SUSPENDED: when the suspension ends (null: a ban). */
  readonly until?: string | null;
  readonly [extension: string]: unknown;
}

/** Codes the SDK itself uses, beside the contract's. */
export const CLIENT_CODES = {
  /** No answer: offline, DNS, TLS, a reset connection. */
  network: 'NETWORK_ERROR',
  /** An answer that is not the contract's problem document. */
  unexpected: 'UNEXPECTED_RESPONSE',
  /** A call that needs a session, made without one. */
  noSession: 'NO_SESSION',
} as const;

/**
 * Every failure the SDK reports: the server's problem document when there is
 * one (`status`, `code`, `errors`, `retryAfter`), else one of CLIENT_CODES.
 */
export class KindredError extends Error {
  override readonly name = 'KindredError';
  readonly status: number;
  readonly code: string;
  readonly errors: readonly FieldError[];
  /** Seconds to wait before retrying (Retry-After), when the server said. */
  readonly retryAfter: number | null;
  readonly problem: Problem | null;

  constructor(init: {
    status: number;
    code: string;
    detail: string;
    errors?: readonly FieldError[];
    retryAfter?: number | null;
    problem?: Problem | null;
    cause?: unknown;
  }) {
    super(init.detail, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.errors = init.errors ?? [];
    this.retryAfter = init.retryAfter ?? null;
    this.problem = init.problem ?? null;
  }

  /** Whether retrying the same call later may succeed (the server said so, or nothing answered). */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status === 503;
  }

  static async fromResponse(response: Response): Promise<KindredError> {
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    const text = await response.text().catch(() => '');
    let problem: Problem | null = null;
    try {
      const parsed = JSON.parse(text) as Partial<Problem>;
      if (typeof parsed.code === 'string' && typeof parsed.status === 'number') problem = parsed as Problem;
    } catch {
      // not JSON: reported as an unexpected answer below
    }
    if (!problem)
      return new KindredError({
        status: response.status,
        code: CLIENT_CODES.unexpected,
        detail: `HTTP ${response.status} without a problem document`,
        retryAfter,
      });
    return new KindredError({
      status: problem.status,
      code: problem.code,
      detail: problem.detail,
      errors: problem.errors ?? [],
      retryAfter,
      problem,
    });
  }

  static network(cause: unknown): KindredError {
    return new KindredError({
      status: 0,
      code: CLIENT_CODES.network,
      detail: `No answer from the server: ${(cause as Error)?.message ?? String(cause)}`,
      cause,
    });
  }
}

function parseRetryAfter(value: string | null): number | null {
  if (value === null) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
