import { describe, expect, it } from 'vitest';
import {
  type AppleCaller,
  createTestLocation,
  type NotificationReceiver,
  startEmulator,
  startNotificationReceiver,
} from './emulator-harness.ts';

const ALL_TYPES = ['ASSET_MANAGEMENT', 'ASSET_COUNT', 'USER_MANAGEMENT', 'USER_ASSOCIATED'];

async function subscribe(api: AppleCaller, receiver: NotificationReceiver, types = ALL_TYPES): Promise<void> {
  const response = await api.post('/client/config', {
    notificationUrl: receiver.url,
    notificationAuthToken: 'bearer-secret',
    notificationTypes: types,
  });
  expect(response.status).toBe(200);
  receiver.received.length = 0; // forget the TEST_NOTIFICATION
}

const serials = (count: number) => Array.from({ length: count }, (_, i) => `S${String(i).padStart(3, '0')}`);

describe('notifications', () => {
  it('sends ASSET_MANAGEMENT with the Bearer secret, at most 100 assignments per notification', async () => {
    const server = await startEmulator();
    const { vppToken, uId } = createTestLocation(server.emulator, {
      assets: [{ adamId: '1000000001', count: 200 }],
    });
    const api = server.apple(vppToken);
    const receiver = await startNotificationReceiver();
    await subscribe(api, receiver);

    const accepted = await api.post('/assets/associate', {
      assets: [{ adamId: '1000000001' }],
      serialNumbers: serials(150),
    });
    await api.waitForEvent(accepted.body.eventId);
    await server.emulator.control.notificationsIdle();

    expect(receiver.received).toHaveLength(2);
    for (const { authorization, body } of receiver.received) {
      expect(authorization).toBe('Bearer bearer-secret');
      expect(body).toMatchObject({
        notificationType: 'ASSET_MANAGEMENT',
        uId,
        notification: { eventId: accepted.body.eventId, result: 'SUCCESS', type: 'ASSOCIATE' },
      });
      expect(body.notificationId).toMatch(/^[0-9a-f-]{36}$/);
    }
    const sizes = receiver.received.map((n) => n.body.notification.assignments.length).sort((a, b) => b - a);
    expect(sizes).toEqual([100, 50]);
    expect(receiver.received[0]?.body.notification.assignments[0]).toEqual({
      adamId: '1000000001',
      pricingParam: 'STDQ',
      serialNumber: 'S000',
    });
    expect(new Set(receiver.received.map((n) => n.body.notificationId)).size).toBe(2);
  });

  it('sends a FAILURE notification with the error for items that failed', async () => {
    const server = await startEmulator();
    const api = server.apple(createTestLocation(server.emulator).vppToken);
    const receiver = await startNotificationReceiver();
    await subscribe(api, receiver);
    await api.postAndWait('/assets/associate', {
      assets: [{ adamId: '1000000002' }],
      clientUserIds: ['user-1', 'ghost'],
    });
    await server.emulator.control.notificationsIdle();
    const failure = receiver.received.find((n) => n.body.notification.result === 'FAILURE');
    expect(failure?.body.notification).toEqual({
      assignments: [{ adamId: '1000000002', pricingParam: 'STDQ', clientUserId: 'ghost' }],
      error: { errorNumber: 9609, errorMessage: expect.any(String) },
      eventId: expect.any(String),
      result: 'FAILURE',
      type: 'ASSOCIATE',
    });
    expect(receiver.received.filter((n) => n.body.notification.result === 'SUCCESS')).toHaveLength(1);
  });

  it('sends USER_MANAGEMENT for user events and ASSET_COUNT for purchases and refunds', async () => {
    const server = await startEmulator();
    const { vppToken, locationId } = createTestLocation(server.emulator);
    const api = server.apple(vppToken);
    const receiver = await startNotificationReceiver();
    await subscribe(api, receiver);

    await api.postAndWait('/users/create', { users: [{ clientUserId: 'new-1', email: 'n@example.com' }] });
    expect(
      (
        await server.control('POST', `/locations/${locationId}/purchases`, {
          adamId: '1000000001',
          count: 25,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await server.control('POST', `/locations/${locationId}/purchases`, {
          adamId: '1000000001',
          count: -5,
        })
      ).status,
    ).toBe(200);
    await server.emulator.control.notificationsIdle();

    const users = receiver.received.find((n) => n.body.notificationType === 'USER_MANAGEMENT');
    expect(users?.body.notification).toMatchObject({
      result: 'SUCCESS',
      type: 'CREATE',
      users: [
        {
          clientUserId: 'new-1',
          email: 'n@example.com',
          status: 'Registered',
          inviteCode: expect.any(String),
        },
      ],
    });
    const counts = receiver.received
      .filter((n) => n.body.notificationType === 'ASSET_COUNT')
      .map((n) => n.body.notification);
    expect(counts).toEqual([
      { adamId: '1000000001', countDelta: 25, pricingParam: 'STDQ' },
      { adamId: '1000000001', countDelta: -5, pricingParam: 'STDQ' },
    ]);
  });

  it('sends only the subscribed types', async () => {
    const server = await startEmulator();
    const { vppToken, locationId } = createTestLocation(server.emulator);
    const api = server.apple(vppToken);
    const receiver = await startNotificationReceiver();
    await subscribe(api, receiver, ['ASSET_COUNT']);
    await api.postAndWait('/assets/associate', { assets: [{ adamId: '1000000001' }], serialNumbers: ['S1'] });
    server.emulator.control.purchase(locationId, { adamId: '1000000001', count: 1 });
    await server.emulator.control.notificationsIdle();
    expect(receiver.received.map((n) => n.body.notificationType)).toEqual(['ASSET_COUNT']);
  });

  it('tries up to three times and stops at the first 2xx', async () => {
    const server = await startEmulator();
    const { vppToken, locationId } = createTestLocation(server.emulator);
    const api = server.apple(vppToken);
    const receiver = await startNotificationReceiver();
    await subscribe(api, receiver);

    receiver.answers.push(500, 503);
    server.emulator.control.purchase(locationId, { adamId: '1000000001', count: 1 });
    await server.emulator.control.notificationsIdle();
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((n) => n.body.notificationId)).size).toBe(1);
    const delivered = server.emulator.control.notifications({ locationId }).at(-1);
    expect(delivered?.outcome).toBe('delivered');
    expect(delivered?.attempts.map((a) => a.status)).toEqual([500, 503, 200]);

    receiver.received.length = 0;
    receiver.answers.push(500, 500, 500, 500);
    server.emulator.control.purchase(locationId, { adamId: '1000000001', count: 1 });
    await server.emulator.control.notificationsIdle();
    expect(receiver.received).toHaveLength(3);
    expect(server.emulator.control.notifications({ locationId }).at(-1)?.outcome).toBe('failed');
  });

  it('drops or duplicates notifications when the faults say so', async () => {
    const server = await startEmulator();
    const { vppToken, locationId } = createTestLocation(server.emulator);
    const api = server.apple(vppToken);
    const receiver = await startNotificationReceiver();
    await subscribe(api, receiver);

    await server.control('PUT', '/faults', { dropNotifications: 1 });
    server.emulator.control.purchase(locationId, { adamId: '1000000001', count: 1 });
    await server.emulator.control.notificationsIdle();
    expect(receiver.received).toHaveLength(0);
    expect(server.emulator.control.notifications({ locationId }).at(-1)?.outcome).toBe('dropped');

    await server.control('PUT', '/faults', { dropNotifications: 0, duplicateNotifications: 1 });
    server.emulator.control.purchase(locationId, { adamId: '1000000001', count: 1 });
    await server.emulator.control.notificationsIdle();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]?.body).toEqual(receiver.received[1]?.body);
  });

  it('lists deliveries through the control API', async () => {
    const server = await startEmulator();
    const { vppToken, locationId } = createTestLocation(server.emulator);
    const receiver = await startNotificationReceiver();
    await subscribe(server.apple(vppToken), receiver);
    const listed = await server.control('GET', `/notifications?locationId=${locationId}`);
    expect(listed.body.notifications).toEqual([
      expect.objectContaining({
        notificationType: 'TEST_NOTIFICATION',
        locationId,
        outcome: 'delivered',
        url: receiver.url,
      }),
    ]);
  });
});
