import { describe, expect, it } from 'vitest';
import { type AppleCaller, createTestLocation, startEmulator } from './emulator-harness.ts';

type Assignment = { adamId: string; pricingParam: string; serialNumber?: string; clientUserId?: string };

const key = (a: Assignment) =>
  `${a.adamId}/${a.pricingParam}/${a.serialNumber ?? ''}/${a.clientUserId ?? ''}`;

/** Walks every page the way Apple says: follow nextPageIndex until it is absent. */
async function walk(api: AppleCaller, query: Record<string, string> = {}) {
  const assignments: Assignment[] = [];
  let pageIndex: number | undefined = 0;
  let versionId: string | undefined;
  let pages = 0;
  while (pageIndex !== undefined) {
    const page = await api.get('/assignments', { ...query, pageIndex });
    expect(page.status).toBe(200);
    versionId ??= page.body.versionId;
    expect(page.body.size).toBe(page.body.assignments.length);
    assignments.push(...page.body.assignments);
    pageIndex = page.body.nextPageIndex;
    pages += 1;
  }
  return { assignments, versionId, pages };
}

function devices(count: number, adamId = '1000000001') {
  return Array.from({ length: count }, (_, i) => ({
    adamId,
    serialNumber: `SER${String(i).padStart(5, '0')}`,
  }));
}

describe('GET /assignments', () => {
  it('serves one page with everything, and a multi-page walk equals the state snapshot', async () => {
    const server = await startEmulator({ pageSizes: { assignments: 4 } });
    const { locationId, vppToken } = createTestLocation(server.emulator, {
      assets: [
        { adamId: '1000000001', count: 20 },
        { adamId: '1000000003', productType: 'Book', count: 5 },
      ],
      users: [{ clientUserId: 'user-1' }],
      assignments: [...devices(9), { adamId: '1000000003', clientUserId: 'user-1' }],
    });
    const api = server.apple(vppToken);
    const { assignments, pages } = await walk(api);
    expect(pages).toBe(3);
    const state = server.emulator.control.locationState(locationId);
    expect(assignments.map(key).sort()).toEqual(state.assignments.map(key).sort());
    expect(assignments).toContainEqual({
      adamId: '1000000003',
      pricingParam: 'STDQ',
      clientUserId: 'user-1',
    });
    expect(assignments).toContainEqual({
      adamId: '1000000001',
      pricingParam: 'STDQ',
      serialNumber: 'SER00000',
    });

    const single = await startEmulator();
    const small = createTestLocation(single.emulator, { assignments: devices(3) });
    const onePage = (await single.apple(small.vppToken).get('/assignments')).body;
    expect(onePage).toMatchObject({ currentPageIndex: 0, size: 3, totalPages: 1 });
    expect(onePage.nextPageIndex).toBeUndefined();
  });

  it('answers an empty location with an empty page 0 and 9650 for any other page', async () => {
    const server = await startEmulator();
    const api = server.apple(createTestLocation(server.emulator).vppToken);
    const empty = await api.get('/assignments');
    expect(empty.body).toMatchObject({ assignments: [], size: 0, totalPages: 0, currentPageIndex: 0 });
    const beyond = await api.get('/assignments', { pageIndex: 1 });
    expect([beyond.status, beyond.body.errorNumber]).toEqual([400, 9650]);
  });

  it('filters by adamId, pricingParam, serialNumber and clientUserId', async () => {
    const server = await startEmulator({ pageSizes: { assignments: 2 } });
    const { vppToken } = createTestLocation(server.emulator, {
      assets: [
        { adamId: '1000000001', count: 10 },
        { adamId: '1000000001', pricingParam: 'PLUS', count: 10 },
        { adamId: '1000000002', deviceAssignable: false, count: 10 },
      ],
      users: [{ clientUserId: 'user-1' }, { clientUserId: 'user-2' }],
      assignments: [
        ...devices(3),
        { adamId: '1000000001', pricingParam: 'PLUS', serialNumber: 'SER00000' },
        { adamId: '1000000002', clientUserId: 'user-1' },
        { adamId: '1000000002', clientUserId: 'user-2' },
      ],
    });
    const api = server.apple(vppToken);
    expect((await walk(api, { adamId: '1000000001' })).assignments).toHaveLength(4);
    expect((await walk(api, { adamId: '1000000001', pricingParam: 'PLUS' })).assignments).toEqual([
      { adamId: '1000000001', pricingParam: 'PLUS', serialNumber: 'SER00000' },
    ]);
    expect((await walk(api, { serialNumber: 'SER00000' })).assignments.map(key).sort()).toEqual([
      '1000000001/PLUS/SER00000/',
      '1000000001/STDQ/SER00000/',
    ]);
    expect((await walk(api, { clientUserId: 'user-2' })).assignments).toEqual([
      { adamId: '1000000002', pricingParam: 'STDQ', clientUserId: 'user-2' },
    ]);
    expect((await walk(api, { clientUserId: 'nobody' })).assignments).toEqual([]);
  });

  it('returns only what changed since a versionId, and an empty delta when nothing did', async () => {
    const server = await startEmulator();
    const { locationId, vppToken } = createTestLocation(server.emulator, { assignments: devices(5) });
    const api = server.apple(vppToken);
    const { versionId } = await walk(api);
    if (versionId === undefined) throw new Error('no versionId');

    const unchanged = await api.get('/assignments', { sinceVersionId: versionId });
    expect(unchanged.body).toMatchObject({ assignments: [], size: 0, versionId });

    await api.postAndWait('/assets/associate', {
      assets: [{ adamId: '1000000001' }],
      serialNumbers: ['NEW-1', 'NEW-2'],
    });
    server.emulator.control.changeAssignments(locationId, {
      add: [{ adamId: '1000000003', clientUserId: 'user-2' }],
    });
    const delta = await api.get('/assignments', { sinceVersionId: versionId });
    expect(delta.body.assignments.map(key).sort()).toEqual([
      '1000000001/STDQ/NEW-1/',
      '1000000001/STDQ/NEW-2/',
      '1000000003/STDQ//user-2',
    ]);
    expect(delta.body.versionId).not.toBe(versionId);

    // The delta since the newest version is empty again.
    expect(
      (await api.get('/assignments', { sinceVersionId: delta.body.versionId })).body.assignments,
    ).toEqual([]);
    // Filters apply to deltas too.
    const filtered = await api.get('/assignments', { sinceVersionId: versionId, adamId: '1000000003' });
    expect(filtered.body.assignments).toHaveLength(1);
  });

  it('answers 9721 for a version id it did not issue, from the future, or from another data set', async () => {
    const server = await startEmulator();
    const { vppToken } = createTestLocation(server.emulator);
    const other = createTestLocation(server.emulator, { locationName: 'Other' });
    const api = server.apple(vppToken);
    const assignmentsVersion = (await api.get('/assignments')).body.versionId as string;
    const usersVersion = (await api.get('/users')).body.versionId as string;
    const otherVersion = (await server.apple(other.vppToken).get('/assignments')).body.versionId as string;
    const future = `${'00000063'}${assignmentsVersion.slice(8)}`;
    for (const sinceVersionId of [
      '70e8c740-514c-11eb-bb63-a90b882fcd52',
      usersVersion,
      otherVersion,
      future,
      'x',
    ]) {
      const response = await api.get('/assignments', { sinceVersionId });
      expect([response.status, response.body.errorNumber], sinceVersionId).toEqual([400, 9721]);
    }
  });

  it('lets totalPages change in the middle of a walk when assignments are added', async () => {
    const server = await startEmulator({ pageSizes: { assignments: 5 } });
    const { locationId, vppToken } = createTestLocation(server.emulator, {
      assets: [{ adamId: '1000000001', count: 100 }],
      assignments: devices(10),
    });
    const api = server.apple(vppToken);
    const first = (await api.get('/assignments')).body;
    expect(first.totalPages).toBe(2);
    server.emulator.control.changeAssignments(locationId, {
      add: Array.from({ length: 6 }, (_, i) => ({ adamId: '1000000001', serialNumber: `LATE-${i}` })),
    });
    const second = (await api.get('/assignments', { pageIndex: 1 })).body;
    expect(second.totalPages).toBe(4);
    expect(second.nextPageIndex).toBe(2);
    expect(second.versionId).not.toBe(first.versionId);
  });

  it('keeps pages cheap on a location with 200,000 assignments', async () => {
    const server = await startEmulator();
    const { vppToken, locationId } = createTestLocation(server.emulator, {
      assets: [{ adamId: '1000000001', count: 200_000 }],
    });
    const location = server.emulator.organisation.findLocation(locationId);
    if (location === undefined) throw new Error('location missing');
    for (let i = 0; i < 200_000; i++) {
      location.assignments.appendRow(
        0,
        location.assignments.subjectId('serialNumber', `BULK${i}`, true) ?? 0,
        1,
      );
    }
    const api = server.apple(vppToken);
    const started = performance.now();
    const last = await api.get('/assignments', { pageIndex: 199, adamId: '1000000001' });
    const middle = await api.get('/assignments', { pageIndex: 100 });
    expect(last.body).toMatchObject({ currentPageIndex: 199, size: 1000, totalPages: 200 });
    expect(middle.body.size).toBe(1000);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
