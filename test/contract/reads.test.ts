import type { Assignment } from '@vpp/apple-vpp-client/schemas';
import { describe, expect, it } from 'vitest';
import {
  clientFor,
  collect,
  createLocation,
  expectAppleError,
  KEYNOTE,
  maxConcurrent,
  NUMBERS,
  PAGES,
  startApple,
} from './harness.ts';

const serials = (count: number, prefix = 'SN') =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);

const deviceAssignments = (adamId: string, serialNumbers: string[]) =>
  serialNumbers.map((serialNumber) => ({ adamId, serialNumber }));

const keyOf = (assignment: Assignment) =>
  `${assignment.adamId}/${assignment.pricingParam}/${assignment.serialNumber ?? `user:${assignment.clientUserId}`}`;

describe('assets', () => {
  it('reads every page, at most 5 in flight, with the counts Apple holds', async () => {
    const apple = await startApple({ pageSizes: { assets: 2 } });
    const assets = Array.from({ length: 25 }, (_, i) => ({ adamId: String(100_000 + i), count: 10 + i }));
    const { vppToken, locationId, uId } = createLocation(apple, {
      assets,
      assignments: deviceAssignments('100003', serials(4)),
    });
    const { client } = clientFor(apple, vppToken);
    await client.getLimits();
    // Every answer takes a while, so pages fetched in parallel overlap at the emulator.
    apple.control.setFaults({ latencyMs: 100 });

    const all = await client.getAllAssets();

    const state = apple.control.locationState(locationId);
    expect(all.assets).toHaveLength(25);
    expect(all.assets.map(({ adamId }) => adamId).sort()).toEqual(assets.map(({ adamId }) => adamId).sort());
    for (const asset of all.assets) {
      const truth = state.assets.find((held) => held.adamId === asset.adamId);
      expect(asset).toEqual({
        adamId: truth?.adamId,
        pricingParam: 'STDQ',
        productType: 'App',
        deviceAssignable: true,
        revocable: true,
        supportedPlatforms: ['iOS'],
        assignedCount: truth?.assignedCount,
        availableCount: truth?.availableCount,
        retiredCount: 0,
        totalCount: truth?.totalCount,
      });
    }
    expect(all.assets.find((asset) => asset.adamId === '100003')).toMatchObject({
      assignedCount: 4,
      availableCount: 9,
      totalCount: 13,
    });
    expect(all).toMatchObject({
      versionId: state.versionIds.assets,
      versionChanged: false,
      endedEarly: false,
      uId,
      unlimitedAssets: [],
    });

    const pages = apple.requests({ path: '/assets' });
    expect(pages.map((request) => Number(request.query.pageIndex)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 13 }, (_, i) => i),
    );
    expect(pages.every((request) => request.status === 200)).toBe(true);
    expect(maxConcurrent(pages)).toBe(5);
  });

  it('reads one page at a time when asked to', async () => {
    const apple = await startApple({ pageSizes: { assets: 1 } });
    const { vppToken } = createLocation(apple, {
      assets: [
        { ...PAGES, count: 1 },
        { ...KEYNOTE, count: 1 },
        { ...NUMBERS, count: 1 },
      ],
    });
    const { client } = clientFor(apple, vppToken);
    await client.getLimits();
    apple.control.setFaults({ latencyMs: 40 });

    const all = await client.getAllAssets({}, { pagesInFlight: 1 });

    expect(all.assets).toHaveLength(3);
    expect(maxConcurrent(apple.requests({ path: '/assets' }))).toBe(1);
  });

  it('passes filters and the three forms of free, unlimited assets', async () => {
    const apple = await startApple();
    const { vppToken } = createLocation(apple, {
      assets: [
        { ...PAGES, count: 5 },
        { ...KEYNOTE, unlimited: true },
        { adamId: '1440000001', productType: 'Book', name: 'Field Guide', count: 4 },
        { adamId: '1440000002', pricingParam: 'PLUS', deviceAssignable: false, count: 2 },
      ],
    });
    const { client } = clientFor(apple, vppToken);

    const listed = await client.getAllAssets();
    expect(listed.assets).toHaveLength(4);
    expect(listed.assets.find((asset) => asset.adamId === KEYNOTE.adamId)).toMatchObject({
      totalCount: 2_147_483_647,
      assignedCount: 0,
    });

    const split = await client.getAllAssets({ unlimited: true });
    expect(split.assets.map((asset) => asset.adamId)).not.toContain(KEYNOTE.adamId);
    expect(split.unlimitedAssets).toEqual([
      expect.objectContaining({ adamId: KEYNOTE.adamId, pricingParam: 'STDQ', assignedCount: 0 }),
    ]);
    expect((await client.getAllAssets({ unlimited: false })).assets).toHaveLength(3);

    const books = await client.getAssetsPage({ productType: 'Book' });
    expect(books.assets).toEqual([
      expect.objectContaining({
        adamId: '1440000001',
        productType: 'Book',
        deviceAssignable: false,
        revocable: false,
      }),
    ]);
    const userOnly = await client.getAllAssets({ deviceAssignable: false, productType: 'App' });
    expect(userOnly.assets.map((asset) => [asset.adamId, asset.pricingParam])).toEqual([
      ['1440000002', 'PLUS'],
    ]);
    const plenty = await client.getAllAssets({ minAvailableCount: 4, maxAvailableCount: 5 });
    expect(plenty.assets.map((asset) => asset.adamId).sort()).toEqual(['1440000001', PAGES.adamId]);
    expect((await client.getAssetsPage({ adamId: PAGES.adamId, pricingParam: 'STDQ' })).assets).toHaveLength(
      1,
    );
  });
});

describe('assignments', () => {
  it('walks every page, keeps the first page versionId, and reads only what changed since it', async () => {
    const apple = await startApple({ pageSizes: { assignments: 3 } });
    const { vppToken, locationId } = createLocation(apple, {
      assets: [
        { ...PAGES, count: 20 },
        { ...KEYNOTE, count: 20 },
      ],
      users: [{ clientUserId: 'user-1', managedAppleId: 'user-1@acme.example' }],
      assignments: [
        ...deviceAssignments(PAGES.adamId, serials(5)),
        ...deviceAssignments(KEYNOTE.adamId, serials(2)),
        { adamId: KEYNOTE.adamId, clientUserId: 'user-1' },
      ],
    });
    const { client } = clientFor(apple, vppToken);

    const walk = client.iterateAssignments();
    const pages = await collect(walk);

    expect(
      pages.map((page) => [page.currentPageIndex, page.nextPageIndex, page.size, page.totalPages]),
    ).toEqual([
      [0, 1, 3, 3],
      [1, 2, 3, 3],
      [2, undefined, 2, 3],
    ]);
    const read = pages.flatMap((page) => page.assignments);
    const truth = apple.control.locationState(locationId).assignments;
    expect(read.map(keyOf).sort()).toEqual(truth.map((assignment) => keyOf(assignment as Assignment)).sort());
    expect(read).toContainEqual({ adamId: KEYNOTE.adamId, pricingParam: 'STDQ', clientUserId: 'user-1' });
    expect(walk.firstPageVersionId).toBe(pages[0]?.versionId);
    expect(walk.versionChanged).toBe(false);
    expect(walk.endedEarly).toBe(false);
    const checkpoint = walk.firstPageVersionId ?? '';

    // Nothing changed: the delta is empty (one empty page), and the version is the same.
    const nothing = await collect(client.iterateAssignments({ sinceVersionId: checkpoint }));
    expect(nothing).toHaveLength(1);
    expect(nothing[0]).toMatchObject({ assignments: [], size: 0, versionId: checkpoint });
    expect(nothing[0]?.nextPageIndex).toBeUndefined();

    // Console writes and Apple Business Manager changes both show up in the delta.
    const { eventIds } = await client.associateAssets({
      assets: [{ adamId: PAGES.adamId }],
      serialNumbers: ['NEW-1', 'NEW-2'],
    });
    apple.control.completePendingEvents();
    expect((await client.getEventStatus(eventIds[0] ?? '')).eventStatus).toBe('COMPLETE');
    apple.control.changeAssignments(locationId, { add: [{ adamId: KEYNOTE.adamId, serialNumber: 'ABM-1' }] });

    const deltaWalk = client.iterateAssignments({ sinceVersionId: checkpoint });
    const delta = (await collect(deltaWalk)).flatMap((page) => page.assignments);
    expect(delta.map(keyOf).sort()).toEqual([
      `${KEYNOTE.adamId}/STDQ/ABM-1`,
      `${PAGES.adamId}/STDQ/NEW-1`,
      `${PAGES.adamId}/STDQ/NEW-2`,
    ]);
    expect(deltaWalk.firstPageVersionId).not.toBe(checkpoint);
    expect(apple.requests({ path: '/assignments' }).at(-1)?.query).toMatchObject({
      sinceVersionId: checkpoint,
    });

    // The newer checkpoint has nothing after it.
    const after = await client.getAssignmentsPage({ sinceVersionId: deltaWalk.firstPageVersionId ?? '' });
    expect(after.assignments).toEqual([]);
  });

  it('resumes a walk at a page and filters by asset, device and user', async () => {
    const apple = await startApple({ pageSizes: { assignments: 2 } });
    const { vppToken } = createLocation(apple, {
      assets: [
        { ...PAGES, count: 20 },
        { ...KEYNOTE, count: 20 },
      ],
      users: [{ clientUserId: 'user-9', managedAppleId: 'user-9@acme.example' }],
      assignments: [
        ...deviceAssignments(PAGES.adamId, serials(6)),
        ...deviceAssignments(KEYNOTE.adamId, ['SN0000']),
        { adamId: PAGES.adamId, clientUserId: 'user-9' },
      ],
    });
    const { client } = clientFor(apple, vppToken);

    const everything = (await collect(client.iterateAssignments())).flatMap((page) => page.assignments);
    expect(everything).toHaveLength(8);

    const resumed = client.iterateAssignments({}, { startPageIndex: 2 });
    const rest = await collect(resumed);
    expect(rest.map((page) => page.currentPageIndex)).toEqual([2, 3]);
    expect(rest.flatMap((page) => page.assignments)).toEqual(everything.slice(4));
    expect(
      apple
        .requests({ path: '/assignments' })
        .slice(-2)
        .map((request) => request.query.pageIndex),
    ).toEqual(['2', '3']);

    const keynote = await collect(
      client.iterateAssignments({ adamId: KEYNOTE.adamId, pricingParam: 'STDQ' }),
    );
    expect(keynote.flatMap((page) => page.assignments)).toEqual([
      { adamId: KEYNOTE.adamId, pricingParam: 'STDQ', serialNumber: 'SN0000' },
    ]);
    const device = await client.getAssignmentsPage({ serialNumber: 'SN0000' });
    expect(device.assignments.map(keyOf).sort()).toEqual([
      `${KEYNOTE.adamId}/STDQ/SN0000`,
      `${PAGES.adamId}/STDQ/SN0000`,
    ]);
    const user = await client.getAssignmentsPage({ clientUserId: 'user-9' });
    expect(user.assignments).toEqual([
      { adamId: PAGES.adamId, pricingParam: 'STDQ', clientUserId: 'user-9' },
    ]);
  });
});

describe('pagination edge cases', () => {
  it('one page: no nextPageIndex, one request', async () => {
    const apple = await startApple({ pageSizes: { assignments: 10 } });
    const { vppToken } = createLocation(apple, {
      assets: [{ ...PAGES, count: 10 }],
      assignments: deviceAssignments(PAGES.adamId, serials(10)),
    });
    const { client } = clientFor(apple, vppToken);

    const walk = client.iterateAssignments({}, { pagesInFlight: 5 });
    const pages = await collect(walk);

    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ currentPageIndex: 0, totalPages: 1, size: 10 });
    expect(pages[0]?.nextPageIndex).toBeUndefined();
    expect(apple.requests({ path: '/assignments' })).toHaveLength(1);
  });

  it('empty lists: one empty page for assets, assignments and users, with a versionId to keep', async () => {
    const apple = await startApple();
    const { vppToken } = createLocation(apple);
    const { client } = clientFor(apple, vppToken);

    const assets = await client.getAllAssets();
    expect(assets).toMatchObject({ assets: [], unlimitedAssets: [], endedEarly: false });
    expect(assets.versionId).not.toBe('');

    const walk = client.iterateAssignments({}, { pagesInFlight: 5 });
    const pages = await collect(walk);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ assignments: [], size: 0, currentPageIndex: 0, totalPages: 0 });
    expect(walk.firstPageVersionId).toBe(pages[0]?.versionId);

    const users = await collect(client.iterateUsers());
    expect(users).toHaveLength(1);
    expect(users[0]?.users).toEqual([]);
    for (const path of ['/assets', '/assignments', '/users']) {
      expect(apple.requests({ path }).map((request) => request.status)).toEqual([200]);
    }
  });

  it('empty lists that Apple reports as totalPages 1', async () => {
    const apple = await startApple({ quirks: { emptyListTotalPages: 1 } });
    const { vppToken } = createLocation(apple);
    const { client } = clientFor(apple, vppToken);

    const pages = await collect(client.iterateAssignments({}, { pagesInFlight: 5 }));
    expect(pages).toEqual([expect.objectContaining({ assignments: [], totalPages: 1 })]);
    expect((await client.getAllAssets()).assets).toEqual([]);
  });

  it('totalPages grows mid-walk: the walk follows nextPageIndex to the new last page', async () => {
    const apple = await startApple({ pageSizes: { assignments: 3 } });
    const { vppToken, locationId } = createLocation(apple, {
      assets: [{ ...PAGES, count: 50 }],
      assignments: deviceAssignments(PAGES.adamId, serials(9)),
    });
    const { client } = clientFor(apple, vppToken);

    const walk = client.iterateAssignments();
    const pages = [];
    for await (const page of walk) {
      pages.push(page);
      if (page.currentPageIndex === 0) {
        apple.control.changeAssignments(locationId, {
          add: deviceAssignments(PAGES.adamId, serials(4, 'LATE')),
        });
      }
    }

    expect(pages[0]?.totalPages).toBe(3);
    expect(pages.at(-1)).toMatchObject({ currentPageIndex: 4, totalPages: 5 });
    expect(pages.map((page) => page.currentPageIndex)).toEqual([0, 1, 2, 3, 4]);
    expect(walk.versionChanged).toBe(true);
    expect(walk.endedEarly).toBe(false);
    expect(walk.firstPageVersionId).toBe(pages[0]?.versionId);
    const read = new Set(pages.flatMap((page) => page.assignments).map(keyOf));
    for (const serial of serials(4, 'LATE')) expect(read).toContain(`${PAGES.adamId}/STDQ/${serial}`);

    // What the walk may have missed is in the delta since its checkpoint.
    const delta = await collect(client.iterateAssignments({ sinceVersionId: walk.firstPageVersionId ?? '' }));
    expect(delta.flatMap((page) => page.assignments)).toHaveLength(4);
  });

  it('totalPages shrinks mid-walk: a vanished page ends the walk early, not in an error', async () => {
    const apple = await startApple({ pageSizes: { assignments: 3 } });
    const { vppToken, locationId } = createLocation(apple, {
      assets: [{ ...PAGES, count: 50 }],
      assignments: deviceAssignments(PAGES.adamId, serials(12)),
    });
    const { client } = clientFor(apple, vppToken);

    const walk = client.iterateAssignments();
    const pages = [];
    for await (const page of walk) {
      pages.push(page);
      if (page.currentPageIndex === 1) {
        // Page 2 was promised (nextPageIndex 2) and requested; Apple Business Manager removes most assignments.
        apple.control.changeAssignments(locationId, {
          remove: deviceAssignments(PAGES.adamId, serials(12).slice(2)),
        });
      }
    }

    expect(pages.map((page) => page.currentPageIndex)).toEqual([0, 1]);
    expect(walk.endedEarly).toBe(true);
    expect(
      apple.requests({ path: '/assignments' }).map((request) => [request.query.pageIndex, request.status]),
    ).toEqual([
      ['0', 200],
      ['1', 200],
      ['2', 400],
    ]);
  });

  it('a page index out of range is 9650 (INVALID_PAGE), on a single page and at the start of a walk', async () => {
    const apple = await startApple({ pageSizes: { assignments: 2, users: 2 } });
    const { vppToken } = createLocation(apple, {
      assets: [{ ...PAGES, count: 5 }],
      assignments: deviceAssignments(PAGES.adamId, serials(3)),
    });
    const { client } = clientFor(apple, vppToken);
    const invalidPage = {
      kind: 'INVALID_PAGE',
      errorNumber: 9650,
      httpStatus: 400,
      retryable: false,
      attempts: 1,
    } as const;

    await expectAppleError(client.getAssignmentsPage({ pageIndex: 2 }), vppToken, {
      ...invalidPage,
      endpoint: '/assignments',
    });
    await expectAppleError(
      collect(client.iterateAssignments({}, { startPageIndex: 7 })),
      vppToken,
      invalidPage,
    );
    await expectAppleError(client.getAssetsPage({ pageIndex: 1 }), vppToken, {
      ...invalidPage,
      endpoint: '/assets',
    });
    await expectAppleError(client.getUsersPage({ pageIndex: 3 }), vppToken, {
      ...invalidPage,
      endpoint: '/users',
    });
  });

  it('an unknown sinceVersionId is 9721 (UNKNOWN_VERSION) for assignments and users', async () => {
    const apple = await startApple();
    const first = createLocation(apple, { assets: [{ ...PAGES, count: 1 }] });
    const second = createLocation(apple, { locationName: 'Branch' });
    const { client } = clientFor(apple, first.vppToken);
    const unknownVersion = {
      kind: 'UNKNOWN_VERSION',
      errorNumber: 9721,
      httpStatus: 400,
      retryable: false,
    } as const;

    await expectAppleError(
      client.getAssignmentsPage({ sinceVersionId: '70e8c740-514c-11eb-bb63-a90b882fcd52' }),
      first.vppToken,
      unknownVersion,
    );
    await expectAppleError(
      collect(client.iterateUsers({ sinceVersionId: 'not-a-version' })),
      first.vppToken,
      unknownVersion,
    );
    // A version id of another location's data set is unknown here too.
    const foreign = await clientFor(apple, second.vppToken).client.getAssignmentsPage();
    await expectAppleError(
      client.getAssignmentsPage({ sinceVersionId: foreign.versionId }),
      first.vppToken,
      unknownVersion,
    );
  });
});

describe('content metadata lookup', () => {
  it('returns name, bundle id, icon URL and platforms; unknown ids are absent', async () => {
    const apple = await startApple();
    const { vppToken } = createLocation(apple, {
      assets: [
        { ...PAGES, supportedPlatforms: ['iOS', 'macOS'], count: 1 },
        { ...KEYNOTE, supportedPlatforms: ['macOS'], count: 1 },
        { adamId: '1440000001', productType: 'Book', name: 'Field Guide', count: 1 },
      ],
    });
    const { client } = clientFor(apple, vppToken);

    const found = await client.lookupContentMetadata([
      PAGES.adamId,
      KEYNOTE.adamId,
      '1440000001',
      '999999999',
    ]);

    expect([...found.keys()].sort()).toEqual(['1440000001', KEYNOTE.adamId, PAGES.adamId].sort());
    expect(found.get(PAGES.adamId)).toMatchObject({
      adamId: PAGES.adamId,
      name: 'Pages',
      bundleId: 'com.apple.Pages',
      platforms: ['iOS', 'macOS'],
      kind: 'iosSoftware',
    });
    expect(found.get(KEYNOTE.adamId)).toMatchObject({ platforms: ['macOS'], kind: 'macSoftware' });
    expect(found.get('1440000001')).toMatchObject({ name: 'Field Guide', bundleId: null, kind: 'ebook' });

    const iconUrl = found.get(PAGES.adamId)?.iconUrl ?? '';
    expect(iconUrl).toMatch(new RegExp(`^${apple.origin}/.*/${PAGES.adamId}/512x512bb\\.png$`));
    const icon = await fetch(iconUrl);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await icon.arrayBuffer())
        .subarray(1, 4)
        .toString('latin1'),
    ).toBe('PNG');
  });

  it('groups ids per request when asked, and does not spend the token rate', async () => {
    const apple = await startApple({ rateLimit: true, limits: { maxRequestPerSecond: 1 } });
    const ids = Array.from({ length: 5 }, (_, i) => String(1_500_000 + i));
    const { vppToken } = createLocation(apple, { assets: ids.map((adamId) => ({ adamId, count: 1 })) });
    const { client } = clientFor(apple, vppToken);

    const started = Date.now();
    const found = await client.lookupContentMetadata([...ids, ...ids], { idsPerRequest: 2 });

    expect([...found.keys()].sort()).toEqual(ids);
    const storeLookups = apple.control.requests().filter((request) => request.path.endsWith('/lookup'));
    expect(storeLookups.map((request) => request.query.id)).toEqual([
      `${ids[0]},${ids[1]}`,
      `${ids[2]},${ids[3]}`,
      `${ids[4]}`,
    ]);
    expect(storeLookups.every((request) => request.query.p === 'mdm-lockup')).toBe(true);
    // Three lookups at a token budget of 1 per second would take 2 s; they are not paced by it.
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});
