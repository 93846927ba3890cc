import type { ResponseMetadata } from '@vpp/apple-vpp-client';
import { parseVppNotification } from '@vpp/apple-vpp-client/notifications';
import { describe, expect, it } from 'vitest';
import {
  clientFor,
  createLocation,
  eventually,
  expectAppleError,
  factoryFor,
  PAGES,
  shiftableClock,
  startApple,
  startNotificationReceiver,
} from './harness.ts';

const OUR_MDM = { id: 'vpp-console-7f3a', name: 'VPP Console', metadata: '1.4.0' };

describe('service config', () => {
  it('is read without a token, as the emulator serves it', async () => {
    const apple = await startApple();
    const { vppToken } = createLocation(apple);
    const { client } = clientFor(apple, vppToken);

    const config = await client.getServiceConfig();

    expect(config.limits).toEqual(apple.control.limits());
    expect(config.errorCodes).toContainEqual(expect.objectContaining({ errorNumber: 9621 }));
    expect(config.notificationTypes).toContain('ASSET_MANAGEMENT');
    expect(config.urls.contentMetadataLookup).toMatch(new RegExp(`^${apple.origin}/`));
    const [request, ...others] = apple.requests({ path: '/service/config' });
    expect(others).toEqual([]);
    // Unauthenticated: the emulator tied it to no location.
    expect(request).toMatchObject({ method: 'GET', status: 200, locationId: undefined });
    expect(await client.getLimits()).toMatchObject({ maxAssets: 25, maxRequestPerSecond: 15 });
  });

  it('is cached for 5 minutes per base URL, shared by every client of a factory, then read again', async () => {
    const apple = await startApple();
    const first = createLocation(apple, { locationName: 'North' });
    const second = createLocation(apple, { locationName: 'South' });
    const clock = shiftableClock();
    const { factory } = factoryFor(apple, { clock });
    const north = factory.forToken(first.vppToken);
    const south = factory.forToken(second.vppToken);

    await Promise.all([north.getServiceConfig(), south.getServiceConfig(), factory.getServiceConfig()]);
    await north.getClientConfig();
    await south.getClientConfig();
    expect(apple.requests({ path: '/service/config' })).toHaveLength(1);

    // Apple's limits are dynamic; the cached copy is used until it is 5 minutes old.
    apple.control.setLimits({ maxAssets: 3 });
    clock.advance(4 * 60_000 + 50_000);
    expect((await south.getLimits()).maxAssets).toBe(25);
    expect(apple.requests({ path: '/service/config' })).toHaveLength(1);

    clock.advance(10_001);
    expect((await north.getLimits()).maxAssets).toBe(3);
    expect((await south.getLimits()).maxAssets).toBe(3);
    expect(apple.requests({ path: '/service/config' })).toHaveLength(2);

    apple.control.setLimits({ maxAssets: 4 });
    expect((await north.getServiceConfig({ forceRefresh: true })).limits.maxAssets).toBe(4);
    expect(apple.requests({ path: '/service/config' })).toHaveLength(3);
  });

  it('keeps the previous copy when a refresh fails', async () => {
    const apple = await startApple();
    const { vppToken } = createLocation(apple);
    const { client, log } = clientFor(apple, vppToken, { retry: { maxAttempts: 1 } });
    await client.getServiceConfig();

    apple.control.setLimits({ maxUsers: 7 });
    apple.control.setFaults({ failNext: { count: 1, status: 503 }, retryAfterSeconds: 0 });
    const stale = await client.getServiceConfig({ forceRefresh: true });

    expect(stale.limits.maxUsers).toBe(100);
    expect(apple.requests({ path: '/service/config' }).map((request) => request.status)).toEqual([200, 503]);
    expect(log.lines.some((line) => line.level === 'warn')).toBe(true);
  });
});

describe('client config', () => {
  it('reads the location as Apple describes it (Business and Education)', async () => {
    const apple = await startApple();
    const business = createLocation(apple, {
      locationName: 'Seattle',
      expiresAt: '2031-03-04T05:06:07Z',
    });
    const school = createLocation(apple, {
      orgName: 'Springfield Schools',
      locationName: 'Springfield High',
      type: 'EDUCATION',
      countryCode: 'DE',
    });

    const businessConfig = await clientFor(apple, business.vppToken).client.getClientConfig();
    expect(businessConfig).toEqual({
      uId: business.uId,
      tokenExpirationDate: new Date('2031-03-04T05:06:07Z'),
      countryISO2ACode: 'US',
      defaultPlatform: 'enterprisestore',
      locationName: 'Seattle',
      subscribedNotificationTypes: [],
      websiteURL: 'https://business.apple.com',
    });

    const schoolConfig = await clientFor(apple, school.vppToken).client.getClientConfig();
    expect(schoolConfig).toMatchObject({
      uId: school.uId,
      countryISO2ACode: 'DE',
      defaultPlatform: 'volumestore',
      locationName: 'Springfield High',
      websiteURL: 'https://school.apple.com',
    });
    expect(schoolConfig.tokenExpirationDate).toBeInstanceOf(Date);
  });

  it('writes mdmInfo, sees it on every answer, spots another MDM, and clears it with mdmInfo: null', async () => {
    const apple = await startApple();
    const { vppToken, locationId, uId } = createLocation(apple, {
      assets: [{ ...PAGES, count: 2 }],
    });
    const seen: ResponseMetadata[] = [];
    const { client } = clientFor(apple, vppToken, { onResponseMetadata: (metadata) => seen.push(metadata) });

    const written = await client.updateClientConfig({ mdmInfo: OUR_MDM });
    expect(written.mdmInfo).toEqual(OUR_MDM);
    expect(apple.control.describeLocation(locationId).mdmInfo).toEqual(OUR_MDM);

    await client.getAssetsPage();
    await client.getAssignmentsPage();
    await client.getUsersPage();
    const { eventIds } = await client.createUsers([{ clientUserId: 'u-1' }]);
    await client.getEventStatus(eventIds[0] ?? '');
    expect(seen.map((metadata) => metadata.endpoint)).toEqual([
      '/client/config',
      '/assets',
      '/assignments',
      '/users',
      '/users/create',
      '/status',
    ]);
    for (const metadata of seen) {
      expect(metadata).toMatchObject({ uId, mdmInfo: OUR_MDM });
      expect(metadata.tokenExpirationDate).toBeInstanceOf(Date);
    }

    // Another MDM takes the location over: the next answer says so.
    apple.control.claim(locationId, { mdmInfo: { id: 'other-mdm', name: 'Other MDM', metadata: '9' } });
    await client.getAssetsPage();
    expect(seen.at(-1)?.mdmInfo?.id).toBe('other-mdm');

    // Handing the location on: clear mdmInfo.
    const cleared = await client.updateClientConfig({ mdmInfo: null });
    expect(cleared.mdmInfo).toBeUndefined();
    expect((await client.getClientConfig()).mdmInfo).toBeUndefined();
    expect(apple.control.describeLocation(locationId).mdmInfo).toBeNull();
    expect(seen.at(-1)?.mdmInfo).toBeUndefined();
  });

  it('sets notification settings (Apple sends a TEST_NOTIFICATION with the secret) and clears them', async () => {
    const apple = await startApple();
    const { vppToken, locationId, uId } = createLocation(apple, { assets: [{ ...PAGES, count: 1 }] });
    const receiver = await startNotificationReceiver();
    const { client } = clientFor(apple, vppToken);

    const config = await client.updateClientConfig({
      mdmInfo: OUR_MDM,
      notificationUrl: receiver.url,
      notificationAuthToken: 'shared-secret-1',
      notificationTypes: ['ASSET_MANAGEMENT', 'ASSET_COUNT'],
    });

    expect(config).toMatchObject({
      notificationUrl: receiver.url,
      notificationAuthToken: 'shared-secret-1',
      mdmInfo: OUR_MDM,
    });
    expect(config.subscribedNotificationTypes.sort()).toEqual(['ASSET_COUNT', 'ASSET_MANAGEMENT']);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.authorization).toBe('Bearer shared-secret-1');
    const test = parseVppNotification(receiver.received[0]?.body);
    expect(test).toMatchObject({
      ok: true,
      known: true,
      notification: { notificationType: 'TEST_NOTIFICATION' },
    });

    // The subscribed types arrive, and the client's notification parser reads them.
    const { eventIds } = await client.associateAssets({
      assets: [{ adamId: PAGES.adamId }],
      serialNumbers: ['C02SERIAL001'],
    });
    apple.control.purchase(locationId, { adamId: PAGES.adamId, count: 3 });
    apple.control.completePendingEvents();
    await apple.control.notificationsIdle();
    const parsed = receiver.received.slice(1).map((notification) => parseVppNotification(notification.body));
    expect(parsed).toHaveLength(2);
    expect(parsed).toContainEqual({
      ok: true,
      known: true,
      notification: expect.objectContaining({
        notificationType: 'ASSET_MANAGEMENT',
        uId,
        notification: expect.objectContaining({
          eventId: eventIds[0],
          result: 'SUCCESS',
          type: 'ASSOCIATE',
          assignments: [{ adamId: PAGES.adamId, pricingParam: 'STDQ', serialNumber: 'C02SERIAL001' }],
        }),
      }),
    });
    expect(parsed).toContainEqual({
      ok: true,
      known: true,
      notification: expect.objectContaining({
        notificationType: 'ASSET_COUNT',
        notification: { adamId: PAGES.adamId, pricingParam: 'STDQ', countDelta: 3 },
      }),
    });

    const cleared = await client.updateClientConfig({
      notificationUrl: '',
      notificationAuthToken: '',
      notificationTypes: [],
    });
    expect(cleared.notificationUrl).toBeUndefined();
    expect(cleared.notificationAuthToken).toBeUndefined();
    expect(cleared.subscribedNotificationTypes).toEqual([]);
    expect(cleared.mdmInfo).toEqual(OUR_MDM);
  });

  it('maps every rejected write to a typed error and writes nothing', async () => {
    const apple = await startApple();
    const { vppToken, locationId } = createLocation(apple);
    const { client } = clientFor(apple, vppToken);
    const unreachable = await startNotificationReceiver(500);
    await client.updateClientConfig({ mdmInfo: OUR_MDM });
    const long = (length: number) => 'x'.repeat(length);

    const cases = [
      {
        request: { notificationUrl: unreachable.url },
        errorNumber: 9710,
        kind: 'NOTIFICATION_CONFIG_REJECTED',
      },
      {
        request: { notificationUrl: `${unreachable.url}?${long(600)}`, notificationAuthToken: 's' },
        errorNumber: 9711,
        kind: 'NOTIFICATION_CONFIG_REJECTED',
      },
      {
        request: { notificationUrl: 'http://mdm.example.com/hook', notificationAuthToken: 's' },
        errorNumber: 9712,
        kind: 'NOTIFICATION_CONFIG_REJECTED',
      },
      {
        request: { notificationUrl: unreachable.url, notificationAuthToken: 's' },
        errorNumber: 9728,
        kind: 'NOTIFICATION_CONFIG_REJECTED',
      },
      { request: { mdmInfo: { ...OUR_MDM, id: '' } }, errorNumber: 9723, kind: 'INVALID_REQUEST' },
      { request: { mdmInfo: { ...OUR_MDM, id: long(101) } }, errorNumber: 9724, kind: 'LIMIT_EXCEEDED' },
      { request: { mdmInfo: { ...OUR_MDM, name: long(101) } }, errorNumber: 9725, kind: 'LIMIT_EXCEEDED' },
      {
        request: { mdmInfo: { ...OUR_MDM, metadata: long(256) } },
        errorNumber: 9713,
        kind: 'LIMIT_EXCEEDED',
      },
    ] as const;
    for (const { request, errorNumber, kind } of cases) {
      await expectAppleError(client.updateClientConfig(request), vppToken, {
        kind,
        errorNumber,
        httpStatus: 400,
        retryable: false,
        attempts: 1,
        method: 'POST',
        endpoint: '/client/config',
      });
    }

    // The unreachable URL got its TEST_NOTIFICATION, answered 500, and was not saved.
    await eventually(async () => unreachable.received.length === 1);
    const after = await client.getClientConfig();
    expect(after.notificationUrl).toBeUndefined();
    expect(after.mdmInfo).toEqual(OUR_MDM);
    expect(apple.control.describeLocation(locationId).notificationUrl).toBeNull();
  });
});
