// The one error vocabulary of the product: a stable code, its HTTP status and a title. Written
// once; the API maps every AppError through it, the console translates by code.

export const errorCatalog = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  MALFORMED_JSON: { status: 400, title: 'The request body is not valid JSON' },
  UNAUTHENTICATED: { status: 401, title: 'Sign in first' },
  INVALID_CREDENTIALS: { status: 401, title: 'Email or password is wrong' },
  FORBIDDEN: { status: 403, title: 'Your role may not do this' },
  PASSWORD_SIGN_IN_DISABLED: { status: 403, title: 'Sign in with your organisation account' },
  ACCOUNT_DISABLED: { status: 403, title: 'The account is disabled' },
  OIDC_NO_ROLE: { status: 403, title: 'Your groups give no role in this console' },
  OIDC_FAILED: { status: 401, title: 'Single sign-on failed' },
  OIDC_EMAIL_MISSING: { status: 422, title: 'The identity provider sent no email address' },
  OIDC_NOT_CONFIGURED: { status: 404, title: 'Single sign-on is not configured' },
  SCOPES_NOT_SUPPORTED: { status: 422, title: 'Category scopes are not available yet' },
  CROSS_ORIGIN_REQUEST: { status: 403, title: 'The request did not come from this console' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed on this path' },
  CONFLICT: { status: 409, title: 'Conflicts with the current state' },
  EMAIL_TAKEN: { status: 409, title: 'An account with this email exists' },
  LAST_ADMIN: { status: 409, title: 'The last active admin cannot be removed or demoted' },
  TOKEN_LIMIT_REACHED: { status: 409, title: 'Token limit reached' },
  TOKEN_ALREADY_ADDED: { status: 409, title: 'This location is already added' },
  TOKEN_IN_USE_ELSEWHERE: { status: 409, title: 'The token is used by another MDM' },
  TOKEN_LOCATION_MISMATCH: { status: 409, title: 'The file belongs to another location' },
  ACTION_IMMUTABLE: { status: 409, title: "A deployment's action cannot be changed" },
  RECLAIM_UNDO_EXPIRED: { status: 409, title: 'A reclaim can be undone for 7 days only' },
  RECLAIM_ALREADY_UNDONE: { status: 409, title: 'This reclaim was undone already' },
  RECLAIM_LICENSES_NOT_FREE: {
    status: 409,
    title: 'Not enough free licenses to give the reclaimed ones back',
  },
  APNS_CERTIFICATE_REQUIRED: { status: 409, title: 'A valid APNs certificate is required' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported content type' },
  HEADERS_TOO_LARGE: { status: 431, title: 'The request line or headers are too large' },
  TOKEN_UNREADABLE: { status: 400, title: 'The token file cannot be read' },
  TOKEN_EXPIRED: { status: 422, title: 'The token has expired' },
  TOKEN_REVOKED: { status: 422, title: 'The token has been revoked' },
  PURPOSE_NOT_SUPPORTED: { status: 422, title: 'Purpose not supported' },
  CERTIFICATE_UNREADABLE: { status: 422, title: 'The certificate cannot be read' },
  CERTIFICATE_EXPIRED: { status: 422, title: 'The certificate has expired' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  INTERNAL: { status: 500, title: 'Internal error' },
  APPLE_UNAVAILABLE: { status: 502, title: "Apple's service did not answer" },
  IDENTITY_PROVIDER_UNAVAILABLE: { status: 502, title: 'The identity provider did not answer' },
  NOT_READY: { status: 503, title: 'Not ready' },
  DATABASE_UNAVAILABLE: { status: 503, title: 'The database cannot be reached right now' },
  MDM_NOT_CONFIGURED: { status: 409, title: 'No device management server is configured' },
  MDM_API_KEY_REFUSED: { status: 422, title: 'The device management server refused the API key' },
  MDM_NOT_NANOMDM: { status: 422, title: 'No NanoMDM or NanoHUB API answers at this URL' },
  MDM_UNREACHABLE: { status: 502, title: 'The device management server did not answer' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export const errorCodes = Object.keys(errorCatalog) as ErrorCode[];

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  /** Extra members of the problem document (e.g. retryAfterSeconds, the foreign MDM's name). */
  readonly extensions: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    detail?: string,
    options: { errors?: FieldError[]; extensions?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(detail ?? errorCatalog[code].title, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = errorCatalog[code].status;
    this.errors = options.errors;
    this.extensions = options.extensions;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
