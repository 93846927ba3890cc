import type { Clock } from '../src/clock.ts';

interface Timer {
  at: number;
  order: number;
  resolve: () => void;
}

const IDLE_ROUNDS = 10;

/**
 * Virtual time. With `autoAdvance` (the default), whenever the program has nothing left to do but
 * wait, the clock jumps to the earliest pending timer and fires it, so a 60-second retry schedule
 * runs in milliseconds and in a deterministic order. Only for code whose I/O is in-memory (the
 * fake Apple fetch); real sockets would look idle while a request is in flight.
 */
export class FakeClock implements Clock {
  #now: number;
  #timers: Timer[] = [];
  #order = 0;
  #advancing = false;
  readonly #autoAdvance: boolean;

  constructor(options: { start?: number; autoAdvance?: boolean } = {}) {
    this.#now = options.start ?? Date.UTC(2030, 0, 1, 0, 0, 0);
    this.#autoAdvance = options.autoAdvance ?? true;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const timer: Timer = {
        at: this.#now + Math.max(0, ms),
        order: this.#order++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#timers = this.#timers.filter((pending) => pending !== timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#timers.push(timer);
      this.#scheduleAdvance();
    });
  }

  /** Moves time forward by `ms`, firing due timers in order. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      const next = this.#earliest();
      if (!next || next.at > target) break;
      this.#fire(next);
      await idle();
    }
    this.#now = target;
  }

  get pendingTimers(): number {
    return this.#timers.length;
  }

  #earliest(): Timer | undefined {
    return [...this.#timers].sort((a, b) => a.at - b.at || a.order - b.order)[0];
  }

  #fire(timer: Timer): void {
    this.#timers = this.#timers.filter((pending) => pending !== timer);
    this.#now = Math.max(this.#now, timer.at);
    timer.resolve();
  }

  #scheduleAdvance(): void {
    if (!this.#autoAdvance || this.#advancing) return;
    this.#advancing = true;
    void idle().then(() => {
      this.#advancing = false;
      const next = this.#earliest();
      if (!next) return;
      this.#fire(next);
      if (this.#timers.length > 0) this.#scheduleAdvance();
    });
  }
}

async function idle(): Promise<void> {
  for (let round = 0; round < IDLE_ROUNDS; round += 1) await new Promise((resolve) => setImmediate(resolve));
}
