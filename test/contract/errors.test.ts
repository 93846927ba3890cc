import type { VppClient } from '@vpp/apple-vpp-client';
import type { AssignmentsPage } from '@vpp/apple-vpp-client/schemas';
import { encodeVppToken } from '@vpp/apple-vpp-emulator';
import { describe, expect, it } from 'vitest';
import {
  type Apple,
  clientFor,
  collect,
  createLocation,
  expectAppleError,
  expectNoSecret,
  observedFetch,
  PAGES,
  sleep,
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

  it("the token's expiry date passes mid-walk: TOKEN_EXPIRED after a page that carried that date", async () => {
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

describe('transport failures', () => {
  it('no complete answer within timeoutMs: a read is retried, then fails as TIMEOUT', async () => {
    const apple = await startApple();
    const { vppToken } = createLocation(apple);
    const { client } = clientFor(apple, vppToken, {
      timeoutMs: 150,
      retry: { maxAttempts: 2, initialDelayMs: 20 },
    });
    await client.getLimits();
    apple.control.setFaults({ latencyMs: 400 });

    const started = Date.now();
    const error = await expectAppleError(client.getAssetsPage(), vppToken, {
      kind: 'TIMEOUT',
      retryable: true,
      attempts: 2,
      httpStatus: undefined,
      endpoint: '/assets',
    });
    expect(error.message).toContain('150 ms');
    expect(Date.now() - started).toBeLessThan(400 * 2);
  });

  it('a write that timed out is not sent again (Apple may have acted on it): TIMEOUT, retryable', async () => {
    const apple = await startApple();
    const { vppToken } = createLocation(apple, { assets: [{ ...PAGES, count: 5 }] });
    const observed = observedFetch();
    const { client } = clientFor(apple, vppToken, { timeoutMs: 150, fetch: observed.fetch });
    await client.getLimits();
    apple.control.setFaults({ latencyMs: 300 });

    const error = await expectAppleError(
      client.associateAssets({ assets: [{ adamId: PAGES.adamId }], serialNumbers: ['S1'] }),
      vppToken,
      { kind: 'TIMEOUT', retryable: true, attempts: 1, endpoint: '/assets/associate' },
    );

    expect(error.submittedBatches).toEqual([]);
    await sleep(300);
    expect(observed.sent.filter((request) => request.path.endsWith('/assets/associate'))).toHaveLength(1);
  });

  it('Apple unreachable: NETWORK, retried even for a write (the connection never opened), then thrown', async () => {
    const apple = await startApple();
    const { vppToken } = createLocation(apple);
    const observed = observedFetch();
    const { client, log } = clientFor(apple, vppToken, {
      fetch: observed.fetch,
      retry: { maxAttempts: 3, initialDelayMs: 20 },
    });
    await client.getLimits();
    await apple.emulator.close();

    const error = await expectAppleError(client.createUsers([{ clientUserId: 'u-1' }]), vppToken, {
      kind: 'NETWORK',
      retryable: true,
      attempts: 3,
      httpStatus: undefined,
      endpoint: '/users/create',
    });
    expect(error.message).toMatch(/ECONNREFUSED|fetch failed/);
    expect(log.lines.filter((line) => line.msg.includes('retrying'))).toHaveLength(2);
    expectNoSecret(log.lines, vppToken);
  });

  it('the caller cancels a walk: ABORTED, and nothing more is asked for', async () => {
    const apple = await startApple({ pageSizes: { assignments: 2 } });
    const { vppToken } = createLocation(apple, {
      assets: [{ ...PAGES, count: 20 }],
      assignments: serials(10).map((serialNumber) => ({ adamId: PAGES.adamId, serialNumber })),
    });
    const observed = observedFetch();
    const { client } = clientFor(apple, vppToken, { fetch: observed.fetch });
    await client.getLimits();
    apple.control.setFaults({ latencyMs: 50 });
    const controller = new AbortController();

    const { pages, error } = await walkUntilError(
      client.iterateAssignments({}, { signal: controller.signal, pagesInFlight: 3 }),
      () => controller.abort(),
    );

    expect(pages).toHaveLength(1);
    await expectAppleError(Promise.reject(error), vppToken, { kind: 'ABORTED', retryable: false });
    await sleep(150);
    // Page 0, and at most the three pages read ahead while it was handled: nothing after the cancel.
    const sent = observed.sent.filter((request) => request.path.endsWith('/assignments'));
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(sent.length).toBeLessThanOrEqual(4);
    expect(observed.exchanges.filter((exchange) => exchange.path.endsWith('/assignments'))).toHaveLength(1);
  });
});
