import { describe, expect, it } from 'vitest';
import type { AppleVppError } from '../src/apple-vpp-error.ts';
import { backoffDelayMs, defaultRetryPolicy, parseRetryAfterMs } from '../src/retry-policy.ts';
import { clientConfigBody, eventResponseBody } from './apple-fixtures.ts';
import { caught, setUpClient } from './client-under-test.ts';
import { appleError, connectionRefused, connectionReset, hang } from './fake-apple.ts';

const ok = { json: clientConfigBody() };

function gapsBetween(times: number[]): number[] {
  return times.slice(1).map((time, index) => time - (times[index] as number));
}

describe('retries', () => {
  it('retries 429 with exponential backoff and jitter', async () => {
    const { apple, client } = setUpClient({ random: () => 0.5 });
    apple.sequence('GET', '/client/config', [
      appleError(9646, 429),
      appleError(9646, 429),
      appleError(9646, 429),
      ok,
    ]);
    await client.getClientConfig();
    const times = apple.requestsTo('GET', '/client/config').map((request) => request.at);
    // Equal jitter at random 0.5: three quarters of 1 s, 2 s, 4 s.
    expect(gapsBetween(times)).toEqual([750, 1500, 3000]);
  });

  it('draws the jitter from the injected random source', async () => {
    const draws = [0, 0.999];
    const { apple, client } = setUpClient({ random: () => draws.shift() ?? 0 });
    apple.sequence('GET', '/client/config', [appleError(9646, 429), appleError(9646, 429), ok]);
    await client.getClientConfig();
    const times = apple.requestsTo('GET', '/client/config').map((request) => request.at);
    expect(gapsBetween(times)).toEqual([500, 1999]);
  });

  it('treats 9646 on HTTP 200 as rate limiting too', async () => {
    const { apple, client } = setUpClient();
    apple.sequence('GET', '/client/config', [{ status: 200, json: { errorNumber: 9646 } }, ok]);
    await expect(client.getClientConfig()).resolves.toMatchObject({ uId: '2049025000431439' });
    expect(apple.requestsTo('GET', '/client/config')).toHaveLength(2);
  });

  it('honours Retry-After in seconds on a 5xx', async () => {
    const { apple, client } = setUpClient();
    apple.sequence('GET', '/client/config', [
      { ...appleError(9729, 503), headers: { 'Retry-After': '7' } },
      ok,
    ]);
    await client.getClientConfig();
    const times = apple.requestsTo('GET', '/client/config').map((request) => request.at);
    expect(gapsBetween(times)).toEqual([7000]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const { apple, client, clock } = setUpClient();
    const retryAt = new Date(clock.now() + 12_000).toUTCString();
    apple.sequence('GET', '/client/config', [
      { status: 500, text: '', headers: { 'Retry-After': retryAt } },
      ok,
    ]);
    const start = clock.now();
    await client.getClientConfig();
    const [, second] = apple.requestsTo('GET', '/client/config');
    expect(second?.at).toBe(start + 12_000);
  });

  it('sends no other request of the token before a Retry-After has passed', async () => {
    const { apple, client, clock } = setUpClient();
    apple.sequence('GET', '/client/config', [
      { ...appleError(9603, 500), headers: { 'Retry-After': '20' } },
      ok,
    ]);
    apple.on('GET', '/status', () => ({
      json: { eventStatus: 'PENDING', eventType: 'CREATE', numCompleted: 0, numRequested: 1, uId: 'u' },
    }));
    const start = clock.now();
    const first = client.getClientConfig();
    // Let the 500 arrive, then ask for something else on the same token.
    while (apple.requestsTo('GET', '/client/config').length === 0) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    await Promise.all([first, client.getEventStatus('e1')]);
    const status = apple.requestsTo('GET', '/status')[0];
    expect(status?.at).toBeGreaterThanOrEqual(start + 20_000);
  });

  it('uses backoff for a 5xx without Retry-After', async () => {
    const { apple, client } = setUpClient();
    apple.sequence('GET', '/client/config', [{ status: 502, text: 'Bad Gateway' }, ok]);
    await client.getClientConfig();
    const times = apple.requestsTo('GET', '/client/config').map((request) => request.at);
    expect(gapsBetween(times)).toEqual([750]);
  });

  it('gives up when the next wait would end past the retry budget, reporting the wait', async () => {
    const { apple, client, clock } = setUpClient({ retry: { maxRetryDurationMs: 60_000 } });
    apple.sequence('GET', '/client/config', [
      { ...appleError(9729, 503), headers: { 'Retry-After': '120' } },
      ok,
    ]);
    const start = clock.now();
    const error = (await caught(() => client.getClientConfig())) as AppleVppError;
    expect(error.kind).toBe('SERVER_ERROR');
    expect(error.retryAfterMs).toBe(120_000);
    expect(error.attempts).toBe(1);
    expect(clock.now()).toBe(start);
    expect(apple.requestsTo('GET', '/client/config')).toHaveLength(1);
  });

  it('bounds the total time spent on backoff retries', async () => {
    const { apple, client, clock } = setUpClient({
      retry: { maxAttempts: 100, maxRetryDurationMs: 10_000, initialDelayMs: 1_000, maxDelayMs: 8_000 },
      random: () => 0.999,
    });
    apple.on('GET', '/client/config', () => appleError(9646, 429));
    const start = clock.now();
    const error = (await caught(() => client.getClientConfig())) as AppleVppError;
    expect(error.kind).toBe('RATE_LIMITED');
    // Waits of ~1 s, 2 s, 4 s fit in 10 s; the next (~8 s) would not.
    expect(apple.requestsTo('GET', '/client/config')).toHaveLength(4);
    expect(clock.now() - start).toBeLessThanOrEqual(10_000);
    expect(error.attempts).toBe(4);
  });

  it('stops after maxAttempts', async () => {
    const { apple, client } = setUpClient({ retry: { maxAttempts: 3 } });
    apple.on('GET', '/client/config', () => ({ status: 500, text: '' }));
    const error = (await caught(() => client.getClientConfig())) as AppleVppError;
    expect(error.attempts).toBe(3);
    expect(apple.requestsTo('GET', '/client/config')).toHaveLength(3);
  });

  it.each([
    [400, 9602],
    [401, 9621],
    [401, 9625],
    [403, 9647],
    [400, 9650],
    [400, 9721],
    [404, undefined],
  ])('never retries HTTP %i (%s)', async (status, errorNumber) => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/client/config', () =>
      errorNumber === undefined ? { status, text: '' } : appleError(errorNumber, status),
    );
    const error = (await caught(() => client.getClientConfig())) as AppleVppError;
    expect(error.retryable).toBe(false);
    expect(apple.requestsTo('GET', '/client/config')).toHaveLength(1);
  });

  it('retries network errors and timeouts on reads', async () => {
    const { apple, client, clock } = setUpClient({ timeoutMs: 5_000 });
    apple.sequence('GET', '/client/config', [connectionReset, hang, ok]);
    const start = clock.now();
    await client.getClientConfig();
    const times = apple.requestsTo('GET', '/client/config').map((request) => request.at);
    expect(times).toEqual([start, start + 750, start + 750 + 5_000 + 1_500]);
  });

  it('retries a write that Apple rejected with 429 or 5xx (no work was started)', async () => {
    const { apple, client } = setUpClient();
    apple.sequence('POST', '/users/create', [
      appleError(9646, 429),
      appleError(9603, 500),
      { json: eventResponseBody('e-1') },
    ]);
    const result = await client.createUsers([{ clientUserId: 'u1' }]);
    expect(result.eventIds).toEqual(['e-1']);
    expect(apple.requestsTo('POST', '/users/create')).toHaveLength(3);
  });

  it('retries a write whose connection never opened', async () => {
    const { apple, client } = setUpClient();
    apple.sequence('POST', '/users/create', [connectionRefused, { json: eventResponseBody('e-1') }]);
    await expect(client.createUsers([{ clientUserId: 'u1' }])).resolves.toMatchObject({ eventIds: ['e-1'] });
  });

  it('does not retry a write that timed out or lost its connection: Apple may have acted on it', async () => {
    const { apple, client } = setUpClient({ timeoutMs: 5_000 });
    apple.on('POST', '/users/create', hang);
    const timeout = (await caught(() => client.createUsers([{ clientUserId: 'u1' }]))) as AppleVppError;
    expect(timeout.kind).toBe('TIMEOUT');
    expect(timeout.retryable).toBe(true);
    expect(apple.requestsTo('POST', '/users/create')).toHaveLength(1);

    apple.on('POST', '/users/create', connectionReset);
    const reset = (await caught(() => client.createUsers([{ clientUserId: 'u2' }]))) as AppleVppError;
    expect(reset.kind).toBe('NETWORK');
    expect(apple.requestsTo('POST', '/users/create')).toHaveLength(2);
  });

  it('fails fast, without sending, while a Retry-After longer than the budget is pending', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/client/config', () => ({
      ...appleError(9729, 503),
      headers: { 'Retry-After': '300' },
    }));
    await caught(() => client.getClientConfig());
    const error = (await caught(() => client.getEventStatus('e1'))) as AppleVppError;
    expect(error.kind).toBe('SERVER_ERROR');
    expect(error.attempts).toBe(0);
    expect(error.retryAfterMs).toBe(300_000);
    expect(apple.requestsTo('GET', '/status')).toHaveLength(0);
  });

  it('stops waiting when the caller aborts during a backoff', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/client/config', () => appleError(9646, 429));
    const controller = new AbortController();
    const pending = caught(() => client.getClientConfig({ signal: controller.signal }));
    while (apple.requestsTo('GET', '/client/config').length === 0) await new Promise((r) => setImmediate(r));
    controller.abort();
    const error = (await pending) as AppleVppError;
    expect(error.kind).toBe('ABORTED');
  });
});

describe('retry policy helpers', () => {
  it('parses Retry-After as seconds or an HTTP date, never negative', () => {
    const now = Date.UTC(2030, 0, 1, 12, 0, 0);
    expect(parseRetryAfterMs('120', now)).toBe(120_000);
    expect(parseRetryAfterMs('1.5', now)).toBe(1_500);
    expect(parseRetryAfterMs('Tue, 01 Jan 2030 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Tue, 01 Jan 2030 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('-5', now)).toBeUndefined();
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
  });

  it('caps the exponential delay before jitter', () => {
    const policy = { ...defaultRetryPolicy, initialDelayMs: 1_000, maxDelayMs: 4_000 };
    expect(backoffDelayMs(policy, 0, () => 1)).toBe(1_000);
    expect(backoffDelayMs(policy, 10, () => 1)).toBe(4_000);
    expect(backoffDelayMs(policy, 10, () => 0)).toBe(2_000);
  });
});
