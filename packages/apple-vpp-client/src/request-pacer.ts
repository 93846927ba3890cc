import type { AppleVppErrorKind } from './apple-vpp-error.ts';
import type { Clock } from './clock.ts';

const WINDOW_MS = 1_000;

/** One request's place in the window: it counts as "now" until it is released. */
interface Slot {
  at: number;
  open: boolean;
}

/**
 * Paces the requests of one sToken: at most `maxPerSecond` requests in any one-second window
 * (a sliding log, so no burst straddles a window edge the way a token bucket's refill allows),
 * and none before a `Retry-After` or rate-limit backoff Apple asked for has passed.
 *
 * Apple counts a request when it arrives, which is some time after it was sent: a request counts
 * from the moment it is sent until one second after its answer came back (its release). Counting
 * only from the send would let requests that were slow to arrive bunch up at Apple's end and
 * draw 9646 at exactly the advertised rate.
 *
 * Callers are served in arrival order, so a long wait cannot be overtaken by later requests.
 */
export class RequestPacer {
  readonly #clock: Clock;
  #slots: Slot[] = [];
  #holdUntil = 0;
  #heldBecause: AppleVppErrorKind | undefined;
  #queue: Promise<void> = Promise.resolve();
  readonly #onRelease = new Set<() => void>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /**
   * Waits for this caller's turn and takes a slot. Call the returned function once the request
   * is over (answered or failed): the slot then counts for one more second.
   * `maxPerSecond` undefined means "only honour holds".
   */
  reserve(maxPerSecond: number | undefined, signal?: AbortSignal): Promise<() => void> {
    const turn = this.#queue.then(() => this.#waitForSlot(maxPerSecond, signal));
    // A caller that gave up (aborted) must not block the ones behind it.
    this.#queue = turn.then(
      () => {},
      () => {},
    );
    return turn;
  }

  /** Waits for this caller's turn; the slot counts from now, for one second. */
  async acquire(maxPerSecond: number | undefined, signal?: AbortSignal): Promise<void> {
    const release = await this.reserve(maxPerSecond, signal);
    release();
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

  async #waitForSlot(maxPerSecond: number | undefined, signal?: AbortSignal): Promise<() => void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.#clock.now();
      if (now < this.#holdUntil) {
        await this.#clock.sleep(this.#holdUntil - now, signal);
        continue;
      }
      this.#slots = this.#slots.filter((slot) => slot.open || slot.at > now - WINDOW_MS);
      const limit =
        maxPerSecond === undefined ? Number.POSITIVE_INFINITY : Math.max(1, Math.floor(maxPerSecond));
      if (this.#slots.length < limit) return this.#take(now);
      // Full: wait for the oldest released slot to leave the window, or for a request to end.
      const released = this.#slots.filter((slot) => !slot.open).map((slot) => slot.at);
      await this.#waitForChange(
        released.length > 0 ? Math.min(...released) + WINDOW_MS - now : undefined,
        signal,
      );
    }
  }

  #take(now: number): () => void {
    const slot: Slot = { at: now, open: true };
    this.#slots.push(slot);
    return () => {
      if (!slot.open) return;
      slot.open = false;
      slot.at = this.#clock.now();
      for (const wake of [...this.#onRelease]) wake();
    };
  }

  /** Resolves after `ms` (never, when undefined) or as soon as a slot is released; rejects on abort. */
  async #waitForChange(ms: number | undefined, signal?: AbortSignal): Promise<void> {
    const woken = new AbortController();
    const wake = () => woken.abort();
    this.#onRelease.add(wake);
    const stop = signal ? AbortSignal.any([woken.signal, signal]) : woken.signal;
    try {
      if (ms === undefined) {
        await new Promise<void>((_resolve, reject) => {
          if (stop.aborted) reject(stop.reason);
          else stop.addEventListener('abort', () => reject(stop.reason), { once: true });
        });
      } else {
        await this.#clock.sleep(ms, stop);
      }
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (!woken.signal.aborted) throw error;
    } finally {
      this.#onRelease.delete(wake);
    }
  }
}
