import { setTimeout as delay } from 'node:timers/promises';

/**
 * Time as the client sees it. Injected so tests can run retries, Retry-After waits,
 * rate limiting and timeouts on virtual time.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when the signal aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    if (ms <= 0) {
      signal?.throwIfAborted();
      return;
    }
    try {
      await delay(ms, undefined, signal ? { signal } : undefined);
    } catch (error) {
      // timers/promises rejects with its own AbortError; callers expect the signal's reason.
      if (signal?.aborted) throw signal.reason;
      throw error;
    }
  },
};
