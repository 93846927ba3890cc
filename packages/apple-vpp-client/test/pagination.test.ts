import { describe, expect, it } from 'vitest';
import type { AssignmentsPage } from '../src/apple-payloads.ts';
import type { AppleVppError } from '../src/apple-vpp-error.ts';
import { asset, deviceAssignment, page, range, registeredUser } from './apple-fixtures.ts';
import { caught, setUpClient } from './client-under-test.ts';
import { appleError, type FakeApple, type FakeReply, type RecordedRequest } from './fake-apple.ts';
import type { FakeClock } from './fake-clock.ts';

/** Serves `pages` of items by pageIndex, as Apple does, with 9650 past the end. */
function servePages<Item>(
  apple: FakeApple,
  clock: FakeClock,
  path: string,
  itemsKey: string,
  pages: Item[][],
  options: { latencyMs?: number; versionFor?: (pageIndex: number) => string } = {},
) {
  apple.on('GET', path, async (request: RecordedRequest): Promise<FakeReply> => {
    if (options.latencyMs) await clock.sleep(options.latencyMs);
    const pageIndex = Number(request.query.pageIndex ?? 0);
    const totalPages = pages.length;
    if (pageIndex > 0 && pageIndex >= totalPages) return appleError(9650, 400);
    const version = options.versionFor?.(pageIndex) ?? 'version-1';
    return { json: page(itemsKey, pages[pageIndex] ?? [], pageIndex, totalPages, version) };
  });
}

async function collect<Page>(pages: AsyncIterable<Page>): Promise<Page[]> {
  const all: Page[] = [];
  for await (const onePage of pages) all.push(onePage);
  return all;
}

describe('assets', () => {
  it('sends the filters as query parameters and parses one page', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/assets', () => ({ json: page('assets', [asset('408709785')], 0, 1, 'v-assets') }));
    const assetsPage = await client.getAssetsPage({
      productType: 'App',
      pricingParam: 'STDQ',
      deviceAssignable: true,
      revocable: false,
      minAvailableCount: 1,
      unlimited: true,
      pageIndex: 2,
    });
    expect(apple.requestsTo('GET', '/assets')[0]?.query).toEqual({
      productType: 'App',
      pricingParam: 'STDQ',
      deviceAssignable: 'true',
      revocable: 'false',
      minAvailableCount: '1',
      unlimited: 'true',
      pageIndex: '2',
    });
    expect(assetsPage.assets).toEqual([
      {
        adamId: '408709785',
        pricingParam: 'STDQ',
        productType: 'App',
        deviceAssignable: true,
        revocable: true,
        supportedPlatforms: ['iOS'],
        assignedCount: 5000,
        availableCount: 10000,
        retiredCount: 0,
        totalCount: 15000,
      },
    ]);
    expect(assetsPage.versionId).toBe('v-assets');
    expect(assetsPage.nextPageIndex).toBeUndefined();
  });

  it('reads every page with at most 5 in flight', async () => {
    const { apple, client, clock } = setUpClient();
    const pages = Array.from({ length: 12 }, (_, pageIndex) => [asset(`app-${pageIndex}`)]);
    servePages(apple, clock, '/assets', 'assets', pages, { latencyMs: 200 });
    const all = await client.getAllAssets();
    expect(all.assets.map((item) => item.adamId)).toEqual(range(12, 'app-'));
    expect(apple.maxInFlight).toBe(5);
    expect(apple.requestsTo('GET', '/assets').map((request) => request.query.pageIndex)).toEqual(
      range(12, ''),
    );
  });

  it('honours a smaller pagesInFlight', async () => {
    const { apple, client, clock } = setUpClient();
    servePages(apple, clock, '/assets', 'assets', [[asset('a')], [asset('b')], [asset('c')], [asset('d')]], {
      latencyMs: 100,
    });
    await client.getAllAssets({}, { pagesInFlight: 2 });
    expect(apple.maxInFlight).toBe(2);
  });

  it('handles a single page and an empty inventory', async () => {
    const { apple, client, clock } = setUpClient();
    servePages(apple, clock, '/assets', 'assets', [[asset('only')]]);
    expect((await client.getAllAssets()).assets).toHaveLength(1);

    apple.on('GET', '/assets', () => ({ json: page('assets', [], 0, 0, 'v-empty') }));
    const empty = await client.getAllAssets();
    expect(empty.assets).toEqual([]);
    expect(empty.versionId).toBe('v-empty');
  });

  it('keeps the first page versionId, flags a change and de-duplicates assets that moved pages', async () => {
    const { apple, client, clock } = setUpClient();
    servePages(
      apple,
      clock,
      '/assets',
      'assets',
      [[asset('a'), asset('b')], [asset('b', { assignedCount: 1 })]],
      {
        versionFor: (pageIndex) => `v${pageIndex}`,
      },
    );
    const all = await client.getAllAssets();
    expect(all.versionId).toBe('v0');
    expect(all.versionChanged).toBe(true);
    expect(all.assets.map((item) => [item.adamId, item.assignedCount])).toEqual([
      ['a', 5000],
      ['b', 1],
    ]);
  });

  it('follows totalPages growing mid-walk', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/assets', (request) => {
      const pageIndex = Number(request.query.pageIndex ?? 0);
      // Page 0 says 2 pages; by the time page 1 is read, purchases made it 4.
      const totalPages = pageIndex === 0 ? 2 : 4;
      return { json: page('assets', [asset(`p${pageIndex}`)], pageIndex, totalPages) };
    });
    const all = await client.getAllAssets();
    expect(all.assets.map((item) => item.adamId)).toEqual(['p0', 'p1', 'p2', 'p3']);
  });

  it('ends cleanly when totalPages shrinks mid-walk', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/assets', (request) => {
      const pageIndex = Number(request.query.pageIndex ?? 0);
      if (pageIndex >= 2) return appleError(9650, 400);
      return { json: page('assets', [asset(`p${pageIndex}`)], pageIndex, 4) };
    });
    const all = await client.getAllAssets();
    expect(all.assets.map((item) => item.adamId)).toEqual(['p0', 'p1']);
    expect(all.endedEarly).toBe(true);
  });

  it('collects unlimited assets separately', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/assets', () => ({
      json: page('assets', [asset('paid')], 0, 1, 'v', {
        unlimitedAssets: [
          {
            adamId: 'free',
            pricingParam: 'STDQ',
            productType: 'App',
            deviceAssignable: true,
            revocable: true,
            supportedPlatforms: ['iOS', 'visionOS'],
          },
        ],
      }),
    }));
    const all = await client.getAllAssets({ unlimited: true });
    expect(all.unlimitedAssets.map((item) => item.adamId)).toEqual(['free']);
    expect(apple.requestsTo('GET', '/assets')[0]?.query.unlimited).toBe('true');
  });
});

describe('assignments', () => {
  it('walks page by page, in order, exposing the first page versionId as the checkpoint', async () => {
    const { apple, client, clock } = setUpClient();
    const pages: Record<string, string>[][] = [
      [deviceAssignment('1', 'S1'), deviceAssignment('1', 'S2')],
      [deviceAssignment('1', 'S3')],
      [{ adamId: '2', pricingParam: 'STDQ', clientUserId: 'user-1' }],
    ];
    servePages(apple, clock, '/assignments', 'assignments', pages, { versionFor: (index) => `v${index}` });
    const walk = client.iterateAssignments({ adamId: '1' });
    expect(walk.firstPageVersionId).toBeUndefined();
    const seen: AssignmentsPage[] = await collect(walk);
    expect(seen.map((onePage) => onePage.currentPageIndex)).toEqual([0, 1, 2]);
    expect(seen.flatMap((onePage) => onePage.assignments)).toEqual([
      { adamId: '1', pricingParam: 'STDQ', serialNumber: 'S1' },
      { adamId: '1', pricingParam: 'STDQ', serialNumber: 'S2' },
      { adamId: '1', pricingParam: 'STDQ', serialNumber: 'S3' },
      { adamId: '2', pricingParam: 'STDQ', clientUserId: 'user-1' },
    ]);
    expect(walk.firstPageVersionId).toBe('v0');
    expect(walk.versionChanged).toBe(true);
    expect(apple.requestsTo('GET', '/assignments').map((request) => request.query)).toEqual([
      { adamId: '1', pageIndex: '0' },
      { adamId: '1', pageIndex: '1' },
      { adamId: '1', pageIndex: '2' },
    ]);
  });

  it('sends sinceVersionId and handles an empty delta', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/assignments', () => ({ json: page('assignments', [], 0, 0, 'v-next') }));
    const walk = client.iterateAssignments({ sinceVersionId: 'v-checkpoint' });
    const seen = await collect(walk);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.assignments).toEqual([]);
    expect(walk.firstPageVersionId).toBe('v-next');
    expect(apple.requestsTo('GET', '/assignments')[0]?.query).toEqual({
      sinceVersionId: 'v-checkpoint',
      pageIndex: '0',
    });
  });

  it('resumes at a given pageIndex', async () => {
    const { apple, client, clock } = setUpClient();
    servePages(
      apple,
      clock,
      '/assignments',
      'assignments',
      range(5, 'S').map((serial) => [deviceAssignment('1', serial)]),
    );
    const seen = await collect(client.iterateAssignments({}, { startPageIndex: 3 }));
    expect(seen.map((onePage) => onePage.currentPageIndex)).toEqual([3, 4]);
    expect(apple.requestsTo('GET', '/assignments').map((request) => request.query.pageIndex)).toEqual([
      '3',
      '4',
    ]);
  });

  it('throws INVALID_PAGE when the resume page no longer exists', async () => {
    const { apple, client, clock } = setUpClient();
    servePages(apple, clock, '/assignments', 'assignments', [[deviceAssignment('1', 'S1')]]);
    const error = (await caught(() =>
      collect(client.iterateAssignments({}, { startPageIndex: 7 })),
    )) as AppleVppError;
    expect(error.kind).toBe('INVALID_PAGE');
  });

  it('stops when nextPageIndex is absent, whatever totalPages says', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/assignments', () => ({
      json: { ...page('assignments', [deviceAssignment('1', 'S1')], 0, 3), nextPageIndex: undefined },
    }));
    const seen = await collect(client.iterateAssignments());
    expect(seen).toHaveLength(1);
    expect(apple.requestsTo('GET', '/assignments')).toHaveLength(1);
  });

  it('rejects a nextPageIndex that points backwards instead of looping', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/assignments', () => ({
      json: { ...page('assignments', [], 0, 3), nextPageIndex: 0 },
    }));
    const error = (await caught(() => collect(client.iterateAssignments()))) as AppleVppError;
    expect(error.kind).toBe('INVALID_RESPONSE');
    expect(error.issues[0]?.path).toBe('nextPageIndex');
  });

  it('reports UNKNOWN_VERSION for a stale checkpoint', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/assignments', () => appleError(9721, 400));
    const error = (await caught(() =>
      collect(client.iterateAssignments({ sinceVersionId: 'gone' })),
    )) as AppleVppError;
    expect(error.kind).toBe('UNKNOWN_VERSION');
  });

  it('yields the pages read so far, then throws when the token expires mid-walk', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/assignments', (request) =>
      request.query.pageIndex === '2'
        ? appleError(9621, 401)
        : {
            json: page(
              'assignments',
              [deviceAssignment('1', `S${request.query.pageIndex}`)],
              Number(request.query.pageIndex),
              4,
            ),
          },
    );
    const seen: number[] = [];
    const error = (await caught(async () => {
      for await (const onePage of client.iterateAssignments()) seen.push(onePage.currentPageIndex);
    })) as AppleVppError;
    expect(seen).toEqual([0, 1]);
    expect(error.kind).toBe('TOKEN_EXPIRED');
  });

  it('reads ahead up to pagesInFlight while the caller handles a page', async () => {
    const { apple, client, clock } = setUpClient();
    servePages(
      apple,
      clock,
      '/assignments',
      'assignments',
      range(8, 'S').map((serial) => [deviceAssignment('1', serial)]),
      {
        latencyMs: 50,
      },
    );
    const seen = await collect(client.iterateAssignments({}, { pagesInFlight: 3 }));
    expect(seen).toHaveLength(8);
    expect(apple.maxInFlight).toBe(3);
  });

  it('stops requesting pages when the caller stops iterating', async () => {
    const { apple, client, clock } = setUpClient();
    servePages(
      apple,
      clock,
      '/assignments',
      'assignments',
      range(10, 'S').map((serial) => [deviceAssignment('1', serial)]),
    );
    for await (const onePage of client.iterateAssignments()) {
      if (onePage.currentPageIndex === 1) break;
    }
    // Page 0, page 1 and at most one page read ahead.
    expect(apple.requestsTo('GET', '/assignments').length).toBeLessThanOrEqual(3);
  });
});

describe('users', () => {
  it('reads one page with filters', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/users', () => ({
      json: page(
        'users',
        [registeredUser('client-101'), { clientUserId: 'c-2', status: 'Associated', idHash: 'h' }],
        0,
        1,
      ),
    }));
    const usersPage = await client.getUsersPage({ activeOnly: true, clientUserId: 'client-101' });
    expect(apple.requestsTo('GET', '/users')[0]?.query).toEqual({
      activeOnly: 'true',
      clientUserId: 'client-101',
    });
    expect(usersPage.users).toEqual([
      {
        clientUserId: 'client-101',
        email: 'client-101@example.com',
        inviteCode: 'invite-client-101',
        status: 'Registered',
      },
      { clientUserId: 'c-2', status: 'Associated', idHash: 'h' },
    ]);
  });

  it('walks every page with sinceVersionId', async () => {
    const { apple, client, clock } = setUpClient();
    servePages(apple, clock, '/users', 'users', [[registeredUser('a')], [registeredUser('b')]], {
      versionFor: () => 'v-users',
    });
    const walk = client.iterateUsers({ sinceVersionId: 'v-old' });
    const seen = await collect(walk);
    expect(seen.flatMap((onePage) => onePage.users.map((user) => user.clientUserId))).toEqual(['a', 'b']);
    expect(walk.firstPageVersionId).toBe('v-users');
    expect(walk.versionChanged).toBe(false);
    expect(
      apple.requestsTo('GET', '/users').every((request) => request.query.sinceVersionId === 'v-old'),
    ).toBe(true);
  });

  it('names an unknown user status', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/users', () => ({
      json: page('users', [{ clientUserId: 'x', status: 'Sleeping' }], 0, 1),
    }));
    const error = (await caught(() => client.getUsersPage())) as AppleVppError;
    expect(error.issues[0]?.path).toBe('users.0.status');
  });
});
