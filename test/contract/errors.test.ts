import type { VppClient } from '@vpp/apple-vpp-client';
import type { AssignmentsPage } from '@vpp/apple-vpp-client/schemas';
import { encodeVppToken, type LoggedRequest } from '@vpp/apple-vpp-emulator';
import { describe, expect, it } from 'vitest';
import {
  type Apple,
  clientFor,
  collect,
  createLocation,
  expectAppleError,
  expectNoSecret,
  factoryFor,
  gapMs,
  observedFetch,
  PAGES,
  startApple,
} from './harness.ts';

const serials = (count: number) => Array.from({ length: count }, (_, i) => `SN${String(i).padStart(4, '0')}`);

/** One of each call the client makes with the token, labelled with the endpoint it hits. */
const EVERY_TOKEN_CALL: [string, (client: VppClient) => Promise<unknown>][] = [
  ['/client/config', (client) => client.getClientConfig()],
  [
    '/client/config',
    (client) => client.updateClientConfig({ mdmInfo: { id: 'a', name: 'b', metadata: 'c' } }),
  ],
  ['/assets', (client) => client.getAssetsPage()],
  ['/assets', (client) => client.getAllAssets()],
  ['/assignments', (client) => client.getAssignmentsPage()],
  ['/assignments', (client) => collect(client.iterateAssignments())],
  ['/users', (client) => collect(client.iterateUsers())],
  [
    '/assets/associate',
    (client) => client.associateAssets({ assets: [{ adamId: PAGES.adamId }], serialNumbers: ['S1'] }),
  ],
  [
    '/assets/disassociate',
    (client) => client.disassociateAssets({ assets: [{ adamId: PAGES.adamId }], clientUserIds: ['u-1'] }),
  ],
  ['/assets/revoke', (client) => client.revokeAssets({ serialNumbers: ['S1'] })],
  ['/users/create', (client) => client.createUsers([{ clientUserId: 'u-2' }])],
  ['/users/update', (client) => client.updateUsers([{ clientUserId: 'u-1', email: 'u-1@acme.example' }])],
  ['/users/retire', (client) => client.retireUsers(['u-1'])],
  ['/status', (client) => client.getEventStatus('7f0c1d5e-0000-4000-8000-000000000000')],
];

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

async function walkUntilError<Page extends AssignmentsPage>(
  walk: AsyncIterable<Page>,
  onPage: (page: Page) => void,
): Promise<{ pages: Page[]; error: unknown }> {
  const pages: Page[] = [];
  try {
    for await (const page of walk) {
      pages.push(page);
      onPage(page);
    }
  } catch (error) {
    return { pages, error };
  }
  return { pages, error: undefined };
}

describe('authentication errors', () => {
  it('an expired (9621) or revoked (9625) token is a 401 on every call, never retried, never quoted', async () => {
    const apple = await startApple();
    const base = {
      assets: [{ ...PAGES, count: 5 }],
      users: [{ clientUserId: 'u-1' }],
    };
    const expired = createLocation(apple, { ...base, locationName: 'Expired' });
    const revoked = createLocation(apple, { ...base, locationName: 'Revoked' });
    apple.control.expireToken(expired.locationId);
    apple.control.revokeToken(revoked.locationId);

    const cases = [
      { location: expired, kind: 'TOKEN_EXPIRED', errorNumber: 9621 },
      { location: revoked, kind: 'TOKEN_REVOKED', errorNumber: 9625 },
    ] as const;
    await Promise.all(
      cases.map(async ({ location, kind, errorNumber }) => {
        const { client, log } = clientFor(apple, location.vppToken);
        for (const [endpoint, call] of EVERY_TOKEN_CALL) {
          await expectAppleError(call(client), location.vppToken, {
            kind,
            errorNumber,
            httpStatus: 401,
            retryable: false,
            attempts: 1,
            endpoint,
          });
        }
        const logged = apple.requests({ locationId: location.locationId });
        expect(logged.map((request) => request.path)).toEqual(EVERY_TOKEN_CALL.map(([endpoint]) => endpoint));
        expect(logged.every((request) => request.status === 401)).toBe(true);
        expectNoSecret(log.lines, location.vppToken);
      }),
    );
  });

  it('a token Apple never issued (9601), a missing header (9601), a malformed header (9722): NOT_AUTHORIZED', async () => {
    const apple = await startApple();
    const { vppToken } = createLocation(apple);
    const neverIssued = encodeVppToken({
      token: 'bm90LWEtcmVhbC10b2tlbi1hdC1hbGwtMTIzNDU2',
      expiresAt: new Date(Date.now() + 86_400_000),
      orgName: 'Acme Corp',
    });
    const notAuthorized = { kind: 'NOT_AUTHORIZED', httpStatus: 401, retryable: false, attempts: 1 } as const;

    await expectAppleError(clientFor(apple, neverIssued).client.getClientConfig(), neverIssued, {
      ...notAuthorized,
      errorNumber: 9601,
    });

    // A proxy in between that drops the header, and one that rewrites the scheme.
    const dropped = observedFetch({ rewrite: (headers) => headers.delete('authorization') });
    await expectAppleError(
      clientFor(apple, vppToken, { fetch: dropped.fetch }).client.getAssetsPage(),
      vppToken,
      {
        ...notAuthorized,
        errorNumber: 9601,
      },
    );
    const mangled = observedFetch({
      rewrite: (headers) =>
        headers.set('authorization', (headers.get('authorization') ?? '').replace('Bearer', 'Basic')),
    });
    await expectAppleError(
      clientFor(apple, vppToken, { fetch: mangled.fetch }).client.createUsers([{ clientUserId: 'x' }]),
      vppToken,
      { ...notAuthorized, errorNumber: 9722 },
    );
    expect(apple.tokenRequests().map((request) => request.status)).toEqual([401, 401, 401]);
  });

  it('Apple answering an auth error with HTTP 200 and an error body: the same typed errors', async () => {
    const apple = await startApple({ quirks: { authErrorsWithHttp200: true } });
    const good = createLocation(apple, { locationName: 'Good', assets: [{ ...PAGES, count: 1 }] });
    const expired = createLocation(apple, { locationName: 'Expired' });
    const revoked = createLocation(apple, { locationName: 'Revoked' });
    apple.control.expireToken(expired.locationId);
    apple.control.revokeToken(revoked.locationId);
    const unknown = encodeVppToken({
      token: 'dW5rbm93bi10b2tlbi12YWx1ZQ==',
      expiresAt: new Date(),
      orgName: 'X',
    });

    expect((await clientFor(apple, good.vppToken).client.getAssetsPage()).assets).toHaveLength(1);
    await expectAppleError(clientFor(apple, expired.vppToken).client.getAssetsPage(), expired.vppToken, {
      kind: 'TOKEN_EXPIRED',
      errorNumber: 9621,
      httpStatus: 200,
      retryable: false,
      attempts: 1,
    });
    const writeError = await expectAppleError(
      clientFor(apple, revoked.vppToken).client.associateAssets({
        assets: [{ adamId: PAGES.adamId }],
        serialNumbers: ['S1'],
      }),
      revoked.vppToken,
      { kind: 'TOKEN_REVOKED', errorNumber: 9625, httpStatus: 200, retryable: false },
    );
    expect(writeError.submittedBatches).toEqual([]);
    await expectAppleError(collect(clientFor(apple, unknown).client.iterateAssignments()), unknown, {
      kind: 'NOT_AUTHORIZED',
      errorNumber: 9601,
      httpStatus: 200,
    });
    expect(apple.tokenRequests().map((request) => request.status)).toEqual([200, 200, 200, 200]);
  });
});

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
    expect(gapMs(unavailable as LoggedRequest, otherLocation[0] as LoggedRequest)).toBeLessThan(1_000);
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

describe('a token that expires mid-sync', () => {
  async function tenAssignments(apple: Apple) {
    return createLocation(apple, {
      assets: [{ ...PAGES, count: 20 }],
      assignments: serials(10).map((serialNumber) => ({ adamId: PAGES.adamId, serialNumber })),
    });
  }

  it('expired between two pages: the walk ends with TOKEN_EXPIRED; a renewed token resumes at that page', async () => {
    const apple = await startApple({ pageSizes: { assignments: 2 } });
    const { vppToken, locationId } = await tenAssignments(apple);
    const { client, log } = clientFor(apple, vppToken);

    const walk = client.iterateAssignments();
    const { pages, error } = await walkUntilError(walk, (page) => {
      if (page.currentPageIndex === 1) apple.control.expireToken(locationId);
    });

    expect(pages.map((page) => page.currentPageIndex)).toEqual([0, 1]);
    await expectAppleError(Promise.reject(error), vppToken, {
      kind: 'TOKEN_EXPIRED',
      errorNumber: 9621,
      httpStatus: 401,
      retryable: false,
      attempts: 1,
      endpoint: '/assignments',
    });
    expect(
      apple.requests({ path: '/assignments' }).map((request) => [request.query.pageIndex, request.status]),
    ).toEqual([
      ['0', 200],
      ['1', 200],
      ['2', 401],
    ]);
    expectNoSecret(log.lines, vppToken);
    expect(walk.firstPageVersionId).toBe(pages[0]?.versionId);

    // The admin uploads a new token; the sync resumes where it stopped.
    const { vppToken: renewed } = apple.control.renewToken(locationId);
    const rest = await collect(
      clientFor(apple, renewed).client.iterateAssignments({}, { startPageIndex: 2 }),
    );
    const read = [...pages, ...rest].flatMap((page) => page.assignments.map((a) => a.serialNumber));
    expect(read.sort()).toEqual(serials(10));
  });

  it("the token's expiry date passes mid-walk: TOKEN_EXPIRED, and the date was on every page", async () => {
    let shiftMs = 0;
    const apple = await startApple({
      pageSizes: { assignments: 3 },
      now: () => new Date(Date.now() + shiftMs),
    });
    const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000);
    const { vppToken } = createLocation(apple, {
      expiresAt: expiresAt.toISOString(),
      assets: [{ ...PAGES, count: 20 }],
      assignments: serials(10).map((serialNumber) => ({ adamId: PAGES.adamId, serialNumber })),
    });
    const { client } = clientFor(apple, vppToken);

    const { pages, error } = await walkUntilError(client.iterateAssignments(), () => {
      // Two hours pass while the first page is being saved.
      shiftMs = 2 * 3_600_000;
    });

    expect(pages).toHaveLength(1);
    expect(pages[0]?.tokenExpirationDate).toEqual(expiresAt);
    await expectAppleError(Promise.reject(error), vppToken, { kind: 'TOKEN_EXPIRED', errorNumber: 9621 });
  });

  it('revoked mid-walk (a new token download revoked the old one): TOKEN_REVOKED', async () => {
    const apple = await startApple({ pageSizes: { assignments: 4 } });
    const { vppToken, locationId } = await tenAssignments(apple);
    const { client } = clientFor(apple, vppToken);
    let renewed = '';

    const { pages, error } = await walkUntilError(client.iterateAssignments(), (page) => {
      if (page.currentPageIndex === 0)
        renewed = apple.control.renewToken(locationId, { revokePrevious: true }).vppToken;
    });

    expect(pages).toHaveLength(1);
    await expectAppleError(Promise.reject(error), vppToken, {
      kind: 'TOKEN_REVOKED',
      errorNumber: 9625,
      httpStatus: 401,
    });
    expect(
      (await clientFor(apple, renewed).client.getAssignmentsPage({ pageIndex: 1 })).assignments,
    ).toHaveLength(4);
  });

  it('expired while 5 asset pages are in flight: getAllAssets rejects with TOKEN_EXPIRED and stops', async () => {
    const apple = await startApple({ pageSizes: { assets: 1 } });
    const { vppToken, locationId } = createLocation(apple, {
      assets: Array.from({ length: 12 }, (_, i) => ({ adamId: String(200_000 + i), count: 1 })),
    });
    let expired = false;
    const observed = observedFetch({
      onAnswer: (exchange) => {
        if (!expired && exchange.path.endsWith('/assets') && exchange.status === 200) {
          expired = true;
          apple.control.expireToken(locationId);
        }
      },
    });
    const { client, log } = clientFor(apple, vppToken, { fetch: observed.fetch });
    await client.getLimits();
    apple.control.setFaults({ latencyMs: 30 });

    await expectAppleError(client.getAllAssets(), vppToken, { kind: 'TOKEN_EXPIRED', httpStatus: 401 });

    const logged = apple.requests({ path: '/assets' });
    expect(logged[0]?.status).toBe(200);
    expect(logged.slice(1).every((request) => request.status === 401)).toBe(true);
    // Nothing past the first read-ahead window was asked for.
    expect(logged.length).toBeLessThanOrEqual(6);
    expectNoSecret(log.lines, vppToken);
  });
});
