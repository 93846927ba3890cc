import { type ServiceConfig, serviceConfigSchema } from './apple-payloads.ts';
import { AppleVppError } from './apple-vpp-error.ts';
import { RequestPacer } from './request-pacer.ts';
import { parseAppleResponse, sendAppleRequest, type TransportDeps } from './send-apple-request.ts';
import { normalizeBaseUrl, resolveTransport, type TransportOptions } from './transport-options.ts';

export interface ServiceConfigCacheOptions extends TransportOptions {
  /** Apple: limits and URLs are dynamic, re-read them every 5 minutes. Default 300 000 ms. */
  maxAgeMs?: number;
  /** After a failed refresh, serve the stale config (or the error) this long before trying again. Default 30 000 ms. */
  retryFailedRefreshAfterMs?: number;
}

interface CacheEntry {
  config?: ServiceConfig;
  fetchedAt?: number;
  failedAt?: number;
  lastError?: AppleVppError;
  pending?: Promise<ServiceConfig>;
  /** Honours Retry-After on the (unauthenticated) service-config endpoint. */
  pacer: RequestPacer;
}

export const SERVICE_CONFIG_MAX_AGE_MS = 5 * 60_000;

/**
 * `GET /service/config`, cached per base URL. It needs no token, so every client of one base URL
 * should share one cache: pass the same instance to each `createVppClient` (the client factory
 * does this for you).
 */
export class ServiceConfigCache {
  readonly #deps: TransportDeps;
  readonly #maxAgeMs: number;
  readonly #retryFailedRefreshAfterMs: number;
  readonly #entries = new Map<string, CacheEntry>();

  constructor(options: ServiceConfigCacheOptions = {}) {
    // No secret ever passes through this cache, so nothing to redact.
    this.#deps = resolveTransport(options, (text) => text);
    this.#maxAgeMs = options.maxAgeMs ?? SERVICE_CONFIG_MAX_AGE_MS;
    this.#retryFailedRefreshAfterMs = options.retryFailedRefreshAfterMs ?? 30_000;
  }

  /**
   * The service config for `baseUrl`: cached while younger than `maxAgeMs`, else fetched again
   * (concurrent callers share one request). When a refresh fails and an older copy exists, the
   * older copy is returned: stale limits beat no limits.
   */
  async get(baseUrl: string, options: { forceRefresh?: boolean } = {}): Promise<ServiceConfig> {
    const key = normalizeBaseUrl(baseUrl);
    const entry = this.#entry(key);
    const now = this.#deps.clock.now();
    if (entry.pending) return entry.pending;
    if (!options.forceRefresh && entry.config && entry.fetchedAt !== undefined) {
      if (now - entry.fetchedAt < this.#maxAgeMs) return entry.config;
    }
    if (
      !options.forceRefresh &&
      entry.failedAt !== undefined &&
      now - entry.failedAt < this.#retryFailedRefreshAfterMs
    ) {
      if (entry.config) return entry.config;
      if (entry.lastError) throw entry.lastError;
    }
    entry.pending = this.#refresh(key, entry).finally(() => {
      entry.pending = undefined;
    });
    return entry.pending;
  }

  /** Forget the cached copy, e.g. after Apple rejected a batch as over a limit. */
  invalidate(baseUrl: string): void {
    const entry = this.#entries.get(normalizeBaseUrl(baseUrl));
    if (entry) entry.fetchedAt = undefined;
  }

  #entry(key: string): CacheEntry {
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = { pacer: new RequestPacer(this.#deps.clock) };
      this.#entries.set(key, entry);
    }
    return entry;
  }

  async #refresh(key: string, entry: CacheEntry): Promise<ServiceConfig> {
    const endpoint = '/service/config';
    try {
      const body = await sendAppleRequest(this.#deps, {
        method: 'GET',
        url: new URL(`${key}${endpoint}`),
        endpoint,
        idempotent: true,
        pacer: entry.pacer,
      });
      const config = parseAppleResponse(serviceConfigSchema, body, {
        method: 'GET',
        endpoint,
        redact: this.#deps.redact,
      });
      entry.config = config;
      entry.fetchedAt = this.#deps.clock.now();
      entry.failedAt = undefined;
      entry.lastError = undefined;
      return config;
    } catch (error) {
      if (!(error instanceof AppleVppError)) throw error;
      entry.failedAt = this.#deps.clock.now();
      entry.lastError = error;
      if (entry.config) {
        this.#deps.logger.warn(
          { endpoint, kind: error.kind, baseUrl: key },
          'apple vpp service config refresh failed, using the previous copy',
        );
        return entry.config;
      }
      throw error;
    }
  }
}
