import { describe, expect, it } from 'vitest';
import { createTestLocation, request, startEmulator } from './emulator-harness.ts';

describe('authentication (9601, 9722, 9621, 9625)', () => {
  it('answers 9601 / 401 without an Authorization header', async () => {
    const server = await startEmulator();
    const response = await server.apple(undefined).get('/assets');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ errorNumber: 9601, errorMessage: 'Login required.' });
  });

  it('answers 9722 / 401 for a header that is not "Bearer {sToken}"', async () => {
    const server = await startEmulator();
    const { vppToken } = createTestLocation(server.emulator);
    for (const header of [`Basic ${vppToken}`, vppToken, 'Bearer', 'Bearer a b']) {
      const response = await request(`${server.baseUrl}/assets`, { headers: { authorization: header } });
      expect(response.status, header).toBe(401);
      expect(response.body.errorNumber, header).toBe(9722);
    }
  });

  it('answers 9601 / 401 for a token it never issued, including the inner token alone', async () => {
    const server = await startEmulator();
    const { vppToken } = createTestLocation(server.emulator);
    const inner = JSON.parse(Buffer.from(vppToken, 'base64').toString('utf8')).token as string;
    for (const token of ['bm90LWEtdG9rZW4=', inner]) {
      const response = await server.apple(token).get('/assets');
      expect(response.status).toBe(401);
      expect(response.body.errorNumber).toBe(9601);
    }
  });

  it('answers 9621 / 401 once the token has expired, and 9625 / 401 once revoked', async () => {
    const server = await startEmulator();
    const { locationId, vppToken } = createTestLocation(server.emulator);
    const api = server.apple(vppToken);
    expect((await api.get('/assets')).status).toBe(200);

    server.emulator.control.expireToken(locationId);
    const expired = await api.get('/assets');
    expect([expired.status, expired.body.errorNumber]).toEqual([401, 9621]);

    server.emulator.control.revokeToken(locationId);
    const revoked = await api.get('/assets');
    expect([revoked.status, revoked.body.errorNumber]).toEqual([401, 9625]);
  });

  it('keeps the old token valid after a renewal unless asked to revoke it', async () => {
    const server = await startEmulator();
    const { locationId, vppToken } = createTestLocation(server.emulator);
    const renewed = server.emulator.control.renewToken(locationId);
    expect(renewed.vppToken).not.toBe(vppToken);
    expect((await server.apple(vppToken).get('/assets')).status).toBe(200);
    expect((await server.apple(renewed.vppToken).get('/assets')).status).toBe(200);

    const third = server.emulator.control.renewToken(locationId, { revokePrevious: true });
    expect((await server.apple(renewed.vppToken).get('/assets')).body.errorNumber).toBe(9625);
    expect((await server.apple(third.vppToken).get('/assets')).status).toBe(200);
  });

  it('can answer auth errors with HTTP 200 and an error body (Fleet quirk)', async () => {
    const server = await startEmulator({ quirks: { authErrorsWithHttp200: true } });
    const response = await server.apple('bm9wZQ==').get('/assets');
    expect(response.status).toBe(200);
    expect(response.body.errorNumber).toBe(9601);
  });
});

describe('every authenticated answer', () => {
  it('carries uId and tokenExpirationDate, and mdmInfo once set', async () => {
    const server = await startEmulator();
    const { vppToken, uId } = createTestLocation(server.emulator, { expiresAt: '2030-11-08T22:33:22Z' });
    const api = server.apple(vppToken);
    const reads = async () => [
      await api.get('/client/config'),
      await api.get('/assets'),
      await api.get('/assignments'),
      await api.get('/users'),
      await api.post('/assets/associate', { assets: [{ adamId: '1000000001' }], serialNumbers: ['S1'] }),
    ];
    for (const response of await reads()) {
      expect(response.status).toBe(200);
      expect(response.body.uId).toBe(uId);
      expect(response.body.tokenExpirationDate).toBe('2030-11-08T22:33:22+0000');
      expect(response.body.mdmInfo).toBeUndefined();
    }

    const mdmInfo = { id: 'console-1', name: 'VPP Console', metadata: '1.0.0' };
    expect((await api.post('/client/config', { mdmInfo })).status).toBe(200);
    const answers = await reads();
    const status = await api.get('/status', { eventId: answers[4]?.body.eventId });
    for (const response of [...answers, status]) expect(response.body.mdmInfo).toEqual(mdmInfo);
  });
});

describe('HTTP method, content type and body', () => {
  it('answers 9726 / 405 for a method an endpoint does not take', async () => {
    const server = await startEmulator();
    const { vppToken } = createTestLocation(server.emulator);
    const headers = { authorization: `Bearer ${vppToken}` };
    for (const [method, path] of [
      ['POST', '/assets'],
      ['GET', '/assets/associate'],
      ['DELETE', '/client/config'],
      ['PUT', '/service/config'],
    ] as const) {
      const response = await request(`${server.baseUrl}${path}`, { method, headers });
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.body.errorNumber).toBe(9726);
    }
  });

  it('answers 9727 / 415 for a write that is not application/json', async () => {
    const server = await startEmulator();
    const { vppToken } = createTestLocation(server.emulator);
    const response = await request(`${server.baseUrl}/assets/associate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${vppToken}`, 'content-type': 'text/plain' },
      body: '{"assets":[]}',
    });
    expect([response.status, response.body.errorNumber]).toEqual([415, 9727]);
  });

  it('answers 9602 / 400 for a body that is not valid JSON or has the wrong shape', async () => {
    const server = await startEmulator();
    const { vppToken } = createTestLocation(server.emulator);
    const broken = await request(`${server.baseUrl}/users/create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${vppToken}`, 'content-type': 'application/json' },
      body: '{"users": [',
    });
    expect([broken.status, broken.body.errorNumber]).toEqual([400, 9602]);
    const wrongShape = await server.apple(vppToken).post('/users/create', { users: 'everyone' });
    expect([wrongShape.status, wrongShape.body.errorNumber]).toEqual([400, 9602]);
  });

  it('answers 404 for a path Apple does not have', async () => {
    const server = await startEmulator();
    expect((await request(`${server.baseUrl}/licenses`)).status).toBe(404);
  });
});
