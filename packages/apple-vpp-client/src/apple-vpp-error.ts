/**
 * What went wrong, in terms the product can act on. Several Apple error numbers share a kind;
 * `errorNumber` keeps the detail.
 */
export const APPLE_VPP_ERROR_KINDS = [
  'TOKEN_EXPIRED',
  'TOKEN_REVOKED',
  'NOT_AUTHORIZED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'LICENSES_EXHAUSTED',
  'UNKNOWN_USER',
  'USER_ALREADY_EXISTS',
  'APPLE_ACCOUNT_CONFLICT',
  'NOT_DEVICE_ASSIGNABLE',
  'NOT_REVOCABLE',
  'INVALID_PAGE',
  'UNKNOWN_VERSION',
  'UNKNOWN_EVENT',
  'LIMIT_EXCEEDED',
  'NOTIFICATION_CONFIG_REJECTED',
  'INVALID_REQUEST',
  'SERVICE_GONE',
  'SERVER_ERROR',
  'NETWORK',
  'TIMEOUT',
  'ABORTED',
  'INVALID_RESPONSE',
  'UNKNOWN',
] as const;

export type AppleVppErrorKind = (typeof APPLE_VPP_ERROR_KINDS)[number];

// Apple's v2 error numbers. Listed once so the mapping
// from number to kind cannot drift between the synchronous and asynchronous paths.
const KIND_BY_ERROR_NUMBER: ReadonlyMap<number, AppleVppErrorKind> = new Map([
  [9601, 'NOT_AUTHORIZED'],
  [9602, 'INVALID_REQUEST'],
  [9603, 'SERVER_ERROR'],
  [9609, 'UNKNOWN_USER'],
  [9621, 'TOKEN_EXPIRED'],
  [9622, 'NOT_AUTHORIZED'],
  [9623, 'INVALID_REQUEST'],
  [9625, 'TOKEN_REVOKED'],
  [9634, 'SERVICE_GONE'],
  [9635, 'APPLE_ACCOUNT_CONFLICT'],
  [9637, 'FORBIDDEN'],
  [9641, 'APPLE_ACCOUNT_CONFLICT'],
  [9644, 'SERVER_ERROR'],
  [9646, 'RATE_LIMITED'],
  [9647, 'FORBIDDEN'],
  [9650, 'INVALID_PAGE'],
  [9700, 'LIMIT_EXCEEDED'],
  [9701, 'LIMIT_EXCEEDED'],
  [9702, 'LIMIT_EXCEEDED'],
  [9703, 'INVALID_REQUEST'],
  [9704, 'INVALID_REQUEST'],
  [9705, 'INVALID_REQUEST'],
  [9706, 'NOT_REVOCABLE'],
  [9707, 'NOT_DEVICE_ASSIGNABLE'],
  [9708, 'UNKNOWN_EVENT'],
  [9709, 'LICENSES_EXHAUSTED'],
  [9710, 'NOTIFICATION_CONFIG_REJECTED'],
  [9711, 'NOTIFICATION_CONFIG_REJECTED'],
  [9712, 'NOTIFICATION_CONFIG_REJECTED'],
  [9713, 'LIMIT_EXCEEDED'],
  [9714, 'LIMIT_EXCEEDED'],
  [9715, 'INVALID_REQUEST'],
  [9716, 'USER_ALREADY_EXISTS'],
  [9717, 'INVALID_REQUEST'],
  [9718, 'INVALID_REQUEST'],
  [9719, 'INVALID_REQUEST'],
  [9720, 'INVALID_REQUEST'],
  [9721, 'UNKNOWN_VERSION'],
  [9722, 'NOT_AUTHORIZED'],
  [9723, 'INVALID_REQUEST'],
  [9724, 'LIMIT_EXCEEDED'],
  [9725, 'LIMIT_EXCEEDED'],
  [9726, 'INVALID_REQUEST'],
  [9727, 'INVALID_REQUEST'],
  [9728, 'NOTIFICATION_CONFIG_REJECTED'],
  [9729, 'SERVER_ERROR'],
]);

/** Kinds for which trying the same request again later can succeed. */
const RETRYABLE_KINDS: ReadonlySet<AppleVppErrorKind> = new Set([
  'RATE_LIMITED',
  'SERVER_ERROR',
  'NETWORK',
  'TIMEOUT',
]);

/**
 * Maps an Apple error number (synchronous body, `/status` failure or notification error) and,
 * when there is one, the HTTP status to a kind. The number wins; the status decides for
 * numbers Apple has not documented.
 */
export function classifyAppleError(errorNumber: number | undefined, httpStatus?: number): AppleVppErrorKind {
  const byNumber = errorNumber === undefined ? undefined : KIND_BY_ERROR_NUMBER.get(errorNumber);
  if (byNumber) return byNumber;
  if (httpStatus === undefined) return 'UNKNOWN';
  if (httpStatus === 429) return 'RATE_LIMITED';
  if (httpStatus === 401) return 'NOT_AUTHORIZED';
  if (httpStatus === 403) return 'FORBIDDEN';
  if (httpStatus === 410) return 'SERVICE_GONE';
  if (httpStatus >= 500 && httpStatus !== 501 && httpStatus !== 505) return 'SERVER_ERROR';
  if (httpStatus >= 400) return 'INVALID_REQUEST';
  return 'UNKNOWN';
}

export function isRetryableKind(kind: AppleVppErrorKind): boolean {
  return RETRYABLE_KINDS.has(kind);
}

/** Apple's optional `errorInfo`: which of the submitted items the error is about. */
export interface AppleErrorInfo {
  assets?: unknown[];
  clientUserIds?: string[];
  serialNumbers?: string[];
}

/** One field of a response that did not match the expected shape. */
export interface ResponseIssue {
  /** Dotted path into the response body, e.g. `assets.0.adamId`; empty for the body itself. */
  path: string;
  message: string;
}

/** A write batch Apple accepted before a later batch failed: its event runs regardless. */
export interface SubmittedBatch<Request> {
  eventId: string;
  request: Request;
}

export interface AppleVppErrorDetails {
  kind: AppleVppErrorKind;
  message: string;
  errorNumber?: number;
  errorMessage?: string;
  errorInfo?: AppleErrorInfo;
  httpStatus?: number;
  /** Overrides the kind's default, e.g. a write that timed out may have reached Apple. */
  retryable?: boolean;
  retryAfterMs?: number;
  method?: string;
  endpoint?: string;
  attempts?: number;
  issues?: ResponseIssue[];
  submittedBatches?: readonly SubmittedBatch<unknown>[];
}

/**
 * The one error the client throws. It never carries the sToken: messages are built from
 * Apple's error fields, HTTP facts and the endpoint path, and the client redacts those too.
 */
export class AppleVppError extends Error {
  override readonly name = 'AppleVppError';
  readonly kind: AppleVppErrorKind;
  /** Apple's `errorNumber`, when the answer had one. */
  readonly errorNumber: number | undefined;
  /** Apple's `errorMessage`, as sent (minus anything that looked like the token). */
  readonly errorMessage: string | undefined;
  readonly errorInfo: AppleErrorInfo | undefined;
  /** HTTP status of the last answer; 200 for an error body on a 200; undefined for network errors. */
  readonly httpStatus: number | undefined;
  /** Whether sending the same request again later may succeed. */
  readonly retryable: boolean;
  /** How long Apple asked to wait (Retry-After) or the backoff the client would have used next. */
  readonly retryAfterMs: number | undefined;
  readonly method: string | undefined;
  /** Path of the call relative to the base URL, e.g. `/assets`, without the query string. */
  readonly endpoint: string | undefined;
  /** Number of HTTP attempts made, retries included. */
  readonly attempts: number | undefined;
  /** For INVALID_RESPONSE: the fields that did not match. */
  readonly issues: readonly ResponseIssue[];
  /** For batched writes: the batches Apple accepted before this error. */
  readonly submittedBatches: readonly SubmittedBatch<unknown>[];

  constructor(details: AppleVppErrorDetails) {
    super(details.message);
    this.kind = details.kind;
    this.errorNumber = details.errorNumber;
    this.errorMessage = details.errorMessage;
    this.errorInfo = details.errorInfo;
    this.httpStatus = details.httpStatus;
    this.retryable = details.retryable ?? isRetryableKind(details.kind);
    this.retryAfterMs = details.retryAfterMs;
    this.method = details.method;
    this.endpoint = details.endpoint;
    this.attempts = details.attempts;
    this.issues = details.issues ?? [];
    this.submittedBatches = details.submittedBatches ?? [];
  }

  /** The same error with more context (attempt count, accepted batches), keeping everything else. */
  withDetails(extra: Partial<Pick<AppleVppErrorDetails, 'attempts' | 'submittedBatches' | 'retryAfterMs'>>) {
    const copy = new AppleVppError({ ...this.details(), ...extra });
    copy.stack = this.stack;
    return copy;
  }

  toJSON() {
    return { name: this.name, ...this.details() };
  }

  private details(): AppleVppErrorDetails {
    return {
      kind: this.kind,
      message: this.message,
      errorNumber: this.errorNumber,
      errorMessage: this.errorMessage,
      errorInfo: this.errorInfo,
      httpStatus: this.httpStatus,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      method: this.method,
      endpoint: this.endpoint,
      attempts: this.attempts,
      issues: [...this.issues],
      submittedBatches: [...this.submittedBatches],
    };
  }
}

export function isAppleVppError(value: unknown): value is AppleVppError {
  return value instanceof AppleVppError;
}
