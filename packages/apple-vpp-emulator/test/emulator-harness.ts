import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import {
  createEmulator,
  type Emulator,
  type EmulatorOptions,
  type StartedEmulator,
} from '../src/create-emulator.ts';

export interface ApiResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read Apple's JSON bodies field by field
  body: any;
}

const running: { close(): Promise<void> }[] = [];

afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

export interface TestEmulator extends StartedEmulator {
  emulator: Emulator;
  /** A caller of Apple's API with this Bearer token. */
  apple(token: string | undefined): AppleCaller;
  /** Calls the control API over HTTP. */
  control(method: string, path: string, body?: unknown): Promise<ApiResponse>;
}

/** Starts an emulator on a free loopback port with fast events; stopped after each test. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = createEmulator({
    eventDelayMs: 20,
    notificationRetryDelayMs: 20,
    notificationTimeoutMs: 2000,
    rateLimit: false,
    ...options,
  });
  running.push(emulator);
  const started = await emulator.start({ port: 0 });
  return {
    ...started,
    emulator,
    apple: (token) => new AppleCaller(started.baseUrl, token),
    control: (method, path, body) =>
      request(`${started.controlUrl}${path}`, {
        method,
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      }),
  };
}

export async function request(url: string, init: RequestInit = {}): Promise<ApiResponse> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, headers: response.headers, body };
}

export class AppleCaller {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string | undefined,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.token === undefined ? extra : { authorization: `Bearer ${this.token}`, ...extra };
  }

  get(path: string, query: Record<string, string | number | boolean> = {}): Promise<ApiResponse> {
    const search = new URLSearchParams(
      Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
    );
    const suffix = search.size > 0 ? `?${search}` : '';
    return request(`${this.baseUrl}${path}${suffix}`, { headers: this.headers() });
  }

  post(path: string, body: unknown): Promise<ApiResponse> {
    return request(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json' }),
      body: JSON.stringify(body),
    });
  }

  /** Polls `/status` until the event leaves PENDING. */
  async waitForEvent(eventId: string, timeoutMs = 5000): Promise<ApiResponse> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.get('/status', { eventId });
      if (status.status !== 200 || status.body.eventStatus !== 'PENDING') return status;
      if (Date.now() > deadline) throw new Error(`event ${eventId} still PENDING`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Posts a write, checks it was accepted, and waits for its event to finish. */
  async postAndWait(path: string, body: unknown): Promise<ApiResponse> {
    const accepted = await this.post(path, body);
    if (accepted.status !== 200)
      throw new Error(`${path}: ${accepted.status} ${JSON.stringify(accepted.body)}`);
    return this.waitForEvent(accepted.body.eventId);
  }
}

export interface ReceivedNotification {
  authorization: string | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: notification bodies are read field by field
  body: any;
}

export interface NotificationReceiver {
  url: string;
  received: ReceivedNotification[];
  /** Statuses to answer with, in order; 200 once they run out. */
  answers: number[];
}

/** A local HTTP server on a free loopback port that records notifications; stopped after each test. */
export async function startNotificationReceiver(answers: number[] = []): Promise<NotificationReceiver> {
  const received: ReceivedNotification[] = [];
  const receiver: NotificationReceiver = { url: '', received, answers: [...answers] };
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        authorization: req.headers.authorization,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      res.statusCode = receiver.answers.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  running.push({
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/vpp/notifications`;
  return receiver;
}

/** A location with a few assets, for tests that need one. Returns its id and token. */
export function createTestLocation(
  emulator: Emulator,
  overrides: Partial<Parameters<Emulator['control']['createLocation']>[0]> = {},
): { locationId: string; uId: string; vppToken: string } {
  return emulator.control.createLocation({
    orgName: 'Test Org',
    locationName: 'Test Location',
    type: 'BUSINESS',
    assets: [
      { adamId: '1000000001', name: 'Device App', count: 10 },
      { adamId: '1000000002', name: 'User Only App', deviceAssignable: false, count: 5 },
      { adamId: '1000000003', name: 'Handbook', productType: 'Book', count: 5 },
      { adamId: '1000000004', name: 'Free App', unlimited: true },
    ],
    users: [
      { clientUserId: 'user-1', email: 'one@example.com', managedAppleId: 'one@appleid.example' },
      { clientUserId: 'user-2', email: 'two@example.com' },
      { clientUserId: 'user-retired', email: 'gone@example.com', status: 'Retired' },
    ],
    ...overrides,
  });
}
