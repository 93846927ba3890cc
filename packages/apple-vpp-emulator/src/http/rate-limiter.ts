/**
 * Apple's `maxRequestPerSecond`, per location: a sliding one-second window of accepted requests.
 * A rejected request does not count against the window.
 */
export class RateLimiter {
  private readonly windows = new Map<string, number[]>();

  /** Returns undefined when allowed, or the seconds to wait (for Retry-After). */
  check(locationId: string, maxPerSecond: number, nowMs: number): number | undefined {
    let window = this.windows.get(locationId);
    if (window === undefined) {
      window = [];
      this.windows.set(locationId, window);
    }
    let expired = 0;
    while (expired < window.length && (window[expired] ?? 0) <= nowMs - 1000) expired += 1;
    if (expired > 0) window.splice(0, expired);
    if (window.length >= maxPerSecond) {
      const oldest = window[0] ?? nowMs;
      return Math.max(1, Math.ceil((oldest + 1000 - nowMs) / 1000));
    }
    window.push(nowMs);
    return undefined;
  }
}
