/**
 * Password checks (scrypt: ~0.1–1 s of a libuv thread each) run a few at a time. A sign-in takes a
 * place before it does anything else; with no place left for its email, or in the pool as a whole,
 * it is refused at once (429), before any database work: a burst gets its answer fast instead of
 * piling up behind itself and delaying everybody else's sign-in. Waiting checks are served fairly
 * across emails, so one email's burst cannot hold the line against another.
 */
export interface PasswordCheckPoolOptions {
  /** Checks that run at the same time (libuv has 4 threads; leave some for everything else). */
  concurrency: number;
  /** Sign-ins that may hold a place (running or waiting) in all. */
  maxInFlight: number;
  /** Sign-ins of one email that may hold a place at once. */
  maxInFlightPerKey: number;
}

export const DEFAULT_PASSWORD_CHECK_POOL: PasswordCheckPoolOptions = {
  concurrency: 2,
  maxInFlight: 32,
  maxInFlightPerKey: 3,
};

export interface PasswordCheckTicket {
  /** Runs the check when a thread is free; then gives the place back. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Gives the place back without running anything. */
  release(): void;
}

export interface PasswordCheckPool {
  /** A place for one check of `key`, or null when there is none: refuse the sign-in at once. */
  admit(key: string): PasswordCheckTicket | null;
}

export function createPasswordCheckPool(
  options: PasswordCheckPoolOptions = DEFAULT_PASSWORD_CHECK_POOL,
): PasswordCheckPool {
  let running = 0;
  let inFlight = 0;
  const inFlightByKey = new Map<string, number>();
  // Insertion order of a Map is the round-robin order: a key that was served goes to the back.
  const waiting = new Map<string, (() => void)[]>();

  const startNext = () => {
    while (running < options.concurrency) {
      const next = waiting.entries().next();
      if (next.done) return;
      const [key, starts] = next.value;
      const start = starts.shift();
      waiting.delete(key);
      if (starts.length > 0) waiting.set(key, starts);
      start?.();
    }
  };

  const leave = (key: string) => {
    inFlight -= 1;
    const left = (inFlightByKey.get(key) ?? 1) - 1;
    if (left > 0) inFlightByKey.set(key, left);
    else inFlightByKey.delete(key);
  };

  return {
    admit(key) {
      const ofKey = inFlightByKey.get(key) ?? 0;
      if (ofKey >= options.maxInFlightPerKey || inFlight >= options.maxInFlight) return null;
      inFlight += 1;
      inFlightByKey.set(key, ofKey + 1);
      let used = false;
      return {
        release() {
          if (used) return;
          used = true;
          leave(key);
        },
        run<T>(task: () => Promise<T>): Promise<T> {
          if (used) return Promise.reject(new Error('This place in the password-check pool was used.'));
          used = true;
          return new Promise<T>((resolve, reject) => {
            const start = () => {
              running += 1;
              task()
                .then(resolve, reject)
                .finally(() => {
                  running -= 1;
                  leave(key);
                  startNext();
                });
            };
            const queue = waiting.get(key) ?? [];
            queue.push(start);
            waiting.set(key, queue);
            startNext();
          });
        },
      };
    },
  };
}
