import { describe, expect, it } from 'vitest';
import { decodeVppToken } from '../src/apple/vpp-token.ts';
import { request, startEmulator } from './emulator-harness.ts';

const newLocation = {
  orgName: 'Contoso Schools',
  locationName: 'Riverside Primary',
  type: 'EDUCATION',
  expiresAt: '2031-03-04T05:06:07Z',
  assets: [
    { adamId: '2000000001', name: 'Maths Quest', count: 3 },
    { adamId: '2000000002', name: 'Reading Book', productType: 'Book', count: 2 },
  ],
  users: [{ clientUserId: 'pupil-1', email: 'p1@contoso.example' }],
};

describe('control API: locations', () => {
  it('creates a location and returns its id, uId and .vpptoken content', async () => {
    const server = await startEmulator();
    const created = await server.control('POST', '/locations', newLocation);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      locationId: expect.any(String),
      uId: expect.stringMatching(/^\d{16}$/),
      vppToken: expect.any(String),
    });
    const decoded = decodeVppToken(created.body.vppToken);
    expect(decoded).toMatchObject({ expDate: '2031-03-04T05:06:07+0000', orgName: 'Contoso Schools' });
    expect(decoded?.token.length).toBeGreaterThan(20);

    const config = await server.apple(created.body.vppToken).get('/client/config');
    expect(config.body).toMatchObject({
      locationName: 'Riverside Primary',
      uId: created.body.uId,
      defaultPlatform: 'volumestore',
    });

    const file = await request(`${server.controlUrl}/locations/${created.body.locationId}/token`);
    expect(file.body).toBe(created.body.vppToken);
    expect(file.headers.get('content-disposition')).toContain('.vpptoken');
  });

  it('lists locations with ids, names and counts', async () => {
    const server = await startEmulator();
    const created = (await server.control('POST', '/locations', newLocation)).body;
    await server.control('POST', `/locations/${created.locationId}/assignments`, {
      add: [{ adamId: '2000000001', serialNumber: 'DEV1' }],
    });
    const listed = await server.control('GET', '/locations');
    expect(listed.body.locations).toEqual([
      expect.objectContaining({
        locationId: created.locationId,
        uId: created.uId,
        orgName: 'Contoso Schools',
        locationName: 'Riverside Primary',
        type: 'EDUCATION',
        vppToken: created.vppToken,
        tokenState: 'valid',
        counts: { assets: 2, assignments: 1, users: 1, pendingEvents: 0 },
      }),
    ]);
  });

  it('returns the full state in Apple’s shapes, matching what the API serves', async () => {
    const server = await startEmulator();
    const created = (await server.control('POST', '/locations', newLocation)).body;
    const api = server.apple(created.vppToken);
    await api.postAndWait('/assets/associate', {
      assets: [{ adamId: '2000000001' }],
      serialNumbers: ['B', 'A'],
    });
    await api.postAndWait('/assets/associate', {
      assets: [{ adamId: '2000000002' }],
      clientUserIds: ['pupil-1'],
    });
    const state = (await server.control('GET', `/locations/${created.locationId}/state`)).body;
    expect(state.assignments).toEqual([
      { adamId: '2000000001', pricingParam: 'STDQ', serialNumber: 'A' },
      { adamId: '2000000001', pricingParam: 'STDQ', serialNumber: 'B' },
      { adamId: '2000000002', pricingParam: 'STDQ', clientUserId: 'pupil-1' },
    ]);
    const assets = (await api.get('/assets')).body.assets;
    expect(state.assets.map(({ unlimited: _, ...asset }: { unlimited: boolean }) => asset)).toEqual(assets);
    expect(state.users).toEqual((await api.get('/users')).body.users);
    expect(state.versionIds.assignments).toBe((await api.get('/assignments')).body.versionId);
  });

  it('answers 404 for an unknown location and 400 for a bad body', async () => {
    const server = await startEmulator();
    expect((await server.control('GET', '/locations/loc-404/state')).status).toBe(404);
    const bad = await server.control('POST', '/locations', { orgName: 'x', type: 'SCHOOL' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('type');
    expect((await server.control('GET', '/nothing-here')).status).toBe(404);
  });
});

describe('control API: what happens outside the console', () => {
  it('records purchases and refunds, creating new assets on first purchase', async () => {
    const server = await startEmulator();
    const { locationId, vppToken } = (await server.control('POST', '/locations', newLocation)).body;
    const bought = await server.control('POST', `/locations/${locationId}/purchases`, {
      adamId: '2000000001',
      count: 7,
    });
    expect(bought.body).toMatchObject({ totalCount: 10, availableCount: 10, retiredCount: 0 });
    const refunded = await server.control('POST', `/locations/${locationId}/purchases`, {
      adamId: '2000000001',
      count: -4,
    });
    expect(refunded.body).toMatchObject({ totalCount: 6, availableCount: 6, retiredCount: 4 });
    const tooMuch = await server.control('POST', `/locations/${locationId}/purchases`, {
      adamId: '2000000001',
      count: -7,
    });
    expect(tooMuch.status).toBe(409);
    const unknownRefund = await server.control('POST', `/locations/${locationId}/purchases`, {
      adamId: '2000000009',
      count: -1,
    });
    expect(unknownRefund.status).toBe(404);
    const fresh = await server.control('POST', `/locations/${locationId}/purchases`, {
      adamId: '2000000009',
      name: 'New Mac App',
      supportedPlatforms: ['macOS'],
      count: 2,
    });
    expect(fresh.body).toMatchObject({ adamId: '2000000009', supportedPlatforms: ['macOS'], totalCount: 2 });
    expect((await server.apple(vppToken).get('/assets', { adamId: '2000000009' })).body.assets).toHaveLength(
      1,
    );
  });

  it('adds and removes assignments as Apple School Manager would, within the licences', async () => {
    const server = await startEmulator();
    const { locationId, vppToken } = (await server.control('POST', '/locations', newLocation)).body;
    const path = `/locations/${locationId}/assignments`;
    const added = await server.control('POST', path, {
      add: [
        { adamId: '2000000001', serialNumber: 'DEV1' },
        { adamId: '2000000002', clientUserId: 'pupil-1' },
      ],
    });
    expect(added.body).toMatchObject({ added: 2, removed: 0, versionId: expect.any(String) });
    const removed = await server.control('POST', path, {
      remove: [{ adamId: '2000000001', serialNumber: 'DEV1' }],
    });
    expect(removed.body).toMatchObject({ added: 0, removed: 1 });
    expect((await server.apple(vppToken).get('/assignments')).body.assignments).toEqual([
      { adamId: '2000000002', pricingParam: 'STDQ', clientUserId: 'pupil-1' },
    ]);

    const overLimit = await server.control('POST', path, {
      add: ['D1', 'D2', 'D3', 'D4'].map((serialNumber) => ({ adamId: '2000000001', serialNumber })),
    });
    expect(overLimit.status).toBe(409);
    expect(
      (await server.control('POST', path, { add: [{ adamId: '2000000002', serialNumber: 'D1' }] })).status,
    ).toBe(400);
    expect(
      (await server.control('POST', path, { add: [{ adamId: '2000000001', clientUserId: 'ghost' }] })).status,
    ).toBe(400);
    expect((await server.control('POST', path, { add: [{ adamId: '2000000001' }] })).status).toBe(400);
  });

  it('revokes, expires and renews tokens and lets another MDM claim the location', async () => {
    const server = await startEmulator();
    const { locationId, vppToken } = (await server.control('POST', '/locations', newLocation)).body;
    const api = server.apple(vppToken);

    const soon = await server.control('POST', `/locations/${locationId}/expire`, {
      expiresAt: '2099-01-01T00:00:00Z',
    });
    expect(soon.body.tokenExpirationDate).toBe('2099-01-01T00:00:00+0000');
    expect((await api.get('/assets')).body.tokenExpirationDate).toBe('2099-01-01T00:00:00+0000');

    expect((await server.control('POST', `/locations/${locationId}/expire`)).body.tokenState).toBe('expired');
    expect((await api.get('/assets')).body.errorNumber).toBe(9621);

    const renewed = await server.control('POST', `/locations/${locationId}/renew`, {});
    expect((await server.apple(renewed.body.vppToken).get('/assets')).status).toBe(200);

    const claimed = await server.control('POST', `/locations/${locationId}/claim`);
    expect(claimed.body.mdmInfo).toMatchObject({ name: 'Another MDM' });

    expect((await server.control('POST', `/locations/${locationId}/revoke`)).body.tokenState).toBe('revoked');
    expect((await server.apple(renewed.body.vppToken).get('/assets')).body.errorNumber).toBe(9625);
  });
});
