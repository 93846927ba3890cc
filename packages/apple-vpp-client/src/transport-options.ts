import { type Clock, systemClock } from './clock.ts';
import { silentLogger, type VppLogger } from './logger.ts';
import { defaultRetryPolicy, type RetryPolicy } from './retry-policy.ts';
import type { TransportDeps } from './send-apple-request.ts';

/** How requests are sent; every field is optional and injectable for tests. */
export interface TransportOptions {
  /** Defaults to Node's global fetch. */
  fetch?: typeof fetch;
  /** Defaults to the system clock; tests pass a virtual one. */
  clock?: Clock;
  /** Source of retry jitter, in [0, 1). Defaults to Math.random. */
  random?: () => number;
  /** pino-compatible; defaults to silent. */
  logger?: VppLogger;
  retry?: Partial<RetryPolicy>;
  /** Per attempt, headers and body included. Default 30 000 ms. */
  timeoutMs?: number;
  userAgent?: string;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_USER_AGENT = 'vpp-console-apple-vpp-client/1';

export function resolveTransport(options: TransportOptions, redact: (text: string) => string): TransportDeps {
  return {
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    logger: options.logger ?? silentLogger,
    retryPolicy: { ...defaultRetryPolicy, ...options.retry },
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    redact,
  };
}

export function normalizeBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`baseUrl must be an http(s) URL, got ${url.protocol}`);
  }
  return url.toString().replace(/\/+$/, '');
}
