import type { z } from 'zod';
import {
  type AppleErrorInfo,
  AppleVppError,
  type AppleVppErrorKind,
  classifyAppleError,
} from './apple-vpp-error.ts';
import type { Clock } from './clock.ts';
import { holdGate, wasHeldBeforeSending } from './hold-gate.ts';
import type { VppLogger } from './logger.ts';
import type { RequestPacer } from './request-pacer.ts';
import { backoffDelayMs, parseRetryAfterMs, type RetryPolicy } from './retry-policy.ts';

/** What every request needs, shared by the client and the service-config cache. */
export interface TransportDeps {
  fetch: typeof fetch;
  clock: Clock;
  random: () => number;
  logger: VppLogger;
  retryPolicy: RetryPolicy;
  /** Per attempt, from sending the request to the last byte of the body. */
  timeoutMs: number;
  userAgent: string;
  /** Removes secrets from any text that goes into an error or a log line. */
  redact: (text: string) => string;
}

export interface AppleRequest {
  method: 'GET' | 'POST';
  url: URL;
  /** Path relative to the base URL, for logs and errors (never the query: it may hold user ids). */
  endpoint: string;
  headers?: Record<string, string>;
  body?: unknown;
  /**
   * Reads are retried after any transient failure. Writes are retried only when Apple certainly
   * did not act on them (429, 5xx: "a synchronous error means no asynchronous work was started",
   * or a connection that never opened): after a timeout Apple may have created the event already.
   */
  idempotent: boolean;
  /** Per-token pacing; absent for calls outside the token's budget (service config, metadata). */
  pacer?: RequestPacer;
  /** Current `maxRequestPerSecond`, read before each attempt because Apple may change it. */
  maxRequestsPerSecond?: () => Promise<number | undefined>;
  signal?: AbortSignal | undefined;
}

type AttemptOutcome =
  | { ok: true; body: unknown; status: number }
  /** Stopped at the wire's edge by a Retry-After that came in after the pacer let it go. */
  | { ok: false; heldBeforeSending: true }
  | { ok: false; error: AppleVppError; retryAfterMs: number | undefined; connectionNeverOpened: boolean };

/**
 * Sends one logical request: paces it, times each attempt out, turns every failure (HTTP status,
 * Apple error body on any status, network, timeout) into an AppleVppError, and retries the
 * transient ones within the policy's attempt and time budget. Resolves with the parsed JSON body.
 */
export async function sendAppleRequest(deps: TransportDeps, request: AppleRequest): Promise<unknown> {
  const { clock, retryPolicy, logger } = deps;
  const startedAt = clock.now();
  for (let attempt = 1; ; attempt += 1) {
    const release = await waitForTurn(deps, request);
    let outcome: AttemptOutcome;
    try {
      outcome = await attemptOnce(deps, request, attempt);
    } finally {
      release();
    }
    if (outcome.ok) return outcome.body;
    if ('heldBeforeSending' in outcome) {
      // Nothing reached Apple: not an attempt. Wait for the hold like every later request.
      attempt -= 1;
      continue;
    }

    const { error, retryAfterMs } = outcome;
    const now = clock.now();
    // Apple's Retry-After binds every later request of this token, retried or not.
    if (retryAfterMs !== undefined) request.pacer?.holdUntil(now + retryAfterMs, error.kind);

    if (!mayRetry(error, request.idempotent, outcome.connectionNeverOpened)) {
      throw error.withDetails({ attempts: attempt });
    }
    const delayMs = retryDelayMs(deps, error, retryAfterMs, attempt);
    if (attempt >= retryPolicy.maxAttempts || now + delayMs - startedAt > retryPolicy.maxRetryDurationMs) {
      throw error.withDetails({ attempts: attempt, retryAfterMs: delayMs });
    }
    // A throttled token is throttled for all its callers, not only for this retry.
    if (error.kind === 'RATE_LIMITED') request.pacer?.holdUntil(now + delayMs, error.kind);
    logger.warn(
      {
        method: request.method,
        endpoint: request.endpoint,
        kind: error.kind,
        errorNumber: error.errorNumber,
        httpStatus: error.httpStatus,
        attempt,
        delayMs,
      },
      'apple vpp request failed, retrying',
    );
    try {
      await clock.sleep(delayMs, request.signal);
    } catch {
      throw abortedError(request, attempt);
    }
  }
}

/**
 * 429 / 9646: exponential backoff with jitter (Apple: "retry with incremental or exponential
 * backoff"), and never sooner than a Retry-After. Other retryable failures: the Retry-After when
 * the answer has one, else the backoff.
 */
function retryDelayMs(
  deps: TransportDeps,
  error: AppleVppError,
  retryAfterMs: number | undefined,
  attempt: number,
): number {
  if (retryAfterMs !== undefined && error.kind !== 'RATE_LIMITED') return retryAfterMs;
  const backoffMs = backoffDelayMs(deps.retryPolicy, attempt - 1, deps.random);
  return Math.max(retryAfterMs ?? 0, backoffMs);
}

/** Waits until the token may send; the returned function ends the request's slot. */
async function waitForTurn(deps: TransportDeps, request: AppleRequest): Promise<() => void> {
  const { pacer } = request;
  if (!pacer) {
    if (request.signal?.aborted) throw abortedError(request, 0);
    return () => {};
  }
  const holdMs = pacer.heldUntil - deps.clock.now();
  // Waiting out a hold longer than the whole retry budget would only park the caller.
  if (holdMs > deps.retryPolicy.maxRetryDurationMs) {
    throw new AppleVppError({
      kind: pacer.heldBecause ?? 'RATE_LIMITED',
      message: `Apple VPP ${request.method} ${request.endpoint} not sent: Apple asked to wait ${Math.ceil(holdMs / 1000)} s`,
      retryAfterMs: holdMs,
      method: request.method,
      endpoint: request.endpoint,
      attempts: 0,
    });
  }
  const maxPerSecond = await request.maxRequestsPerSecond?.();
  try {
    return await pacer.reserve(maxPerSecond, request.signal);
  } catch {
    throw abortedError(request, 0);
  }
}

async function attemptOnce(
  deps: TransportDeps,
  request: AppleRequest,
  attempt: number,
): Promise<AttemptOutcome> {
  const { clock, logger } = deps;
  const timeout = new AbortController();
  const stopTimer = new AbortController();
  let timedOut = false;
  clock.sleep(deps.timeoutMs, stopTimer.signal).then(
    () => {
      timedOut = true;
      timeout.abort();
    },
    () => {},
  );
  const signal = request.signal ? AbortSignal.any([timeout.signal, request.signal]) : timeout.signal;
  const { pacer } = request;
  const dispatcher = pacer ? holdGate(() => pacer.heldUntil > clock.now()) : undefined;
  const sentAt = clock.now();
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'User-Agent': deps.userAgent,
    ...request.headers,
  };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  let text: string;
  try {
    response = await deps.fetch(request.url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal,
      // A redirect is reported, not followed: following it could carry the Authorization header elsewhere.
      redirect: 'manual',
      // Node's fetch takes an undici dispatcher; an injected fetch may ignore it.
      ...(dispatcher ? ({ dispatcher } as RequestInit) : {}),
    });
    text = await response.text();
  } catch (cause) {
    if (request.signal?.aborted && !timedOut) throw abortedError(request, attempt);
    if (wasHeldBeforeSending(cause)) return { ok: false, heldBeforeSending: true };
    const kind: AppleVppErrorKind = timedOut ? 'TIMEOUT' : 'NETWORK';
    const detail = timedOut ? `no complete answer within ${deps.timeoutMs} ms` : describeNetworkError(cause);
    return {
      ok: false,
      error: new AppleVppError({
        kind,
        message: deps.redact(`Apple VPP ${request.method} ${request.endpoint} failed: ${detail}`),
        method: request.method,
        endpoint: request.endpoint,
      }),
      retryAfterMs: undefined,
      connectionNeverOpened: !timedOut && isConnectionNeverOpened(cause),
    };
  } finally {
    stopTimer.abort();
  }

  logger.debug(
    {
      method: request.method,
      endpoint: request.endpoint,
      status: response.status,
      attempt,
      durationMs: clock.now() - sentAt,
    },
    'apple vpp request',
  );

  const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'), clock.now());
  const json = parseJson(text);
  const appleError = json.ok ? readAppleError(json.value) : undefined;

  if (appleError || !response.ok) {
    const kind = classifyAppleError(appleError?.errorNumber, response.ok ? undefined : response.status);
    const what = appleError
      ? `${appleError.errorNumber} ${appleError.errorMessage ?? ''}`.trim()
      : `HTTP ${response.status} ${response.statusText}`.trim();
    return {
      ok: false,
      error: new AppleVppError({
        kind,
        message: deps.redact(
          `Apple VPP ${request.method} ${request.endpoint} failed: ${what} (HTTP ${response.status})`,
        ),
        errorNumber: appleError?.errorNumber,
        errorMessage:
          appleError?.errorMessage === undefined ? undefined : deps.redact(appleError.errorMessage),
        errorInfo: appleError?.errorInfo,
        httpStatus: response.status,
        retryAfterMs,
        method: request.method,
        endpoint: request.endpoint,
      }),
      retryAfterMs,
      connectionNeverOpened: false,
    };
  }

  if (!json.ok) {
    return {
      ok: false,
      error: new AppleVppError({
        kind: 'INVALID_RESPONSE',
        message: `Apple VPP ${request.method} ${request.endpoint} answered HTTP ${response.status} with a body that is not JSON`,
        httpStatus: response.status,
        method: request.method,
        endpoint: request.endpoint,
        issues: [{ path: '', message: 'Body is not JSON' }],
      }),
      retryAfterMs: undefined,
      connectionNeverOpened: false,
    };
  }
  return { ok: true, body: json.value, status: response.status };
}

/**
 * Validates a successful body against the endpoint's schema. A mismatch is an INVALID_RESPONSE
 * whose message and `issues` name each field, so a changed Apple payload fails here, loudly,
 * and not three modules later.
 */
export function parseAppleResponse<Schema extends z.ZodType>(
  schema: Schema,
  body: unknown,
  context: { method: string; endpoint: string; redact: (text: string) => string },
): z.output<Schema> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: context.redact(issue.message),
  }));
  const summary = issues
    .slice(0, 5)
    .map((issue) => `${issue.path || '(body)'}: ${issue.message}`)
    .join('; ');
  return throwInvalidResponse(context, issues, summary);
}

function throwInvalidResponse(
  context: { method: string; endpoint: string },
  issues: { path: string; message: string }[],
  summary: string,
): never {
  throw new AppleVppError({
    kind: 'INVALID_RESPONSE',
    message: `Apple VPP ${context.method} ${context.endpoint} answered with an unexpected shape: ${summary}`,
    method: context.method,
    endpoint: context.endpoint,
    issues,
  });
}

function mayRetry(error: AppleVppError, idempotent: boolean, connectionNeverOpened: boolean): boolean {
  if (!error.retryable) return false;
  if (idempotent) return true;
  if (error.kind === 'RATE_LIMITED' || error.kind === 'SERVER_ERROR') return true;
  return error.kind === 'NETWORK' && connectionNeverOpened;
}

function abortedError(request: AppleRequest, attempts: number): AppleVppError {
  return new AppleVppError({
    kind: 'ABORTED',
    message: `Apple VPP ${request.method} ${request.endpoint} was cancelled by the caller`,
    method: request.method,
    endpoint: request.endpoint,
    attempts,
  });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

// Apple sometimes answers an error with HTTP 200, so every body is checked.
function readAppleError(
  body: unknown,
): { errorNumber: number; errorMessage?: string; errorInfo?: AppleErrorInfo } | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  if (typeof record.errorNumber !== 'number') return undefined;
  const errorInfo =
    typeof record.errorInfo === 'object' && record.errorInfo !== null
      ? (record.errorInfo as AppleErrorInfo)
      : undefined;
  return {
    errorNumber: record.errorNumber,
    ...(typeof record.errorMessage === 'string' ? { errorMessage: record.errorMessage } : {}),
    ...(errorInfo ? { errorInfo } : {}),
  };
}

const CONNECTION_NEVER_OPENED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return errorCode((error as { cause?: unknown }).cause);
}

function isConnectionNeverOpened(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && CONNECTION_NEVER_OPENED_CODES.has(code);
}

function describeNetworkError(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : 'network error';
  const causeMessage =
    error instanceof Error && error.cause instanceof Error && error.cause.message !== message
      ? `: ${error.cause.message}`
      : '';
  return `${message}${causeMessage}${code && !`${message}${causeMessage}`.includes(code) ? ` (${code})` : ''}`;
}
