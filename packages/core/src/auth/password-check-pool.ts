/**
 * Runs password checks (scrypt, ~0.1–0.5 s of a libuv thread each) a few at a time, with a short
 * queue that is served fairly across keys (one email's burst cannot hold the line against another
 * email), and refuses at once when the queue is full: a burst gets its answer (429) fast instead of
 * piling up behind itself and delaying everybody's sign-in.
 */
export interface PasswordCheckPoolOptions {
  /** Checks that run at the same time (libuv has 4 threads; leave some for everything else). */
  concurrency: number;
  /** Checks that may wait in all. */
  maxQueued: number;
  /** Checks that may wait for one key (one email). */
  maxQueuedPerKey: number;
}

export const DEFAULT_PASSWORD_CHECK_POOL: PasswordCheckPoolOptions = {
  concurrency: 2,
  maxQueued: 32,
  maxQueuedPerKey: 2,
};

export type PoolOutcome<T> = { ran: true; value: T } | { ran: false };

export interface PasswordCheckPool {
  run<T>(key: string, task: () => Promise<T>): Promise<PoolOutcome<T>>;
}

interface Waiting {
  start: () => void;
}

export function createPasswordCheckPool(
  options: PasswordCheckPoolOptions = DEFAULT_PASSWORD_CHECK_POOL,
): PasswordCheckPool {
  let running = 0;
  let queued = 0;
  // Insertion order of a Map is the round-robin order: a served key goes to the back.
  const queues = new Map<string, Waiting[]>();

  const startNext = () => {
    while (running < options.concurrency) {
      const next = queues.entries().next();
      if (next.done) return;
      const [key, waiting] = next.value;
      const job = waiting.shift();
      queues.delete(key);
      if (waiting.length > 0) queues.set(key, waiting);
      if (!job) continue;
      queued -= 1;
      job.start();
    }
  };

  return {
    run<T>(key: string, task: () => Promise<T>): Promise<PoolOutcome<T>> {
      const waiting = queues.get(key) ?? [];
      const mustWait = running >= options.concurrency;
      if (mustWait && (queued >= options.maxQueued || waiting.length >= options.maxQueuedPerKey)) {
        return Promise.resolve({ ran: false });
      }
      return new Promise<PoolOutcome<T>>((resolve, reject) => {
        const start = () => {
          running += 1;
          task()
            .then(
              (value) => resolve({ ran: true, value }),
              (error: unknown) => reject(error),
            )
            .finally(() => {
              running -= 1;
              startNext();
            });
        };
        if (!mustWait) {
          start();
          return;
        }
        waiting.push({ start });
        queues.set(key, waiting);
        queued += 1;
      });
    },
  };
}
