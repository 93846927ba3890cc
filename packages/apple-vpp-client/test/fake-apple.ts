import type { Clock } from '../src/clock.ts';
import { serviceConfigBody } from './apple-fixtures.ts';

export const BASE_URL = 'https://vpp.test/mdm/v2';

export interface RecordedRequest {
  method: string;
  url: URL;
  /** Path relative to BASE_URL when under it (`/assets`), else the full pathname. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  rawBody: string | undefined;
  at: number;
}

export interface FakeReply {
  status?: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export type FakeHandler = (request: RecordedRequest, signal: AbortSignal) => FakeReply | Promise<FakeReply>;

/**
 * An in-memory stand-in for Apple, plugged in as the client's `fetch`. Every request is recorded
 * (with the virtual time it arrived) so tests can check exactly what went on the wire. Routes
 * are `METHOD path`; `GET /service/config` answers with Apple's example config by default.
 */
export class FakeApple {
  readonly requests: RecordedRequest[] = [];
  readonly #routes = new Map<string, FakeHandler>();
  readonly #clock: Clock;
  #inFlight = 0;
  maxInFlight = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
    this.on('GET', '/service/config', () => ({ json: serviceConfigBody() }));
  }

  on(method: string, path: string, handler: FakeHandler): this {
    this.#routes.set(`${method} ${path}`, handler);
    return this;
  }

  /** Answers the given replies in turn, repeating the last one. */
  sequence(method: string, path: string, replies: (FakeReply | FakeHandler)[]): this {
    let call = 0;
    return this.on(method, path, (request, signal) => {
      const reply = replies[Math.min(call, replies.length - 1)];
      call += 1;
      if (reply === undefined) throw new Error(`no reply configured for ${method} ${path}`);
      return typeof reply === 'function' ? reply(request, signal) : reply;
    });
  }

  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && request.path === path);
  }

  /** Requests that count against the token (everything but the unauthenticated service config). */
  get tokenRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.path !== '/service/config');
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const rawBody = typeof init?.body === 'string' ? init.body : undefined;
    const request: RecordedRequest = {
      method: init?.method ?? 'GET',
      url,
      path: url.href.startsWith(BASE_URL)
        ? url.pathname.slice(new URL(BASE_URL).pathname.length)
        : url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: rawBody === undefined ? undefined : JSON.parse(rawBody),
      rawBody,
      at: this.#clock.now(),
    };
    this.requests.push(request);
    const signal = init?.signal ?? new AbortController().signal;
    signal.throwIfAborted();
    const handler = this.#routes.get(`${request.method} ${request.path}`);
    if (!handler) return Response.json({ errorNumber: 9602, errorMessage: 'no fake route' }, { status: 404 });

    this.#inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.#inFlight);
    try {
      const reply = await raceAbort(Promise.resolve(handler(request, signal)), signal);
      const body = reply.text ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
      return new Response(body, {
        status: reply.status ?? 200,
        headers: { 'content-type': 'application/json', ...reply.headers },
      });
    } finally {
      this.#inFlight -= 1;
    }
  };
}

function raceAbort<Value>(promise: Promise<Value>, signal: AbortSignal): Promise<Value> {
  return new Promise<Value>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** A handler that never answers (until the request is aborted). */
export const hang: FakeHandler = () => new Promise<FakeReply>(() => {});

/** The error undici's fetch throws when nothing listens on the port. */
export function connectionRefused(): never {
  throw new TypeError('fetch failed', {
    cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' }),
  });
}

/** The error undici's fetch throws when the server drops the connection mid-answer. */
export function connectionReset(): never {
  throw new TypeError('fetch failed', {
    cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
  });
}

export function appleError(
  errorNumber: number,
  status: number,
  errorMessage = `error ${errorNumber}`,
): FakeReply {
  return { status, json: { errorNumber, errorMessage } };
}
