import type { VppClient } from '@vpp/apple-vpp-client';
import { classifyAppleError } from '@vpp/apple-vpp-client/errors';
import type { EventStatus } from '@vpp/apple-vpp-client/schemas';
import { describe, expect, it } from 'vitest';
import {
  type Apple,
  clientFor,
  collect,
  createLocation,
  eventually,
  expectAppleError,
  KEYNOTE,
  NUMBERS,
  observedFetch,
  PAGES,
  startApple,
} from './harness.ts';

const serials = (count: number, prefix = 'SN') =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);

const BOOK = { adamId: '1440000001', productType: 'Book', name: 'Field Guide' } as const;
const USER_ONLY_APP = { adamId: '1440000002', name: 'Custom App', deviceAssignable: false } as const;

/** Applies the pending events and reads each event's final status through the client. */
async function completeEvents(apple: Apple, client: VppClient, eventIds: string[]): Promise<EventStatus[]> {
  apple.control.completePendingEvents();
  return Promise.all(eventIds.map((eventId) => client.getEventStatus(eventId)));
}

const statusesOf = (apple: Apple, path: string) => apple.requests({ path }).map((request) => request.status);

describe('associate, disassociate, revoke', () => {
  it('splits by the live limits (assets × serial numbers, user ids), never mixes, and removes duplicates', async () => {
    // Fleet asserts Apple takes users or devices per request, never both: the emulator enforces it here.
    const apple = await startApple({ quirks: { rejectMixedUsersAndDevices: true } });
    apple.control.setLimits({ maxAssets: 2, maxSerialNumbers: 3, maxClientUserIds: 2 });
    const users = ['u-1', 'u-2', 'u-3'];
    const { vppToken, locationId } = createLocation(apple, {
      assets: [
        { ...PAGES, count: 20 },
        { ...KEYNOTE, count: 20 },
        { ...NUMBERS, count: 20 },
      ],
      users: users.map((clientUserId) => ({ clientUserId, managedAppleId: `${clientUserId}@acme.example` })),
    });
    const { client } = clientFor(apple, vppToken);
    const assets = [PAGES, KEYNOTE, NUMBERS, PAGES].map(({ adamId }) => ({
      adamId,
      pricingParam: 'STDQ' as const,
    }));
    const devices = [...serials(7), 'SN0001'];

    const submitted = await client.associateAssets({ assets, serialNumbers: devices, clientUserIds: users });

    // 2 asset chunks × (3 serial chunks + 2 user chunks)
    expect(submitted.batches).toHaveLength(10);
    expect(new Set(submitted.eventIds).size).toBe(10);
    for (const { request } of submitted.batches) {
      expect(request.assets.length).toBeLessThanOrEqual(2);
      expect(request.serialNumbers === undefined || request.clientUserIds === undefined).toBe(true);
      expect((request.serialNumbers ?? []).length).toBeLessThanOrEqual(3);
      expect((request.clientUserIds ?? []).length).toBeLessThanOrEqual(2);
    }
    expect(statusesOf(apple, '/assets/associate')).toEqual(Array(10).fill(200));

    const statuses = await completeEvents(apple, client, submitted.eventIds);
    for (const [i, status] of statuses.entries()) {
      const request = submitted.batches[i]?.request ?? { assets: [] };
      const subjects = (request.serialNumbers ?? []).length + (request.clientUserIds ?? []).length;
      expect(status).toMatchObject({
        eventStatus: 'COMPLETE',
        eventType: 'ASSOCIATE',
        numRequested: request.assets.length * subjects,
        numCompleted: request.assets.length * subjects,
        failures: [],
      });
    }
    const state = apple.control.locationState(locationId);
    expect(state.assignments).toHaveLength(3 * (7 + 3));
    const all = await client.getAllAssets();
    for (const asset of all.assets) expect(asset).toMatchObject({ assignedCount: 10, availableCount: 10 });

    // Disassociate half, in the same batches.
    const released = await client.disassociateAssets({
      assets: [{ adamId: KEYNOTE.adamId }],
      serialNumbers: serials(7).slice(0, 4),
      clientUserIds: ['u-3'],
    });
    expect(released.batches.map(({ request }) => request)).toEqual([
      { assets: [{ adamId: KEYNOTE.adamId }], serialNumbers: ['SN0000', 'SN0001', 'SN0002'] },
      { assets: [{ adamId: KEYNOTE.adamId }], serialNumbers: ['SN0003'] },
      { assets: [{ adamId: KEYNOTE.adamId }], clientUserIds: ['u-3'] },
    ]);
    const releasedStatuses = await completeEvents(apple, client, released.eventIds);
    expect(releasedStatuses.map((status) => [status.eventType, status.eventStatus])).toEqual(
      Array(3).fill(['DISASSOCIATE', 'COMPLETE']),
    );
    const keynote = await client.getAssetsPage({ adamId: KEYNOTE.adamId });
    expect(keynote.assets[0]).toMatchObject({ assignedCount: 5, availableCount: 15, totalCount: 20 });
    const keynoteAssignments = await collect(client.iterateAssignments({ adamId: KEYNOTE.adamId }));
    expect(keynoteAssignments.flatMap((page) => page.assignments)).toHaveLength(5);
  });

  it('revokes every revocable assignment of users and devices, in batches of the revoke limits', async () => {
    const apple = await startApple();
    apple.control.setLimits({ maxRevokeSerialNumbers: 2, maxRevokeClientUserIds: 1 });
    const { vppToken, locationId } = createLocation(apple, {
      assets: [
        { ...PAGES, count: 20 },
        { ...KEYNOTE, count: 20 },
        { ...BOOK, count: 5 },
      ],
      users: [
        { clientUserId: 'u-1', managedAppleId: 'u-1@acme.example' },
        { clientUserId: 'u-2', managedAppleId: 'u-2@acme.example' },
      ],
      assignments: [
        ...serials(5).flatMap((serialNumber) => [
          { adamId: PAGES.adamId, serialNumber },
          { adamId: KEYNOTE.adamId, serialNumber },
        ]),
        { adamId: PAGES.adamId, clientUserId: 'u-1' },
        { adamId: BOOK.adamId, clientUserId: 'u-1' },
        { adamId: KEYNOTE.adamId, clientUserId: 'u-2' },
        { adamId: KEYNOTE.adamId, serialNumber: 'KEEP-1' },
      ],
    });
    const { client } = clientFor(apple, vppToken);

    const revoked = await client.revokeAssets({
      serialNumbers: [...serials(5), 'SN0000'],
      clientUserIds: ['u-1', 'u-2'],
    });

    expect(revoked.batches.map(({ request }) => request)).toEqual([
      { serialNumbers: ['SN0000', 'SN0001'] },
      { serialNumbers: ['SN0002', 'SN0003'] },
      { serialNumbers: ['SN0004'] },
      { clientUserIds: ['u-1'] },
      { clientUserIds: ['u-2'] },
    ]);
    const statuses = await completeEvents(apple, client, revoked.eventIds);
    expect(statuses.map((status) => [status.eventType, status.eventStatus])).toEqual(
      Array(5).fill(['REVOKE', 'COMPLETE']),
    );
    // Books are never revocable: the user keeps it. The untouched device keeps its app.
    expect(apple.control.locationState(locationId).assignments).toEqual([
      { adamId: BOOK.adamId, pricingParam: 'STDQ', clientUserId: 'u-1' },
      { adamId: KEYNOTE.adamId, pricingParam: 'STDQ', serialNumber: 'KEEP-1' },
    ]);
  });

  it('writes nothing when there is nothing to write', async () => {
    const apple = await startApple();
    const { vppToken } = createLocation(apple, { assets: [{ ...PAGES, count: 1 }] });
    const { client } = clientFor(apple, vppToken);

    expect(await client.associateAssets({ assets: [], serialNumbers: ['SN1'] })).toEqual({
      batches: [],
      eventIds: [],
    });
    expect(await client.disassociateAssets({ assets: [{ adamId: PAGES.adamId }] })).toEqual({
      batches: [],
      eventIds: [],
    });
    expect(await client.revokeAssets({})).toEqual({ batches: [], eventIds: [] });
    expect(await client.createUsers([])).toEqual({ batches: [], eventIds: [] });
    expect(apple.requests().filter((request) => request.method === 'POST')).toEqual([]);
  });

  it.each([
    {
      name: 'maxAssets (9700)',
      limit: { maxAssets: 2 },
      path: '/assets/associate',
      call: (client: VppClient) =>
        client.associateAssets({
          assets: [PAGES, KEYNOTE, NUMBERS].map(({ adamId }) => ({ adamId })),
          serialNumbers: ['SN1'],
        }),
      batches: 2,
    },
    {
      name: 'maxClientUserIds (9701)',
      limit: { maxClientUserIds: 2 },
      path: '/assets/associate',
      call: (client: VppClient) =>
        client.associateAssets({
          assets: [{ adamId: PAGES.adamId }],
          clientUserIds: ['u-1', 'u-2', 'u-3', 'u-4', 'u-5'],
        }),
      batches: 3,
    },
    {
      name: 'maxSerialNumbers (9702)',
      limit: { maxSerialNumbers: 2 },
      path: '/assets/disassociate',
      call: (client: VppClient) =>
        client.disassociateAssets({ assets: [{ adamId: PAGES.adamId }], serialNumbers: serials(5) }),
      batches: 3,
    },
    {
      name: 'maxRevokeSerialNumbers (9702)',
      limit: { maxRevokeSerialNumbers: 3 },
      path: '/assets/revoke',
      call: (client: VppClient) => client.revokeAssets({ serialNumbers: serials(5) }),
      batches: 2,
    },
    {
      name: 'maxRevokeClientUserIds (9701)',
      limit: { maxRevokeClientUserIds: 1 },
      path: '/assets/revoke',
      call: (client: VppClient) => client.revokeAssets({ clientUserIds: ['u-1', 'u-2'] }),
      batches: 2,
    },
    {
      name: 'maxUsers (9714)',
      limit: { maxUsers: 2 },
      path: '/users/create',
      call: (client: VppClient) =>
        client.createUsers(['a', 'b', 'c', 'd', 'e'].map((id) => ({ clientUserId: `new-${id}` }))),
      batches: 3,
    },
  ])(
    'a limit Apple lowered since the last read ($name): one synchronous error, a re-read, a re-split',
    async ({ limit, path, call, batches }) => {
      const apple = await startApple();
      const { vppToken } = createLocation(apple, {
        assets: [PAGES, KEYNOTE, NUMBERS].map((asset) => ({ ...asset, count: 20 })),
        users: ['u-1', 'u-2', 'u-3', 'u-4', 'u-5'].map((clientUserId) => ({ clientUserId })),
      });
      const { client, log } = clientFor(apple, vppToken);
      await client.getLimits();
      apple.control.setLimits(limit);

      const submitted = await call(client);

      expect(submitted.batches).toHaveLength(batches);
      expect(statusesOf(apple, path)).toEqual([400, ...Array(batches).fill(200)]);
      expect(apple.requests({ path: '/service/config' })).toHaveLength(2);
      expect(log.lines.some((line) => line.obj.errorNumber !== undefined && line.level === 'warn')).toBe(
        true,
      );
      const statuses = await completeEvents(apple, client, submitted.eventIds);
      expect(statuses.every((status) => status.eventStatus === 'COMPLETE')).toBe(true);
    },
  );

  it('a limit lowered again after the re-read: LIMIT_EXCEEDED is thrown, with the batches already accepted', async () => {
    const apple = await startApple();
    const { vppToken } = createLocation(apple, { assets: [{ ...PAGES, count: 20 }] });
    let lowered = false;
    const observed = observedFetch({
      onAnswer: (exchange) => {
        if (!lowered && exchange.path.endsWith('/assets/associate') && exchange.status === 200) {
          lowered = true;
          apple.control.setLimits({ maxSerialNumbers: 1 });
        }
      },
    });
    const { client } = clientFor(apple, vppToken, { fetch: observed.fetch });
    await client.getLimits();
    apple.control.setLimits({ maxSerialNumbers: 2 });

    const error = await expectAppleError(
      client.associateAssets({ assets: [{ adamId: PAGES.adamId }], serialNumbers: serials(6) }),
      vppToken,
      { kind: 'LIMIT_EXCEEDED', errorNumber: 9702, httpStatus: 400, retryable: false, attempts: 1 },
    );

    // Refused (limit 2), re-read and re-split, one batch of 2 accepted, refused again (limit 1).
    expect(statusesOf(apple, '/assets/associate')).toEqual([400, 200, 400]);
    expect(apple.requests({ path: '/service/config' })).toHaveLength(2);
    expect(error.submittedBatches.map((batch) => batch.request)).toEqual([
      { assets: [{ adamId: PAGES.adamId }], serialNumbers: ['SN0000', 'SN0001'] },
    ]);
  });

  it('serial numbers for an asset that is not device-assignable: 9707, with the batches already accepted', async () => {
    const apple = await startApple({ limits: { maxAssets: 1 } });
    const { vppToken } = createLocation(apple, {
      assets: [
        { ...PAGES, count: 5 },
        { ...USER_ONLY_APP, count: 5 },
      ],
    });
    const { client } = clientFor(apple, vppToken);

    const error = await expectAppleError(
      client.associateAssets({
        assets: [{ adamId: PAGES.adamId }, { adamId: USER_ONLY_APP.adamId }],
        serialNumbers: ['SN1', 'SN2'],
      }),
      vppToken,
      {
        kind: 'NOT_DEVICE_ASSIGNABLE',
        errorNumber: 9707,
        httpStatus: 400,
        retryable: false,
        method: 'POST',
        endpoint: '/assets/associate',
      },
    );

    expect(error.errorInfo?.assets).toEqual([{ adamId: USER_ONLY_APP.adamId, pricingParam: 'STDQ' }]);
    expect(error.submittedBatches).toHaveLength(1);
    const [accepted] = error.submittedBatches;
    expect(accepted?.request).toEqual({ assets: [{ adamId: PAGES.adamId }], serialNumbers: ['SN1', 'SN2'] });
    const [status] = await completeEvents(apple, client, [accepted?.eventId ?? '']);
    expect(status).toMatchObject({ eventStatus: 'COMPLETE', numCompleted: 2 });
  });

  it('disassociating an asset that is not revocable (a book): 9706', async () => {
    const apple = await startApple();
    const { vppToken } = createLocation(apple, {
      assets: [{ ...BOOK, count: 5 }],
      users: [{ clientUserId: 'u-1', managedAppleId: 'u-1@acme.example' }],
      assignments: [{ adamId: BOOK.adamId, clientUserId: 'u-1' }],
    });
    const { client } = clientFor(apple, vppToken);

    const error = await expectAppleError(
      client.disassociateAssets({ assets: [{ adamId: BOOK.adamId }], clientUserIds: ['u-1'] }),
      vppToken,
      { kind: 'NOT_REVOCABLE', errorNumber: 9706, httpStatus: 400, retryable: false, attempts: 1 },
    );
    expect(error.errorInfo?.assets).toEqual([{ adamId: BOOK.adamId, pricingParam: 'STDQ' }]);
    expect(error.submittedBatches).toEqual([]);
  });
});

describe('event status', () => {
  it('PENDING, then COMPLETE once Apple has applied the event', async () => {
    const apple = await startApple({ eventDelayMs: 300 });
    const { vppToken, locationId } = createLocation(apple, { assets: [{ ...PAGES, count: 5 }] });
    const { client } = clientFor(apple, vppToken);

    const { eventIds } = await client.associateAssets({
      assets: [{ adamId: PAGES.adamId }],
      serialNumbers: ['SN1', 'SN2', 'SN3'],
    });
    const eventId = eventIds[0] ?? '';

    expect(await client.getEventStatus(eventId)).toMatchObject({
      eventStatus: 'PENDING',
      eventType: 'ASSOCIATE',
      numCompleted: 0,
      numRequested: 3,
      failures: [],
    });
    expect(apple.control.locationState(locationId).assignments).toEqual([]);

    const done = await eventually(async () => {
      const status = await client.getEventStatus(eventId);
      return status.eventStatus === 'PENDING' ? undefined : status;
    });
    expect(done).toMatchObject({ eventStatus: 'COMPLETE', numCompleted: 3, numRequested: 3, failures: [] });
    expect(apple.control.locationState(locationId).assignments).toHaveLength(3);
    expect(apple.requests({ path: '/status' }).every((request) => request.query.eventId === eventId)).toBe(
      true,
    );
  });

  it('FAILED with 9709 when the licenses run out (a partial success)', async () => {
    const apple = await startApple();
    const { vppToken } = createLocation(apple, { assets: [{ ...PAGES, count: 2 }] });
    const { client } = clientFor(apple, vppToken);

    const { eventIds } = await client.associateAssets({
      assets: [{ adamId: PAGES.adamId }],
      serialNumbers: ['SN1', 'SN2', 'SN3'],
    });
    const [status] = await completeEvents(apple, client, eventIds);

    expect(status).toMatchObject({ eventStatus: 'FAILED', numCompleted: 2, numRequested: 3 });
    expect(status?.failures).toEqual([
      {
        errorNumber: 9709,
        errorMessage: expect.any(String),
        errorInfo: { assets: [{ adamId: PAGES.adamId, pricingParam: 'STDQ' }], serialNumbers: ['SN3'] },
      },
    ]);
    expect(classifyAppleError(status?.failures[0]?.errorNumber)).toBe('LICENSES_EXHAUSTED');
    expect((await client.getAssetsPage()).assets[0]).toMatchObject({ assignedCount: 2, availableCount: 0 });
  });

  it('FAILED with 9609 for a user Apple does not know', async () => {
    const apple = await startApple();
    const { vppToken } = createLocation(apple, {
      assets: [{ ...PAGES, count: 5 }],
      users: [{ clientUserId: 'known', managedAppleId: 'known@acme.example' }],
    });
    const { client } = clientFor(apple, vppToken);

    const { eventIds } = await client.associateAssets({
      assets: [{ adamId: PAGES.adamId }],
      clientUserIds: ['known', 'ghost'],
    });
    const [status] = await completeEvents(apple, client, eventIds);

    expect(status).toMatchObject({ eventStatus: 'FAILED', numCompleted: 1, numRequested: 2 });
    expect(status?.failures).toEqual([
      expect.objectContaining({
        errorNumber: 9609,
        errorInfo: expect.objectContaining({ clientUserIds: ['ghost'] }),
      }),
    ]);
    expect(classifyAppleError(status?.failures[0]?.errorNumber)).toBe('UNKNOWN_USER');
  });

  it('an unknown event id is 9708 (UNKNOWN_EVENT)', async () => {
    const apple = await startApple();
    const { vppToken } = createLocation(apple);
    const { client } = clientFor(apple, vppToken);

    await expectAppleError(client.getEventStatus('00000000-0000-0000-0000-000000000000'), vppToken, {
      kind: 'UNKNOWN_EVENT',
      errorNumber: 9708,
      httpStatus: 400,
      retryable: false,
      endpoint: '/status',
    });
  });
});

describe('users', () => {
  it('create, list, invite, update, retire, and read what changed since a checkpoint', async () => {
    const apple = await startApple({ pageSizes: { users: 2 } });
    const { vppToken, locationId } = createLocation(apple, {
      assets: [
        { ...PAGES, count: 5 },
        { ...BOOK, count: 5 },
      ],
      users: [{ clientUserId: 'existing', email: 'existing@acme.example' }],
    });
    const { client } = clientFor(apple, vppToken);

    const created = await client.createUsers([
      { clientUserId: 'alice', email: 'alice@acme.example' },
      { clientUserId: 'bob', email: 'bob@acme.example', managedAppleId: 'bob@acme.appleid.example' },
      { clientUserId: 'carol', email: 'carol@acme.example' },
    ]);
    const [createStatus] = await completeEvents(apple, client, created.eventIds);
    expect(createStatus).toMatchObject({ eventType: 'CREATE', eventStatus: 'COMPLETE', numCompleted: 3 });

    const walk = client.iterateUsers();
    const pages = await collect(walk);
    expect(pages.map((page) => page.currentPageIndex)).toEqual([0, 1]);
    const listed = new Map(pages.flatMap((page) => page.users).map((user) => [user.clientUserId, user]));
    expect([...listed.keys()].sort()).toEqual(['alice', 'bob', 'carol', 'existing']);
    expect(listed.get('alice')).toMatchObject({ status: 'Registered', email: 'alice@acme.example' });
    expect(listed.get('alice')?.inviteCode).toMatch(/^[0-9a-f]{32}$/);
    expect(listed.get('bob')).toMatchObject({ status: 'Associated', idHash: expect.any(String) });
    expect(listed.get('bob')?.inviteCode).toBeUndefined();
    const checkpoint = walk.firstPageVersionId ?? '';

    // Alice opens the invitation from urls.invitationEmail and signs in.
    const { urls } = await client.getServiceConfig();
    const invitation = (urls.invitationEmail ?? '').replace(
      '%25inviteCode%25',
      listed.get('alice')?.inviteCode ?? '',
    );
    expect((await fetch(invitation)).status).toBe(200);

    // Give Bob a licence, then update Carol and retire Bob.
    const associated = await client.associateAssets({
      assets: [{ adamId: PAGES.adamId }, { adamId: BOOK.adamId }],
      clientUserIds: ['bob'],
    });
    await completeEvents(apple, client, associated.eventIds);
    const updated = await client.updateUsers([{ clientUserId: 'carol', email: 'carol.new@acme.example' }]);
    const retired = await client.retireUsers(['bob']);
    const [updateStatus, retireStatus] = await completeEvents(apple, client, [
      ...updated.eventIds,
      ...retired.eventIds,
    ]);
    expect(updateStatus).toMatchObject({ eventType: 'UPDATE', eventStatus: 'COMPLETE', numCompleted: 1 });
    expect(retireStatus).toMatchObject({ eventType: 'RETIRE', eventStatus: 'COMPLETE', numCompleted: 1 });
    expect(apple.requests({ path: '/users/retire' })).toHaveLength(1);

    const changed = (await collect(client.iterateUsers({ sinceVersionId: checkpoint }))).flatMap(
      (page) => page.users,
    );
    expect(changed.map((user) => [user.clientUserId, user.status]).sort()).toEqual([
      ['alice', 'Associated'],
      ['bob', 'Retired'],
      ['carol', 'Registered'],
    ]);
    expect(changed.find((user) => user.clientUserId === 'carol')?.email).toBe('carol.new@acme.example');
    expect(changed.find((user) => user.clientUserId === 'bob')?.idHash).toBe(listed.get('bob')?.idHash);
    expect(changed.find((user) => user.clientUserId === 'alice')?.idHash).toEqual(expect.any(String));

    const active = (await collect(client.iterateUsers({ activeOnly: true }))).flatMap((page) => page.users);
    expect(active.map((user) => user.clientUserId).sort()).toEqual(['alice', 'carol', 'existing']);
    const retiredOnly = await client.getUsersPage({ retiredOnly: true });
    expect(retiredOnly.users.map((user) => user.clientUserId)).toEqual(['bob']);
    expect((await client.getUsersPage({ clientUserId: 'carol' })).users).toHaveLength(1);
    // Retiring released Bob's app licence; the book stays (never revocable).
    expect(apple.control.locationState(locationId).assignments).toEqual([
      { adamId: BOOK.adamId, pricingParam: 'STDQ', clientUserId: 'bob' },
    ]);
  });

  it('batches by maxUsers, keeping the last entry per clientUserId', async () => {
    const apple = await startApple({ limits: { maxUsers: 2 } });
    const { vppToken, locationId } = createLocation(apple);
    const { client } = clientFor(apple, vppToken);

    const created = await client.createUsers([
      { clientUserId: 'u-1', email: 'old@acme.example' },
      { clientUserId: 'u-2' },
      { clientUserId: 'u-3' },
      { clientUserId: 'u-1', email: 'u-1@acme.example' },
      { clientUserId: 'u-4' },
      { clientUserId: 'u-5' },
    ]);

    expect(created.batches.map(({ request }) => request.users.map((user) => user.clientUserId))).toEqual([
      ['u-1', 'u-2'],
      ['u-3', 'u-4'],
      ['u-5'],
    ]);
    await completeEvents(apple, client, created.eventIds);
    const users = apple.control.locationState(locationId).users;
    expect(users.map((user) => user.clientUserId)).toEqual(['u-1', 'u-2', 'u-3', 'u-4', 'u-5']);
    expect(users[0]?.email).toBe('u-1@acme.example');

    const retired = await client.retireUsers(['u-1', 'u-2', 'u-3']);
    expect(retired.batches.map(({ request }) => request)).toEqual([
      { users: [{ clientUserId: 'u-1' }, { clientUserId: 'u-2' }] },
      { users: [{ clientUserId: 'u-3' }] },
    ]);
  });

  it('asynchronous failures: 9716 user already exists, 9609 unknown user; 9717 bad email is synchronous', async () => {
    const apple = await startApple();
    const { vppToken } = createLocation(apple, { users: [{ clientUserId: 'taken' }] });
    const { client } = clientFor(apple, vppToken);

    const created = await client.createUsers([{ clientUserId: 'taken' }, { clientUserId: 'fresh' }]);
    const updated = await client.updateUsers([{ clientUserId: 'ghost', email: 'ghost@acme.example' }]);
    const retired = await client.retireUsers(['ghost-2']);
    const [create, update, retire] = await completeEvents(apple, client, [
      ...created.eventIds,
      ...updated.eventIds,
      ...retired.eventIds,
    ]);

    expect(create).toMatchObject({ eventStatus: 'FAILED', numCompleted: 1, numRequested: 2 });
    expect(create?.failures).toEqual([
      expect.objectContaining({ errorNumber: 9716, errorInfo: { clientUserIds: ['taken'] } }),
    ]);
    expect(classifyAppleError(create?.failures[0]?.errorNumber)).toBe('USER_ALREADY_EXISTS');
    expect(update?.failures).toEqual([
      expect.objectContaining({ errorNumber: 9609, errorInfo: { clientUserIds: ['ghost'] } }),
    ]);
    expect(retire).toMatchObject({ eventStatus: 'FAILED', numCompleted: 0 });
    expect(classifyAppleError(retire?.failures[0]?.errorNumber)).toBe('UNKNOWN_USER');

    const error = await expectAppleError(
      client.createUsers([{ clientUserId: 'bad', email: 'not-an-email' }]),
      vppToken,
      { kind: 'INVALID_REQUEST', errorNumber: 9717, httpStatus: 400, retryable: false, attempts: 1 },
    );
    expect(error.errorInfo?.clientUserIds).toEqual(['bad']);
    expect(error.submittedBatches).toEqual([]);
  });
});
