import type { LoggedRequest } from '@vpp/apple-vpp-emulator';
import { describe, expect, it } from 'vitest';
import {
  clientFor,
  collect,
  createLocation,
  expectAppleError,
  factoryFor,
  gapMs,
  observedFetch,
  PAGES,
  sleep,
  startApple,
} from './harness.ts';

// Rate limiting (9646 / 429) and Retry-After, over real time: every wait here is one Apple asked
// for (1–2 s), checked against the emulator's log of when each request arrived.

const serials = (count: number) => Array.from({ length: count }, (_, i) => `SN${String(i).padStart(4, '0')}`);

/** For requests made one after another: each answer with Retry-After is followed by silence that long. */
function expectRetryAfterHonoured(
  logged: LoggedRequest[],
  retryAfterSeconds: (index: number) => number,
): number {
  let honoured = 0;
  logged.forEach((request, index) => {
    const next = logged[index + 1];
    if (request.status !== 429 && request.status < 500) return;
    expect(next, 'a request after the Retry-After answer').toBeDefined();
    if (next === undefined) return;
    expect(gapMs(request, next)).toBeGreaterThanOrEqual(retryAfterSeconds(index) * 1000);
    honoured += 1;
  });
  return honoured;
}

describe('rate limiting and Retry-After', () => {
  it("paces each token under Apple's maxRequestPerSecond as Apple counts it: no 9646", async () => {
    const apple = await startApple({ rateLimit: true, limits: { maxRequestPerSecond: 4 } });
    const { vppToken, locationId } = createLocation(apple, { assets: [{ ...PAGES, count: 1 }] });
    const { factory } = factoryFor(apple);
    const first = factory.forToken(vppToken);
    const second = factory.forToken(vppToken);

    const started = Date.now();
    await Promise.all([
      ...Array.from({ length: 6 }, () => first.getAssetsPage()),
      ...Array.from({ length: 6 }, (_, i) => second.getUsersPage({ clientUserId: `u-${i}` })),
    ]);

    const logged = apple.requests({ locationId });
    expect(logged).toHaveLength(12);
    expect(logged.filter((request) => request.status !== 200)).toEqual([]);
    // 12 requests at 4 per second: the last ones wait two full windows.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  });

  it('429 / 9646 with Retry-After (Apple lowered the limit): nothing is sent before it has passed', async () => {
    const apple = await startApple({ rateLimit: true });
    const { vppToken, locationId } = createLocation(apple, {
      assets: [{ ...PAGES, count: 10 }],
      assignments: serials(3).map((serialNumber) => ({ adamId: PAGES.adamId, serialNumber })),
    });
    const observed = observedFetch();
    const { client, log } = clientFor(apple, vppToken, { fetch: observed.fetch });
    // The client read 15 per second; Apple now allows 2.
    await client.getLimits();
    apple.control.setLimits({ maxRequestPerSecond: 2 });

    const assets = await client.getAssetsPage();
    const users = await client.getUsersPage();
    const config = await client.getClientConfig();
    const pages = await collect(client.iterateAssignments());
    const { eventIds } = await client.associateAssets({
      assets: [{ adamId: PAGES.adamId }],
      serialNumbers: ['S9'],
    });

    expect(assets.assets).toHaveLength(1);
    expect(users.users).toEqual([]);
    expect(config.uId).toBe(assets.uId);
    expect(pages.flatMap((page) => page.assignments)).toHaveLength(3);
    expect(eventIds).toHaveLength(1);

    const logged = apple.requests({ locationId });
    const answers = observed.exchanges.filter((exchange) => !exchange.path.endsWith('/service/config'));
    expect(answers.map((answer) => answer.status)).toEqual(logged.map((request) => request.status));
    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(limited.every((answer) => Number(answer.retryAfter) >= 1)).toBe(true);
    const honoured = expectRetryAfterHonoured(logged, (index) => Number(answers[index]?.retryAfter));
    expect(honoured).toBe(limited.length);
    expect(log.lines.filter((line) => line.msg.includes('retrying'))).toHaveLength(limited.length);
    expect(
      apple.requests({ path: '/assets/associate' }).filter((request) => request.status === 200),
    ).toHaveLength(1);
  });

  it('an injected 429 with Retry-After 2 s on a write: retried once after 2 s, one event', async () => {
    const apple = await startApple({ rateLimit: true });
    const { vppToken, locationId } = createLocation(apple, { assets: [{ ...PAGES, count: 10 }] });
    const { client } = clientFor(apple, vppToken);
    await client.getLimits();
    apple.control.setFaults({ failNext: { count: 1, status: 429 }, retryAfterSeconds: 2 });

    const { eventIds } = await client.associateAssets({
      assets: [{ adamId: PAGES.adamId }],
      serialNumbers: ['S1'],
    });

    const logged = apple.requests({ path: '/assets/associate' });
    expect(logged.map((request) => request.status)).toEqual([429, 200]);
    expectRetryAfterHonoured(logged, () => 2);
    expect(eventIds).toHaveLength(1);
    apple.control.completePendingEvents();
    expect(apple.control.describeLocation(locationId).counts.assignments).toBe(1);
  });

  it('repeated 429s back off exponentially, even when Retry-After says 0', async () => {
    const apple = await startApple();
    const { vppToken } = createLocation(apple);
    // random 0: the shortest wait equal jitter allows, half of 200 ms × 2^n.
    const { client } = clientFor(apple, vppToken, { retry: { initialDelayMs: 200 }, random: () => 0 });
    await client.getLimits();
    apple.control.setFaults({ failNext: { count: 3, status: 429 }, retryAfterSeconds: 0 });

    await client.getClientConfig();

    const logged = apple.tokenRequests();
    expect(logged.map((request) => request.status)).toEqual([429, 429, 429, 200]);
    const gaps = logged.slice(1).map((request, index) => gapMs(logged[index] as LoggedRequest, request));
    expect(gaps[0]).toBeGreaterThanOrEqual(100);
    expect(gaps[1]).toBeGreaterThanOrEqual(200);
    expect(gaps[2]).toBeGreaterThanOrEqual(400);
  });

  it('5xx with Retry-After: 503 (9729) and 500 (9603) wait it out, for reads and writes', async () => {
    const apple = await startApple();
    const { vppToken } = createLocation(apple);
    const { client } = clientFor(apple, vppToken);
    await client.getLimits();

    apple.control.setFaults({ failNext: { count: 2, status: 503 }, retryAfterSeconds: 1 });
    expect((await client.getUsersPage()).users).toEqual([]);
    apple.control.setFaults({ failNext: { count: 1, status: 500 }, retryAfterSeconds: 1 });
    const { eventIds } = await client.createUsers([{ clientUserId: 'u-1' }]);

    const logged = apple.tokenRequests();
    expect(logged.map((request) => [request.path, request.status])).toEqual([
      ['/users', 503],
      ['/users', 503],
      ['/users', 200],
      ['/users/create', 500],
      ['/users/create', 200],
    ]);
    expect(expectRetryAfterHonoured(logged, () => 1)).toBe(3);
    expect(eventIds).toHaveLength(1);
  });

  it("a Retry-After holds every client of the token (not other tokens') until it has passed", async () => {
    const apple = await startApple();
    const held = createLocation(apple, { locationName: 'Held' });
    const other = createLocation(apple, { locationName: 'Other' });
    const observed = observedFetch();
    const { factory } = factoryFor(apple, { fetch: observed.fetch });
    const first = factory.forToken(held.vppToken);
    const second = factory.forToken(held.vppToken);
    const otherClient = factory.forToken(other.vppToken);
    await first.getLimits();

    apple.control.setFaults({ failNext: { count: 1, status: 503 }, retryAfterSeconds: 1 });
    const firstCall = first.getClientConfig();
    // Once the 503 is in, the other client of the same token asks too, and so does another token.
    await expect.poll(() => observed.exchanges.some((exchange) => exchange.status === 503)).toBe(true);
    await Promise.all([firstCall, second.getAssetsPage(), otherClient.getAssetsPage()]);

    const unavailable = apple.tokenRequests().filter((request) => request.status === 503);
    expect(unavailable.map((request) => request.path)).toEqual(['/client/config']);
    const heldLocation = apple.requests({ locationId: held.locationId });
    expect(heldLocation.map((request) => [request.path, request.status]).sort()).toEqual([
      ['/assets', 200],
      ['/client/config', 200],
    ]);
    for (const request of heldLocation) {
      expect(gapMs(unavailable[0] as LoggedRequest, request)).toBeGreaterThanOrEqual(1_000);
    }
    const otherLocation = apple.requests({ locationId: other.locationId });
    expect(otherLocation.map((request) => request.status)).toEqual([200]);
    expect(gapMs(unavailable[0] as LoggedRequest, otherLocation[0] as LoggedRequest)).toBeLessThan(1_000);
  });

  it('a Retry-After also holds a request the pacer had already let go but that was not yet on the wire', async () => {
    const apple = await startApple();
    const held = createLocation(apple, { locationName: 'Held' });
    // A slow way to the wire for /assets (a socket still connecting, a busy proxy): the request is
    // past the pacer 400 ms before it could be written.
    const slowToTheWire: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.pathname.endsWith('/assets')) await sleep(400);
      return fetch(input, init);
    };
    const { factory } = factoryFor(apple, { fetch: slowToTheWire });
    const first = factory.forToken(held.vppToken);
    const second = factory.forToken(held.vppToken);
    await first.getLimits();

    apple.control.setFaults({ failNext: { count: 1, status: 503 }, retryAfterSeconds: 1 });
    // Both leave the pacer at once; the 503 with Retry-After comes back while /assets is on its way.
    const [config, assets] = await Promise.all([first.getClientConfig(), second.getAssetsPage()]);
    expect(config).toBeDefined();
    expect(assets.assets).toBeDefined();

    const unavailable = apple.tokenRequests().filter((request) => request.status === 503);
    expect(unavailable).toHaveLength(1);
    const assetCalls = apple.requests({ locationId: held.locationId, path: '/assets' });
    // Stopped before it was written, it reached Apple once, after the Retry-After had passed.
    expect(assetCalls.map((request) => request.status)).toEqual([200]);
    expect(gapMs(unavailable[0] as LoggedRequest, assetCalls[0] as LoggedRequest)).toBeGreaterThanOrEqual(
      1_000,
    );
  });

  it('a Retry-After longer than the retry budget: fails at once, then sends nothing while it lasts', async () => {
    const apple = await startApple();
    const { vppToken } = createLocation(apple);
    const { client } = clientFor(apple, vppToken, { retry: { maxRetryDurationMs: 5_000 } });
    await client.getLimits();
    apple.control.setFaults({ failNext: { count: 1, status: 503 }, retryAfterSeconds: 30 });

    const started = Date.now();
    const first = await expectAppleError(client.getClientConfig(), vppToken, {
      kind: 'SERVER_ERROR',
      errorNumber: 9729,
      httpStatus: 503,
      retryable: true,
      attempts: 1,
      retryAfterMs: 30_000,
    });
    const second = await expectAppleError(client.getAssetsPage(), vppToken, {
      kind: 'SERVER_ERROR',
      retryable: true,
      attempts: 0,
      endpoint: '/assets',
    });

    expect(first.message).toContain('9729');
    expect(second.retryAfterMs).toBeGreaterThan(25_000);
    expect(second.retryAfterMs).toBeLessThanOrEqual(30_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(apple.tokenRequests().map((request) => request.status)).toEqual([503]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const apple = await startApple();
    const { vppToken } = createLocation(apple);
    const { client } = clientFor(apple, vppToken, { retry: { maxAttempts: 3 } });
    await client.getLimits();
    apple.control.setFaults({ failNext: { count: 5, status: 503 }, retryAfterSeconds: 0 });

    await expectAppleError(client.getUsersPage(), vppToken, {
      kind: 'SERVER_ERROR',
      httpStatus: 503,
      retryable: true,
      attempts: 3,
    });
    expect(apple.requests({ path: '/users' }).map((request) => request.status)).toEqual([503, 503, 503]);
  });
});
