import type pg from 'pg';

// Counts the SQL statements sent through a pg Pool: the product's raw queries (pool.query and
// clients from pool.connect()) and Prisma's (adapter-pg runs them on the same pool). Every
// statement goes through some pool client's `query`, so wrapping each client as the pool creates
// it counts everything once.

export interface StatementKind {
  label: string;
  count: number;
  totalMs: number;
  /** Each statement's time, from the call to its answer (includes waiting for the event loop). */
  durationsMs: number[];
}

/** The q-quantile (0..1) of a kind's statement times. */
export function quantileMs(kind: StatementKind, q: number): number {
  const sorted = [...kind.durationsMs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

export interface CapturedStatement {
  text: string;
  values: unknown[];
}

type QueryFunction = (...args: unknown[]) => unknown;

function statementText(first: unknown): string {
  if (typeof first === 'string') return first;
  if (first && typeof first === 'object' && 'text' in first && typeof first.text === 'string') {
    return first.text;
  }
  return '(unknown)';
}

function statementValues(args: unknown[]): unknown[] {
  const [first, second] = args;
  if (Array.isArray(second)) return second;
  if (first && typeof first === 'object' && 'values' in first && Array.isArray(first.values)) {
    return first.values;
  }
  return [];
}

/** A short, stable label: the statement's first words with whitespace collapsed. */
export function statementLabel(text: string, length = 72): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

export class StatementCounter {
  #recording = false;
  #kinds = new Map<string, StatementKind>();
  #total = 0;
  #capture: { match: string; nth: number; seen: number; captured: CapturedStatement | null } | null = null;

  /** Wraps every client the pool creates from now on; call before the pool's first query. */
  attach(pool: pg.Pool): void {
    pool.on('connect', (client) => this.#wrap(client));
  }

  start(): void {
    this.#kinds = new Map();
    this.#total = 0;
    this.#recording = true;
  }

  stop(): { total: number; kinds: StatementKind[] } {
    this.#recording = false;
    return {
      total: this.#total,
      kinds: [...this.#kinds.values()].sort((a, b) => b.totalMs - a.totalMs),
    };
  }

  /** Keeps the text and parameters of the nth statement (1-based) whose text contains `match`. */
  captureNth(match: string, nth: number): void {
    this.#capture = { match, nth, seen: 0, captured: null };
  }

  get captured(): CapturedStatement | null {
    return this.#capture?.captured ?? null;
  }

  #wrap(client: pg.PoolClient): void {
    const target = client as unknown as { query: QueryFunction };
    const original = target.query;
    target.query = (...args: unknown[]): unknown => {
      if (!this.#recording) return original.apply(client, args);
      const text = statementText(args[0]);
      this.#total += 1;
      const capture = this.#capture;
      if (capture && capture.captured === null && text.includes(capture.match)) {
        capture.seen += 1;
        if (capture.seen === capture.nth) capture.captured = { text, values: statementValues(args) };
      }
      const label = statementLabel(text);
      let kind = this.#kinds.get(label);
      if (!kind) {
        kind = { label, count: 0, totalMs: 0, durationsMs: [] };
        this.#kinds.set(label, kind);
      }
      kind.count += 1;
      const started = performance.now();
      const done = () => {
        const ms = performance.now() - started;
        if (kind) {
          kind.totalMs += ms;
          kind.durationsMs.push(ms);
        }
      };
      // pg-pool's query() hands the client a callback; everyone else uses the promise.
      const last = args.length - 1;
      const callback = args[last];
      if (typeof callback === 'function') {
        args[last] = (...results: unknown[]) => {
          done();
          return callback(...results);
        };
        return original.apply(client, args);
      }
      const result = original.apply(client, args);
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).then(done, done);
      } else if (result && typeof (result as { on?: unknown }).on === 'function') {
        const stream = result as { on(event: string, listener: () => void): void };
        stream.on('finish', done);
        stream.on('error', done);
      }
      return result;
    };
  }
}
