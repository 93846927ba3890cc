import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import {
  type Clock,
  createVppClient,
  createVppClientFactory,
  type VppClient,
  type VppClientFactoryOptions,
  type VppClientOptions,
} from '@vpp/apple-vpp-client';
import { AppleVppError } from '@vpp/apple-vpp-client/errors';
import {
  createEmulator,
  decodeVppToken,
  type Emulator,
  type EmulatorOptions,
  type LoggedRequest,
  type StartedEmulator,
} from '@vpp/apple-vpp-emulator';
import { afterEach, expect } from 'vitest';

// Contract tests: the real client (`@vpp/apple-vpp-client`) against the real emulator
// (`@vpp/apple-vpp-emulator`), in-process, over HTTP on loopback. Nothing in between is faked:
// the client's view of Apple is what the emulator answers, and what the client sent is read from
// the emulator's request log. A few tests also watch Node's fetch (`observedFetch`) to see the
// client's side of an exchange, or to play a proxy that mangles the Authorization header.
// The emulator's own rate limit is off unless a test is about it, so pacing cannot slow the rest.

const running: { close(): Promise<void> }[] = [];

afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

export interface Apple extends StartedEmulator {
  emulator: Emulator;
  control: Emulator['control'];
  /** Calls the emulator received on Apple's API, in arrival order; `path` is relative to the base URL. */
  requests(filter?: { path?: string; locationId?: string }): LoggedRequest[];
  /**
   * The same without `/service/config` (no token). Injected faults are answered before the token is
   * read, so they carry no locationId: these are all the calls that sent, or tried to send, a token.
   */
  tokenRequests(): LoggedRequest[];
}

/** An emulator on a free loopback port, closed after the test. Events and notifications are fast. */
export async function startApple(options: EmulatorOptions = {}): Promise<Apple> {
  const emulator = createEmulator({
    eventDelayMs: 100,
    notificationRetryDelayMs: 20,
    notificationTimeoutMs: 2_000,
    rateLimit: false,
    ...options,
  });
  running.push(emulator);
  const started = await emulator.start({ port: 0, host: '127.0.0.1' });
  const apiPath = new URL(started.baseUrl).pathname;
  const requests = (filter: { path?: string; locationId?: string } = {}) =>
    emulator.control
      .requests({
        ...(filter.locationId === undefined ? {} : { locationId: filter.locationId }),
        ...(filter.path === undefined ? {} : { path: `${apiPath}${filter.path}` }),
      })
      .filter((entry) => entry.path.startsWith(apiPath))
      .map((entry) => ({ ...entry, path: entry.path.slice(apiPath.length) }));
  return {
    ...started,
    emulator,
    control: emulator.control,
    requests,
    tokenRequests: () => requests().filter((entry) => entry.path !== '/service/config'),
  };
}

type CreateLocationInput = Parameters<Emulator['control']['createLocation']>[0];

/** A location with a token, created the way Apple Business Manager would (the control API). */
export function createLocation(apple: Apple, input: Partial<CreateLocationInput> = {}) {
  return apple.control.createLocation({
    orgName: 'Acme Corp',
    locationName: 'Head Office',
    type: 'BUSINESS',
    ...input,
  });
}

/** A pino-like logger that keeps every line, to check that no line ever carries the token. */
export function recordingLogger() {
  const lines: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  const at =
    (level: string) =>
    (obj: Record<string, unknown>, msg: string): void => {
      lines.push({ level, obj, msg });
    };
  return {
    lines,
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    text: () => lines.map((line) => `${line.level} ${line.msg} ${JSON.stringify(line.obj)}`).join('\n'),
  };
}

export interface ClientUnderTest {
  client: VppClient;
  log: ReturnType<typeof recordingLogger>;
}

/** The real client for one token, pointed at the emulator, with a recording logger. */
export function clientFor(
  apple: Apple,
  sToken: string,
  options: Partial<Omit<VppClientOptions, 'sToken' | 'baseUrl' | 'logger'>> = {},
): ClientUnderTest {
  const log = recordingLogger();
  const client = createVppClient({ sToken, baseUrl: apple.baseUrl, logger: log.logger, ...options });
  return { client, log };
}

/** The real factory, pointed at the emulator, with a recording logger. */
export function factoryFor(apple: Apple, options: Omit<VppClientFactoryOptions, 'baseUrl' | 'logger'> = {}) {
  const log = recordingLogger();
  return { factory: createVppClientFactory({ baseUrl: apple.baseUrl, logger: log.logger, ...options }), log };
}

/** Every form of a thrown value a log or an error report could show. */
function renderings(value: unknown): string[] {
  const forms = [String(value), inspect(value, { depth: 10, showHidden: true })];
  try {
    forms.push(JSON.stringify(value) ?? '');
  } catch {
    forms.push('');
  }
  if (value instanceof Error) forms.push(value.message, value.stack ?? '');
  return forms;
}

/** Neither the sToken, its URL-encoded form nor the inner token appears in `value`. */
export function expectNoSecret(value: unknown, sToken: string): void {
  const inner = decodeVppToken(sToken)?.token;
  const secrets = [sToken, encodeURIComponent(sToken), ...(inner ? [inner] : [])];
  for (const form of renderings(value)) {
    for (const secret of secrets) expect(form.includes(secret), 'a secret leaked').toBe(false);
  }
}

/** Awaits a call that must fail, checks it is an AppleVppError and that it carries no secret. */
export async function expectAppleError(
  promise: Promise<unknown>,
  sToken: string,
  expected: Partial<
    Pick<
      AppleVppError,
      | 'kind'
      | 'errorNumber'
      | 'httpStatus'
      | 'retryable'
      | 'retryAfterMs'
      | 'attempts'
      | 'endpoint'
      | 'method'
    >
  >,
): Promise<AppleVppError> {
  let thrown: unknown;
  try {
    await promise;
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'the call should have failed').toBeInstanceOf(AppleVppError);
  const error = thrown as AppleVppError;
  expect(error).toMatchObject(expected);
  expectNoSecret(error, sToken);
  return error;
}

/** Collects every page of a walk. */
export async function collect<Page>(walk: AsyncIterable<Page>): Promise<Page[]> {
  const pages: Page[] = [];
  for await (const page of walk) pages.push(page);
  return pages;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `probe` returns something truthy, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(25);
  }
}

/** The largest number of requests the emulator was handling at once, from its request log. */
export function maxConcurrent(requests: readonly LoggedRequest[]): number {
  const edges: [number, number][] = [];
  for (const request of requests) {
    const start = Date.parse(request.time);
    edges.push([start, 1], [start + request.durationMs, -1]);
  }
  // At equal times an end comes before a start: touching intervals do not overlap.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let max = 0;
  for (const [, delta] of edges) {
    current += delta;
    max = Math.max(max, current);
  }
  return max;
}

/** Milliseconds between the arrival of two logged requests. */
export function gapMs(earlier: LoggedRequest, later: LoggedRequest): number {
  return Date.parse(later.time) - Date.parse(earlier.time);
}

export const PAGES = { adamId: '361309726', name: 'Pages', bundleId: 'com.apple.Pages' } as const;
export const KEYNOTE = { adamId: '361285480', name: 'Keynote', bundleId: 'com.apple.Keynote' } as const;
export const NUMBERS = { adamId: '361304891', name: 'Numbers', bundleId: 'com.apple.Numbers' } as const;

/**
 * The real clock, moved forward on demand: for waits too long to sit through (the service config's
 * 5-minute life). Sleeps are real, so requests still go out over real time.
 */
export function shiftableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const timer = setTimeout(resolve, Math.max(0, ms));
        signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            reject(signal.reason);
          },
          { once: true },
        );
      }),
    advance: (ms) => {
      offset += ms;
    },
  };
}

export interface ReceivedNotification {
  authorization: string | undefined;
  body: unknown;
}

/** The product's notification endpoint, on loopback: records what Apple POSTs, answers `status`. */
export async function startNotificationReceiver(status = 200) {
  const received: ReceivedNotification[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({
        authorization: req.headers.authorization,
        body: text === '' ? undefined : JSON.parse(text),
      });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver = {
    url: `http://127.0.0.1:${port}/apple/notifications`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  running.push({ close: receiver.close });
  return receiver;
}

export interface ObservedExchange {
  method: string;
  path: string;
  status: number;
  retryAfter: string | null;
  /** When the client handed the request to fetch, and when the answer's headers came back. */
  sentAt: number;
  answeredAt: number;
}

/**
 * Node's fetch, watched: what the client sent when (`sent`, answered or not), and what came back
 * (`exchanges`: status, Retry-After).
 * It changes nothing; `rewrite` lets a test play a proxy that mangles the Authorization header,
 * and `onAnswer` lets it act between two answers (e.g. expire the token mid-walk).
 */
export function observedFetch(
  options: { rewrite?: (headers: Headers) => void; onAnswer?: (exchange: ObservedExchange) => void } = {},
) {
  const exchanges: ObservedExchange[] = [];
  const sent: { method: string; path: string; sentAt: number }[] = [];
  const fetchThrough: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init?.headers);
    options.rewrite?.(headers);
    const sentAt = Date.now();
    sent.push({ method: init?.method ?? 'GET', path: url.pathname, sentAt });
    const response = await fetch(input, { ...init, headers });
    const exchange: ObservedExchange = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      sentAt,
      answeredAt: Date.now(),
    };
    exchanges.push(exchange);
    options.onAnswer?.(exchange);
    return response;
  };
  return { fetch: fetchThrough, exchanges, sent };
}
