import { describe, expect, it } from 'vitest';
import { createTestLocation, startEmulator } from './emulator-harness.ts';

const serials = (count: number, prefix = 'S') => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('associate / disassociate: synchronous errors', () => {
  it('answers every documented check with its number and no event', async () => {
    const server = await startEmulator({
      limits: { maxAssets: 2, maxClientUserIds: 2, maxSerialNumbers: 2 },
    });
    const { vppToken, locationId } = createTestLocation(server.emulator);
    const api = server.apple(vppToken);
    const app = { adamId: '1000000001' };
    const cases: [string, unknown, number][] = [
      ['/assets/associate', { serialNumbers: ['S1'] }, 9718],
      ['/assets/associate', { assets: [], serialNumbers: ['S1'] }, 9718],
      ['/assets/associate', { assets: [app] }, 9719],
      ['/assets/associate', { assets: [app], clientUserIds: [], serialNumbers: [] }, 9719],
      [
        '/assets/associate',
        { assets: [app, { adamId: '1000000002' }, { adamId: '1000000004' }], serialNumbers: ['S1'] },
        9700,
      ],
      ['/assets/associate', { assets: [app], clientUserIds: ['a', 'b', 'c'] }, 9701],
      ['/assets/associate', { assets: [app], serialNumbers: serials(3) }, 9702],
      [
        '/assets/associate',
        { assets: [app, { adamId: '1000000001', pricingParam: 'STDQ' }], serialNumbers: ['S1'] },
        9703,
      ],
      ['/assets/associate', { assets: [app], clientUserIds: ['user-1', 'user-1'] }, 9704],
      ['/assets/associate', { assets: [app], serialNumbers: ['S1', 'S1'] }, 9705],
      ['/assets/associate', { assets: [{ adamId: '1000000002' }], serialNumbers: ['S1'] }, 9707],
      ['/assets/associate', { assets: [{ adamId: '1000000003' }], serialNumbers: ['S1'] }, 9707],
      ['/assets/disassociate', { assets: [{ adamId: '1000000003' }], clientUserIds: ['user-1'] }, 9706],
      ['/assets/associate', { assets: [{ adamId: 'abc' }], serialNumbers: ['S1'] }, 9602],
    ];
    for (const [path, body, errorNumber] of cases) {
      const response = await api.post(path, body);
      expect([response.status, response.body.errorNumber], JSON.stringify(body)).toEqual([400, errorNumber]);
      expect(response.body.eventId).toBeUndefined();
    }
    expect(server.emulator.control.describeLocation(locationId).counts.pendingEvents).toBe(0);
  });

  it('names the offending assets in errorInfo for 9707', async () => {
    const server = await startEmulator();
    const api = server.apple(createTestLocation(server.emulator).vppToken);
    const response = await api.post('/assets/associate', {
      assets: [{ adamId: '1000000001' }, { adamId: '1000000002' }],
      serialNumbers: ['S1'],
    });
    expect(response.body.errorInfo).toEqual({ assets: [{ adamId: '1000000002', pricingParam: 'STDQ' }] });
  });

  it('accepts users and devices in one request unless the Fleet quirk is on', async () => {
    const body = { assets: [{ adamId: '1000000001' }], clientUserIds: ['user-1'], serialNumbers: ['S1'] };
    const lenient = await startEmulator();
    expect(
      (await lenient.apple(createTestLocation(lenient.emulator).vppToken).post('/assets/associate', body))
        .status,
    ).toBe(200);
    const strict = await startEmulator({ quirks: { rejectMixedUsersAndDevices: true } });
    const response = await strict
      .apple(createTestLocation(strict.emulator).vppToken)
      .post('/assets/associate', body);
    expect([response.status, response.body.errorNumber]).toEqual([400, 9602]);
  });
});

describe('associate / disassociate / revoke: events and counts', () => {
  it('stays PENDING for the event delay, then COMPLETE with the counts moved', async () => {
    const server = await startEmulator({ eventDelayMs: 150 });
    const { vppToken } = createTestLocation(server.emulator);
    const api = server.apple(vppToken);
    const accepted = await api.post('/assets/associate', {
      assets: [{ adamId: '1000000001' }],
      serialNumbers: ['S1', 'S2'],
      clientUserIds: ['user-1'],
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.eventId).toMatch(/^[0-9a-f-]{36}$/);
    const pending = await api.get('/status', { eventId: accepted.body.eventId });
    expect(pending.body).toMatchObject({
      eventStatus: 'PENDING',
      eventType: 'ASSOCIATE',
      numRequested: 3,
      numCompleted: 0,
    });
    expect((await api.get('/assets', { adamId: '1000000001' })).body.assets[0].assignedCount).toBe(0);

    const done = await api.waitForEvent(accepted.body.eventId);
    expect(done.body).toMatchObject({
      eventStatus: 'COMPLETE',
      eventType: 'ASSOCIATE',
      numRequested: 3,
      numCompleted: 3,
    });
    expect(done.body.failures).toBeUndefined();
    expect((await api.get('/assets', { adamId: '1000000001' })).body.assets[0]).toMatchObject({
      assignedCount: 3,
      availableCount: 7,
      totalCount: 10,
    });

    const released = await api.postAndWait('/assets/disassociate', {
      assets: [{ adamId: '1000000001' }],
      serialNumbers: ['S1', 'NEVER-ASSIGNED'],
    });
    expect(released.body).toMatchObject({
      eventStatus: 'COMPLETE',
      eventType: 'DISASSOCIATE',
      numCompleted: 2,
    });
    expect((await api.get('/assets', { adamId: '1000000001' })).body.assets[0]).toMatchObject({
      assignedCount: 2,
      availableCount: 8,
    });
  });

  it('fails the items beyond the available licences with 9709 (FAILED, partial success)', async () => {
    const server = await startEmulator();
    const { vppToken } = createTestLocation(server.emulator);
    const api = server.apple(vppToken);
    const result = await api.postAndWait('/assets/associate', {
      assets: [{ adamId: '1000000001' }],
      serialNumbers: serials(12),
    });
    expect(result.body).toMatchObject({ eventStatus: 'FAILED', numRequested: 12, numCompleted: 10 });
    expect(result.body.failures).toEqual([
      {
        errorNumber: 9709,
        errorMessage: expect.stringContaining('not enough licenses'),
        errorInfo: {
          assets: [{ adamId: '1000000001', pricingParam: 'STDQ' }],
          serialNumbers: ['S10', 'S11'],
        },
      },
    ]);
    expect((await api.get('/assets', { adamId: '1000000001' })).body.assets[0]).toMatchObject({
      assignedCount: 10,
      availableCount: 0,
    });
    // An asset the location does not own has no licences either.
    const unknown = await api.postAndWait('/assets/associate', {
      assets: [{ adamId: '999' }],
      serialNumbers: ['S1'],
    });
    expect(unknown.body.failures[0].errorNumber).toBe(9709);
  });

  it('fails unknown and retired users with 9609 and still assigns the rest', async () => {
    const server = await startEmulator();
    const { vppToken } = createTestLocation(server.emulator);
    const api = server.apple(vppToken);
    const result = await api.postAndWait('/assets/associate', {
      assets: [{ adamId: '1000000002' }],
      clientUserIds: ['user-1', 'ghost', 'user-retired'],
    });
    expect(result.body).toMatchObject({ eventStatus: 'FAILED', numRequested: 3, numCompleted: 1 });
    expect(result.body.failures).toEqual([
      {
        errorNumber: 9609,
        errorMessage: expect.any(String),
        errorInfo: { clientUserIds: ['ghost', 'user-retired'] },
      },
    ]);
    expect((await api.get('/assignments', { clientUserId: 'user-1' })).body.assignments).toHaveLength(1);
  });

  it('treats associating an existing assignment as done without using another licence', async () => {
    const server = await startEmulator();
    const api = server.apple(createTestLocation(server.emulator).vppToken);
    await api.postAndWait('/assets/associate', { assets: [{ adamId: '1000000001' }], serialNumbers: ['S1'] });
    const again = await api.postAndWait('/assets/associate', {
      assets: [{ adamId: '1000000001' }],
      serialNumbers: ['S1'],
    });
    expect(again.body.eventStatus).toBe('COMPLETE');
    expect((await api.get('/assets', { adamId: '1000000001' })).body.assets[0].assignedCount).toBe(1);
  });

  it('revokes every revocable assignment of the given users and devices, leaving books', async () => {
    const server = await startEmulator({ limits: { maxRevokeSerialNumbers: 2 } });
    const { vppToken } = createTestLocation(server.emulator, {
      assignments: [
        { adamId: '1000000001', serialNumber: 'S1' },
        { adamId: '1000000004', serialNumber: 'S1' },
        { adamId: '1000000001', clientUserId: 'user-1' },
        { adamId: '1000000002', clientUserId: 'user-1' },
        { adamId: '1000000003', clientUserId: 'user-1' },
        { adamId: '1000000001', serialNumber: 'S2' },
      ],
    });
    const api = server.apple(vppToken);
    expect((await api.post('/assets/revoke', {})).body.errorNumber).toBe(9719);
    expect((await api.post('/assets/revoke', { serialNumbers: ['a', 'b', 'c'] })).body.errorNumber).toBe(
      9702,
    );
    expect((await api.post('/assets/revoke', { clientUserIds: ['x', 'x'] })).body.errorNumber).toBe(9704);

    const result = await api.postAndWait('/assets/revoke', {
      clientUserIds: ['user-1', 'ghost'],
      serialNumbers: ['S1'],
    });
    expect(result.body).toMatchObject({
      eventType: 'REVOKE',
      eventStatus: 'FAILED',
      numRequested: 3,
      numCompleted: 2,
    });
    expect(result.body.failures[0]).toMatchObject({
      errorNumber: 9609,
      errorInfo: { clientUserIds: ['ghost'] },
    });
    const left = (await api.get('/assignments')).body.assignments;
    expect(left).toEqual(
      expect.arrayContaining([
        { adamId: '1000000003', pricingParam: 'STDQ', clientUserId: 'user-1' },
        { adamId: '1000000001', pricingParam: 'STDQ', serialNumber: 'S2' },
      ]),
    );
    expect(left).toHaveLength(2);
    expect((await api.get('/assets', { adamId: '1000000001' })).body.assets[0].assignedCount).toBe(1);
  });

  it('answers 9708 for an event id it does not know, including another location’s', async () => {
    const server = await startEmulator();
    const mine = server.apple(createTestLocation(server.emulator).vppToken);
    const theirs = server.apple(createTestLocation(server.emulator, { locationName: 'Other' }).vppToken);
    const accepted = await theirs.post('/assets/associate', {
      assets: [{ adamId: '1000000001' }],
      serialNumbers: ['S1'],
    });
    for (const eventId of ['00000000-0000-4000-8000-000000000000', accepted.body.eventId]) {
      const response = await mine.get('/status', { eventId });
      expect([response.status, response.body.errorNumber]).toEqual([400, 9708]);
    }
    expect((await mine.get('/status')).body.errorNumber).toBe(9708);
  });

  it('completes pending events on demand through the control API', async () => {
    const server = await startEmulator({ eventDelayMs: 60_000 });
    const api = server.apple(createTestLocation(server.emulator).vppToken);
    const accepted = await api.post('/assets/associate', {
      assets: [{ adamId: '1000000001' }],
      serialNumbers: ['S1'],
    });
    expect((await api.get('/status', { eventId: accepted.body.eventId })).body.eventStatus).toBe('PENDING');
    expect((await server.control('POST', '/events/complete')).body).toEqual({ completed: 1 });
    expect((await api.get('/status', { eventId: accepted.body.eventId })).body.eventStatus).toBe('COMPLETE');
  });
});
