import type { ErrorCode, FieldError } from '@vpp/contracts/errors';
import { problemSchema } from '@vpp/contracts/problem';

/** Codes the console can meet besides the API's own: the server was not reached, or answered nonsense. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'UNEXPECTED_RESPONSE';
export type ApiErrorCode = ErrorCode | ClientErrorCode;

/** Anything that can check and type a response body: every zod schema of @vpp/contracts is one. */
export interface ResponseSchema<T> {
  parse(data: unknown): T;
}

/** One failed API call, carrying the RFC 9457 problem document's members. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly detail: string;
  readonly errors: FieldError[];
  /** Seconds to wait before trying again, from `Retry-After` or the problem's `retryAfterSeconds`. */
  readonly retryAfterSeconds: number | undefined;
  /** The problem's members beyond RFC 9457's and ours, e.g. `mdmName` of TOKEN_IN_USE_ELSEWHERE. */
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(
    code: ApiErrorCode,
    status: number,
    detail: string,
    options: {
      errors?: FieldError[];
      retryAfterSeconds?: number | undefined;
      extensions?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.detail = detail;
    this.errors = options.errors ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.extensions = options.extensions ?? {};
  }

  /** The field error for one request member, such as `email` or `password`. */
  fieldError(path: string): string | undefined {
    return this.errors.find((error) => error.path === path)?.message;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** The API answered 503 DATABASE_UNAVAILABLE: the database is away for a moment, not broken. */
export function isDatabaseUnavailableError(error: unknown): error is ApiError {
  return isApiError(error) && error.code === 'DATABASE_UNAVAILABLE';
}

/**
 * Whether the console is waiting for the database to come back: set by any 503
 * DATABASE_UNAVAILABLE, cleared by the next successful answer. The reconnecting banner shows it.
 */
export const databaseOutage = (() => {
  let waiting = false;
  let retryAfterSeconds = 5;
  const listeners = new Set<() => void>();
  const set = (value: boolean) => {
    if (waiting === value) return;
    waiting = value;
    for (const listener of listeners) listener();
  };
  return {
    isWaiting: () => waiting,
    retryAfterSeconds: () => retryAfterSeconds,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    noteError(error: unknown) {
      if (!isDatabaseUnavailableError(error)) return;
      if (error.retryAfterSeconds) retryAfterSeconds = error.retryAfterSeconds;
      set(true);
    },
    noteSuccess: () => set(false),
  };
})();

export type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Record<string, QueryValue>;
  /** Sent as JSON, or as multipart/form-data when it is a FormData (file uploads). */
  body?: unknown;
  signal?: AbortSignal | undefined;
}

export function buildUrl(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

function parseRetryAfter(header: string | null, body: unknown): number | undefined {
  if (body && typeof body === 'object' && 'retryAfterSeconds' in body) {
    const value = Number(body.retryAfterSeconds);
    if (Number.isFinite(value) && value > 0) return Math.ceil(value);
  }
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds > 0) return Math.ceil(seconds);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(1, Math.ceil((date - Date.now()) / 1000));
  }
  return undefined;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const problemMembers = new Set(Object.keys(problemSchema.shape));

/** The members of a problem document that its schema does not name. */
function problemExtensions(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null) return {};
  return Object.fromEntries(Object.entries(body).filter(([key]) => !problemMembers.has(key)));
}

async function toApiError(response: Response): Promise<ApiError> {
  const body = await readJson(response);
  const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'), body);
  const problem = problemSchema.safeParse(body);
  if (problem.success) {
    return new ApiError(problem.data.code as ErrorCode, problem.data.status, problem.data.detail, {
      errors: problem.data.errors ?? [],
      retryAfterSeconds,
      extensions: problemExtensions(body),
    });
  }
  // Not a problem document (a proxy in between, or a server that is not ours): keep what HTTP says.
  const fallback: ErrorCode =
    response.status === 401
      ? 'UNAUTHENTICATED'
      : response.status === 403
        ? 'FORBIDDEN'
        : response.status === 404
          ? 'NOT_FOUND'
          : response.status === 429
            ? 'RATE_LIMITED'
            : 'INTERNAL';
  return new ApiError(fallback, response.status, response.statusText || `HTTP ${response.status}`, {
    retryAfterSeconds,
  });
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const { method = 'GET', query, body, signal } = options;
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  // The browser writes the multipart Content-Type itself, with the boundary it chose.
  const multipart = body instanceof FormData;
  if (body !== undefined && !multipart) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : multipart ? body : JSON.stringify(body),
      signal: signal ?? null,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError('NETWORK_ERROR', 0, 'The server could not be reached', { cause: error });
  }
  if (!response.ok) {
    const error = await toApiError(response);
    databaseOutage.noteError(error);
    throw error;
  }
  databaseOutage.noteSuccess();
  return response;
}

/**
 * The one way the console talks to the API: same-origin JSON with the session cookie. A failure
 * becomes an ApiError; a success is checked against the response schema, so a drifted API shows up
 * as an error instead of as a broken page.
 */
export async function apiRequest<T>(
  path: string,
  schema: ResponseSchema<T>,
  options: RequestOptions = {},
): Promise<T> {
  const response = await send(path, options);
  const data = await readJson(response);
  try {
    return schema.parse(data);
  } catch (error) {
    throw new ApiError('UNEXPECTED_RESPONSE', response.status, `Unexpected response from ${path}`, {
      cause: error,
    });
  }
}

/** A call whose success has no body (204), such as sign-out or a deletion. */
export async function apiCommand(path: string, options: RequestOptions = {}): Promise<void> {
  await send(path, options);
}
