import type { AppleVppErrorKind } from './apple-vpp-error.ts';
import type { Clock } from './clock.ts';

const WINDOW_MS = 1_000;

/**
 * Paces the requests of one sToken: at most `maxPerSecond` requests in any one-second window
 * (a sliding log, so no burst straddles a window edge the way a token bucket's refill allows),
 * and none before a `Retry-After` or rate-limit backoff Apple asked for has passed.
 *
 * Callers are served in arrival order, so a long wait cannot be overtaken by later requests.
 */
export class RequestPacer {
  readonly #clock: Clock;
  readonly #sentAt: number[] = [];
  #holdUntil = 0;
  #heldBecause: AppleVppErrorKind | undefined;
  #queue: Promise<void> = Promise.resolve();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Waits for this caller's turn. `maxPerSecond` undefined means "only honour holds". */
  acquire(maxPerSecond: number | undefined, signal?: AbortSignal): Promise<void> {
    const turn = this.#queue.then(() => this.#waitForSlot(maxPerSecond, signal));
    // A caller that gave up (aborted) must not block the ones behind it.
    this.#queue = turn.catch(() => {});
    return turn;
  }

  /** No request goes out before `time` (epoch ms). Later holds extend, earlier ones never shorten. */
  holdUntil(time: number, because: AppleVppErrorKind): void {
    if (time <= this.#holdUntil) return;
    this.#holdUntil = time;
    this.#heldBecause = because;
  }

  get heldUntil(): number {
    return this.#holdUntil;
  }

  /** The kind of answer that caused the current hold (RATE_LIMITED, SERVER_ERROR, …). */
  get heldBecause(): AppleVppErrorKind | undefined {
    return this.#heldBecause;
  }

  async #waitForSlot(maxPerSecond: number | undefined, signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.#clock.now();
      if (now < this.#holdUntil) {
        await this.#clock.sleep(this.#holdUntil - now, signal);
        continue;
      }
      while (this.#sentAt.length > 0 && (this.#sentAt[0] as number) <= now - WINDOW_MS) this.#sentAt.shift();
      const limit =
        maxPerSecond === undefined ? Number.POSITIVE_INFINITY : Math.max(1, Math.floor(maxPerSecond));
      if (this.#sentAt.length < limit) {
        this.#sentAt.push(now);
        return;
      }
      const oldest = this.#sentAt[this.#sentAt.length - limit] as number;
      await this.#clock.sleep(oldest + WINDOW_MS - now, signal);
    }
  }
}
