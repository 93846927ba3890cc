import { describe, expect, it } from 'vitest';
import { APPLE_ERRORS } from '../src/apple/apple-errors.ts';
import { DEFAULT_SERVICE_LIMITS } from '../src/apple/service-limits.ts';
import { createTestLocation, request, startEmulator } from './emulator-harness.ts';

describe('GET /service/config', () => {
  it('needs no token and lists error codes, limits, notification types and URLs on the emulator', async () => {
    const server = await startEmulator();
    const response = await request(`${server.baseUrl}/service/config`);
    expect(response.status).toBe(200);
    const config = response.body;
    expect(config.limits).toEqual(DEFAULT_SERVICE_LIMITS);
    expect(config.limits.maxRequestPerSecond).toBe(15);
    expect(config.notificationTypes).toEqual([
      'ASSET_MANAGEMENT',
      'USER_MANAGEMENT',
      'USER_ASSOCIATED',
      'ASSET_COUNT',
    ]);
    const numbers = config.errorCodes.map((code: { errorNumber: number }) => code.errorNumber);
    for (const number of [
      9601, 9609, 9621, 9625, 9646, 9650, 9700, 9707, 9709, 9721, 9722, 9726, 9727, 9728,
    ]) {
      expect(numbers).toContain(number);
    }
    expect(
      config.errorCodes.find((code: { errorNumber: number }) => code.errorNumber === 9709).errorMessage,
    ).toBe(APPLE_ERRORS[9709].message);
    expect(config.urls).toMatchObject({
      getAssets: `${server.baseUrl}/assets`,
      getAssignments: `${server.baseUrl}/assignments`,
      associateAssets: `${server.baseUrl}/assets/associate`,
      disassociateAssets: `${server.baseUrl}/assets/disassociate`,
      revokeAssets: `${server.baseUrl}/assets/revoke`,
      clientConfig: `${server.baseUrl}/client/config`,
      eventStatus: `${server.baseUrl}/status`,
      getUsers: `${server.baseUrl}/users`,
      createUsers: `${server.baseUrl}/users/create`,
      updateUsers: `${server.baseUrl}/users/update`,
      retireUsers: `${server.baseUrl}/users/retire`,
    });
    expect(config.urls.invitationEmail).toContain('%25inviteCode%25');
    expect(config.urls.contentMetadataLookup.startsWith(server.origin)).toBe(true);
    // The lookup URL works against the emulator itself.
    const { vppToken } = createTestLocation(server.emulator);
    expect(vppToken).toBeTruthy();
    const lookup = await request(`${config.urls.contentMetadataLookup}?version=2&id=1000000001&p=mdm-lockup`);
    expect(lookup.body.results['1000000001'].name).toBe('Device App');
  });

  it('reports limits given as options and changed through the control API', async () => {
    const server = await startEmulator({ limits: { maxAssets: 2 } });
    expect((await request(`${server.baseUrl}/service/config`)).body.limits.maxAssets).toBe(2);
    const changed = await server.control('PUT', '/limits', { maxSerialNumbers: 3 });
    expect(changed.body.maxSerialNumbers).toBe(3);
    expect((await request(`${server.baseUrl}/service/config`)).body.limits.maxSerialNumbers).toBe(3);
    expect((await server.control('PUT', '/limits', { maxWidgets: 3 })).status).toBe(400);
  });

  it('uses the configured public base URL in urls', async () => {
    const server = await startEmulator({ publicBaseUrl: 'https://vpp.test.example/' });
    const { urls } = (await request(`${server.baseUrl}/service/config`)).body;
    expect(urls.getAssets).toBe('https://vpp.test.example/mdm/v2/assets');
    expect(urls.contentMetadataLookup).toBe(
      'https://vpp.test.example/WebObjects/MZStorePlatform.woa/wa/lookup',
    );
  });
});
