import { describe, expect, it } from 'vitest';
import { createTestLocation, startEmulator, startNotificationReceiver } from './emulator-harness.ts';

const mdmInfo = { id: 'console-1', name: 'VPP Console', metadata: '1.0.0' };

describe('GET /client/config', () => {
  it('describes a Business location', async () => {
    const server = await startEmulator();
    const { vppToken, uId } = createTestLocation(server.emulator, { countryCode: 'de' });
    const response = await server.apple(vppToken).get('/client/config');
    expect(response.body).toMatchObject({
      countryISO2ACode: 'DE',
      defaultPlatform: 'enterprisestore',
      locationName: 'Test Location',
      subscribedNotificationTypes: [],
      websiteURL: 'https://business.apple.com',
      uId,
    });
    expect(response.body.notificationUrl).toBeUndefined();
  });

  it('describes an Education location', async () => {
    const server = await startEmulator();
    const { vppToken } = createTestLocation(server.emulator, { type: 'EDUCATION' });
    const response = await server.apple(vppToken).get('/client/config');
    expect(response.body.defaultPlatform).toBe('volumestore');
    expect(response.body.websiteURL).toBe('https://school.apple.com');
  });
});

describe('POST /client/config', () => {
  it('stores mdmInfo, and another MDM claiming the location shows on every answer', async () => {
    const server = await startEmulator();
    const { locationId, vppToken } = createTestLocation(server.emulator);
    const api = server.apple(vppToken);
    const written = await api.post('/client/config', { mdmInfo });
    expect(written.body.mdmInfo).toEqual(mdmInfo);

    const other = { id: 'other-mdm', name: 'Other MDM', metadata: '9' };
    expect((await server.control('POST', `/locations/${locationId}/claim`, { mdmInfo: other })).status).toBe(
      200,
    );
    expect((await api.get('/assets')).body.mdmInfo).toEqual(other);
    expect((await api.get('/client/config')).body.mdmInfo).toEqual(other);

    const cleared = await api.post('/client/config', { mdmInfo: null });
    expect(cleared.body.mdmInfo).toBeUndefined();
  });

  it('rejects incomplete or too long mdmInfo (9723, 9724, 9725, 9713)', async () => {
    const server = await startEmulator({
      limits: { maxMdmIdLength: 5, maxMdmNameLength: 6, maxMdmMetadataLength: 7 },
    });
    const api = server.apple(createTestLocation(server.emulator).vppToken);
    const cases: [unknown, number][] = [
      [{ id: 'a', name: 'b' }, 9723],
      [{ id: '', name: 'b', metadata: '' }, 9723],
      [{ id: '123456', name: 'b', metadata: '' }, 9724],
      [{ id: 'a', name: '1234567', metadata: '' }, 9725],
      [{ id: 'a', name: 'b', metadata: '12345678' }, 9713],
    ];
    for (const [info, errorNumber] of cases) {
      const response = await api.post('/client/config', { mdmInfo: info });
      expect([response.status, response.body.errorNumber], JSON.stringify(info)).toEqual([400, errorNumber]);
    }
    expect((await api.get('/client/config')).body.mdmInfo).toBeUndefined();
  });

  it('rejects notification settings without both URL and token (9710), too long (9711), not HTTPS (9712)', async () => {
    const server = await startEmulator({
      limits: { maxNotificationLength: 40 },
      httpNotificationUrls: 'reject',
    });
    const api = server.apple(createTestLocation(server.emulator).vppToken);
    const cases: [unknown, number][] = [
      [{ notificationUrl: 'https://mdm.example/n' }, 9710],
      [{ notificationAuthToken: 'secret' }, 9710],
      [{ notificationUrl: `https://mdm.example/${'x'.repeat(40)}`, notificationAuthToken: 's' }, 9711],
      [{ notificationUrl: 'https://mdm.example/n', notificationAuthToken: 'y'.repeat(41) }, 9711],
      [{ notificationUrl: 'http://127.0.0.1:9/n', notificationAuthToken: 'secret' }, 9712],
      [{ notificationUrl: 'not a url', notificationAuthToken: 'secret' }, 9712],
    ];
    for (const [body, errorNumber] of cases) {
      const response = await api.post('/client/config', body);
      expect([response.status, response.body.errorNumber], JSON.stringify(body)).toEqual([400, errorNumber]);
    }
  });

  it('sends a TEST_NOTIFICATION with the Bearer secret and keeps the settings when it is delivered', async () => {
    const server = await startEmulator();
    const { vppToken, uId } = createTestLocation(server.emulator);
    const receiver = await startNotificationReceiver();
    const response = await server.apple(vppToken).post('/client/config', {
      mdmInfo,
      notificationUrl: receiver.url,
      notificationAuthToken: 'shared-secret',
      notificationTypes: ['ASSET_MANAGEMENT', 'ASSET_COUNT'],
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      notificationUrl: receiver.url,
      notificationAuthToken: 'shared-secret',
      subscribedNotificationTypes: ['ASSET_MANAGEMENT', 'ASSET_COUNT'],
    });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.authorization).toBe('Bearer shared-secret');
    expect(receiver.received[0]?.body).toMatchObject({
      notification: {},
      notificationType: 'TEST_NOTIFICATION',
      uId,
    });
    expect(receiver.received[0]?.body.notificationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects the configuration with 9728 when the TEST_NOTIFICATION is not delivered', async () => {
    const server = await startEmulator();
    const api = server.apple(createTestLocation(server.emulator).vppToken);
    const failing = await startNotificationReceiver([500]);
    const response = await api.post('/client/config', {
      mdmInfo,
      notificationUrl: failing.url,
      notificationAuthToken: 'secret',
    });
    expect([response.status, response.body.errorNumber]).toEqual([400, 9728]);
    const config = (await api.get('/client/config')).body;
    expect(config.notificationUrl).toBeUndefined();
    // Nothing of the rejected request is written, mdmInfo included.
    expect(config.mdmInfo).toBeUndefined();

    const unreachable = await api.post('/client/config', {
      notificationUrl: 'http://127.0.0.1:1/closed',
      notificationAuthToken: 'secret',
    });
    expect(unreachable.body.errorNumber).toBe(9728);
  });

  it('clears notification settings with an empty URL and token', async () => {
    const server = await startEmulator();
    const api = server.apple(createTestLocation(server.emulator).vppToken);
    const receiver = await startNotificationReceiver();
    await api.post('/client/config', { notificationUrl: receiver.url, notificationAuthToken: 'secret' });
    const cleared = await api.post('/client/config', { notificationUrl: '', notificationAuthToken: '' });
    expect(cleared.status).toBe(200);
    expect(cleared.body.notificationUrl).toBeUndefined();
  });
});
