import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AppleVppError } from '../src/apple-vpp-error.ts';
import { createVppClient, createVppClientFactory } from '../src/vpp-client.ts';
import { clientConfigBody, eventResponseBody, makeSToken, page } from './apple-fixtures.ts';
import { CapturingLogger, caught, setUpClient } from './client-under-test.ts';
import { appleError, BASE_URL, FakeApple, hang } from './fake-apple.ts';
import { FakeClock } from './fake-clock.ts';

const INNER_TOKEN = 'inner-location-token-SECRET-1234';
const SECRET_S_TOKEN = makeSToken({
  token: INNER_TOKEN,
  expDate: '2030-11-08T22:33:22+0000',
  orgName: 'Org',
});

function expectNoSecret(text: string) {
  expect(text).not.toContain(SECRET_S_TOKEN);
  expect(text).not.toContain(INNER_TOKEN);
  // Even a long fragment of the base64 would be a leak.
  expect(text).not.toContain(SECRET_S_TOKEN.slice(8, 40));
}

function everyRendering(value: unknown): string[] {
  const renderings = [
    JSON.stringify(value) ?? '',
    inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true }),
    String(value),
  ];
  if (value instanceof Error) renderings.push(value.message, value.stack ?? '');
  return renderings;
}

describe('the sToken never leaks', () => {
  it('sends the whole trimmed base64 file content as the Bearer value', async () => {
    const { apple, client } = setUpClient({ sToken: `${SECRET_S_TOKEN}\n` });
    apple.on('GET', '/client/config', () => ({ json: clientConfigBody() }));
    await client.getClientConfig();
    expect(apple.requestsTo('GET', '/client/config')[0]?.headers.authorization).toBe(
      `Bearer ${SECRET_S_TOKEN}`,
    );
  });

  it('is not visible on the client or the factory', () => {
    const client = createVppClient({ sToken: SECRET_S_TOKEN });
    const factory = createVppClientFactory({});
    factory.forToken(SECRET_S_TOKEN);
    for (const text of [...everyRendering(client), ...everyRendering(factory)]) expectNoSecret(text);
    expect(Object.values(client).every((value) => typeof value === 'function')).toBe(true);
  });

  it('is not in errors, even when Apple or the network echo it', async () => {
    const { apple, client } = setUpClient({
      sToken: SECRET_S_TOKEN,
      retry: { maxAttempts: 1 },
      timeoutMs: 1_000,
    });
    const errors: unknown[] = [];

    apple.on('GET', '/client/config', (request) =>
      appleError(9722, 401, `Invalid authorization header: ${request.headers.authorization}`),
    );
    errors.push(await caught(() => client.getClientConfig()));

    apple.on('GET', '/client/config', () => {
      throw new TypeError('fetch failed', {
        cause: new Error(`socket hang up for ${SECRET_S_TOKEN} (${INNER_TOKEN})`),
      });
    });
    errors.push(await caught(() => client.getClientConfig()));

    apple.on('GET', '/client/config', hang);
    errors.push(await caught(() => client.getClientConfig()));

    apple.on('GET', '/assets', () => ({ json: page('assets', [{ adamId: SECRET_S_TOKEN }], 0, 1) }));
    errors.push(await caught(() => client.getAssetsPage()));

    apple.on('POST', '/assets/associate', () => ({
      status: 200,
      json: { errorNumber: 9625, errorMessage: SECRET_S_TOKEN },
    }));
    errors.push(
      await caught(() => client.associateAssets({ assets: [{ adamId: '1' }], serialNumbers: ['S'] })),
    );

    expect(errors.map((error) => (error as AppleVppError).kind)).toEqual([
      'NOT_AUTHORIZED',
      'NETWORK',
      'TIMEOUT',
      'INVALID_RESPONSE',
      'TOKEN_REVOKED',
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(AppleVppError);
      for (const text of everyRendering(error)) expectNoSecret(text);
    }
    expect((errors[0] as AppleVppError).errorMessage).toBe('Invalid authorization header: Bearer [REDACTED]');
  });

  it('is not in any log line, through retries, failures and successes', async () => {
    const clock = new FakeClock();
    const apple = new FakeApple(clock);
    const logger = new CapturingLogger();
    const client = createVppClient({
      baseUrl: BASE_URL,
      sToken: SECRET_S_TOKEN,
      fetch: apple.fetch,
      clock,
      logger,
      onResponseMetadata: () => {
        throw new Error(`observer failed with ${SECRET_S_TOKEN}`);
      },
    });
    apple.sequence('GET', '/client/config', [
      appleError(9646, 429, `slow down ${SECRET_S_TOKEN}`),
      { status: 503, text: '', headers: { 'Retry-After': '1' } },
      { json: clientConfigBody() },
    ]);
    apple.on('POST', '/users/create', () => ({ json: eventResponseBody('e') }));
    await client.getClientConfig();
    await client.createUsers([{ clientUserId: 'u' }]);
    expect(logger.lines.length).toBeGreaterThan(3);
    expect(logger.lines.some((line) => line.level === 'warn')).toBe(true);
    for (const line of logger.lines) expectNoSecret(JSON.stringify(line));
  });

  it('rejects a malformed sToken without quoting it', () => {
    const bad = `${SECRET_S_TOKEN} ${SECRET_S_TOKEN}`;
    try {
      createVppClient({ sToken: bad });
      throw new Error('expected createVppClient to throw');
    } catch (error) {
      for (const text of everyRendering(error)) expectNoSecret(text);
    }
  });
});
