export interface RetryPolicy {
  /** Total HTTP attempts per call, the first one included. */
  maxAttempts: number;
  /**
   * Time budget from the first attempt: a retry whose wait would end past it is not made and the
   * error is thrown with `retryAfterMs`, so a job queue can reschedule instead of blocking a worker.
   */
  maxRetryDurationMs: number;
  /** First backoff delay; doubled on each retry up to `maxDelayMs`, then jittered. */
  initialDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  maxRetryDurationMs: 60_000,
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
};

/**
 * Exponential backoff with "equal jitter": between half and all of the exponential delay, so
 * many workers throttled together do not retry in lockstep, yet none retries almost at once.
 * `retryIndex` is 0 for the first retry.
 */
export function backoffDelayMs(policy: RetryPolicy, retryIndex: number, random: () => number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** retryIndex);
  const half = exponential / 2;
  return Math.round(half + half * random());
}

/**
 * Parses `Retry-After`: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Returns milliseconds
 * to wait from `now` (never negative), or undefined when absent or unreadable.
 */
export function parseRetryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  // Only the HTTP-date forms: Date.parse alone would also accept bare numbers like "-1".
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
