import { describe, expect, it } from 'vitest';
import { createTestLocation, request, startEmulator, startNotificationReceiver } from './emulator-harness.ts';

describe('users', () => {
  it('creates Registered users with an invite code, and Associated ones from a Managed Apple Account', async () => {
    const server = await startEmulator();
    const api = server.apple(createTestLocation(server.emulator).vppToken);
    const result = await api.postAndWait('/users/create', {
      users: [
        { clientUserId: 'new-1', email: 'new1@example.com' },
        { clientUserId: 'new-2', managedAppleId: 'new2@appleid.example' },
      ],
    });
    expect(result.body).toMatchObject({
      eventType: 'CREATE',
      eventStatus: 'COMPLETE',
      numRequested: 2,
      numCompleted: 2,
    });
    const [invited] = (await api.get('/users', { clientUserId: 'new-1' })).body.users;
    expect(invited).toEqual({
      clientUserId: 'new-1',
      email: 'new1@example.com',
      inviteCode: expect.stringMatching(/^[0-9a-f]{32}$/),
      status: 'Registered',
    });
    const [associated] = (await api.get('/users', { clientUserId: 'new-2' })).body.users;
    expect(associated).toEqual({
      clientUserId: 'new-2',
      idHash: expect.stringMatching(/^[A-Za-z0-9+/]{27}=$/),
      status: 'Associated',
    });
  });

  it('fails creating an existing user with 9716, but brings a retired one back', async () => {
    const server = await startEmulator();
    const api = server.apple(createTestLocation(server.emulator).vppToken);
    const result = await api.postAndWait('/users/create', {
      users: [{ clientUserId: 'user-1' }, { clientUserId: 'user-retired', email: 'back@example.com' }],
    });
    expect(result.body).toMatchObject({ eventStatus: 'FAILED', numCompleted: 1 });
    expect(result.body.failures).toEqual([
      { errorNumber: 9716, errorMessage: expect.any(String), errorInfo: { clientUserIds: ['user-1'] } },
    ]);
    expect((await api.get('/users', { clientUserId: 'user-retired' })).body.users[0].status).toBe(
      'Registered',
    );
  });

  it('updates users, and fails unknown ones with 9609', async () => {
    const server = await startEmulator();
    const api = server.apple(createTestLocation(server.emulator).vppToken);
    const result = await api.postAndWait('/users/update', {
      users: [
        { clientUserId: 'user-2', email: 'renamed@example.com', managedAppleId: 'two@appleid.example' },
        { clientUserId: 'ghost', email: 'ghost@example.com' },
      ],
    });
    expect(result.body).toMatchObject({ eventType: 'UPDATE', eventStatus: 'FAILED', numCompleted: 1 });
    expect(result.body.failures[0]).toMatchObject({
      errorNumber: 9609,
      errorInfo: { clientUserIds: ['ghost'] },
    });
    const [user] = (await api.get('/users', { clientUserId: 'user-2' })).body.users;
    expect(user).toMatchObject({ email: 'renamed@example.com', status: 'Associated' });
  });

  it('retires users and releases their revocable licences (books stay)', async () => {
    const server = await startEmulator();
    const api = server.apple(
      createTestLocation(server.emulator, {
        assignments: [
          { adamId: '1000000002', clientUserId: 'user-1' },
          { adamId: '1000000003', clientUserId: 'user-1' },
        ],
      }).vppToken,
    );
    const result = await api.postAndWait('/users/retire', { users: [{ clientUserId: 'user-1' }] });
    expect(result.body).toMatchObject({ eventType: 'RETIRE', eventStatus: 'COMPLETE' });
    const [user] = (await api.get('/users', { clientUserId: 'user-1' })).body.users;
    expect(user.status).toBe('Retired');
    expect(user.idHash).toBeDefined();
    expect((await api.get('/assignments', { clientUserId: 'user-1' })).body.assignments).toEqual([
      { adamId: '1000000003', pricingParam: 'STDQ', clientUserId: 'user-1' },
    ]);
  });

  it('keeps licences of retired users when the quirk says so', async () => {
    const server = await startEmulator({ quirks: { retireRevokesLicenses: false } });
    const api = server.apple(
      createTestLocation(server.emulator, { assignments: [{ adamId: '1000000002', clientUserId: 'user-1' }] })
        .vppToken,
    );
    await api.postAndWait('/users/retire', { users: [{ clientUserId: 'user-1' }] });
    expect((await api.get('/assignments', { clientUserId: 'user-1' })).body.assignments).toHaveLength(1);
  });

  it('checks user requests synchronously (9720, 9714, 9715, 9717)', async () => {
    const server = await startEmulator({ limits: { maxUsers: 2 } });
    const api = server.apple(createTestLocation(server.emulator).vppToken);
    const cases: [unknown, number][] = [
      [{ users: [] }, 9720],
      [{}, 9720],
      [{ users: [{ clientUserId: 'a' }, { clientUserId: 'b' }, { clientUserId: 'c' }] }, 9714],
      [{ users: [{ clientUserId: 'a' }, { clientUserId: 'a' }] }, 9715],
      [{ users: [{ clientUserId: 'a', email: 'not-an-email' }] }, 9717],
      [{ users: [{ email: 'a@example.com' }] }, 9602],
    ];
    for (const [body, errorNumber] of cases) {
      const response = await api.post('/users/create', body);
      expect([response.status, response.body.errorNumber], JSON.stringify(body)).toEqual([400, errorNumber]);
    }
  });

  it('lists active or retired users only, and users changed since a version', async () => {
    const server = await startEmulator({ pageSizes: { users: 2 } });
    const api = server.apple(createTestLocation(server.emulator).vppToken);
    const all = await api.get('/users');
    expect(all.body).toMatchObject({ size: 2, totalPages: 2, nextPageIndex: 1 });
    const ids = async (query: Record<string, string>) =>
      (await api.get('/users', query)).body.users.map((user: { clientUserId: string }) => user.clientUserId);
    expect(await ids({ activeOnly: 'true' })).toEqual(['user-1', 'user-2']);
    expect(await ids({ includeRetired: '0' })).toEqual(['user-1', 'user-2']);
    expect(await ids({ retiredOnly: 'true' })).toEqual(['user-retired']);
    expect((await api.get('/users', { activeOnly: 'true', retiredOnly: 'true' })).body.errorNumber).toBe(
      9602,
    );

    const versionId = all.body.versionId as string;
    expect(await ids({ sinceVersionId: versionId })).toEqual([]);
    await api.postAndWait('/users/update', {
      users: [{ clientUserId: 'user-2', email: 'changed@example.com' }],
    });
    expect(await ids({ sinceVersionId: versionId })).toEqual(['user-2']);
    expect((await api.get('/users', { sinceVersionId: 'nope' })).body.errorNumber).toBe(9721);
  });

  it('associates a user who accepts the invitation and sends USER_ASSOCIATED', async () => {
    const server = await startEmulator();
    const { vppToken, locationId } = createTestLocation(server.emulator);
    const api = server.apple(vppToken);
    const receiver = await startNotificationReceiver();
    await api.post('/client/config', {
      notificationUrl: receiver.url,
      notificationAuthToken: 'secret',
      notificationTypes: ['USER_ASSOCIATED'],
    });
    const [invited] = (await api.get('/users', { clientUserId: 'user-2' })).body.users;
    const { urls } = (await request(`${server.baseUrl}/service/config`)).body;
    const link = String(urls.invitationEmail).replace('%25inviteCode%25', invited.inviteCode);
    const accepted = await request(link);
    expect(accepted.status).toBe(200);
    expect((await request(link)).status).toBe(404);

    await server.emulator.control.notificationsIdle();
    const [user] = (await api.get('/users', { clientUserId: 'user-2' })).body.users;
    expect(user.status).toBe('Associated');
    const associated = receiver.received.find((n) => n.body.notificationType === 'USER_ASSOCIATED');
    expect(associated?.body.notification.associatedUsers).toEqual([
      expect.objectContaining({ clientUserId: 'user-2', status: 'Associated', idHash: user.idHash }),
    ]);

    // The control API does the same for tests that skip the link.
    createTestLocation(server.emulator, { locationName: 'Second' });
    const second = server.emulator.control.listLocations()[1]?.locationId ?? '';
    expect((await server.control('POST', `/locations/${second}/users/user-2/accept`)).body.status).toBe(
      'Associated',
    );
    expect((await server.control('POST', `/locations/${second}/users/user-2/accept`)).status).toBe(409);
    expect((await server.control('POST', `/locations/${locationId}/users/ghost/accept`)).status).toBe(404);
  });
});
