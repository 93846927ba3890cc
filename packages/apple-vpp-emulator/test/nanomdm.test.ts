import { build } from 'plist';
import { describe, expect, it } from 'vitest';
import { request, startEmulator } from './emulator-harness.ts';

// The emulated NanoMDM's own HTTP surface, with raw requests (the contract suite drives it with the
// real client): authentication per server kind, NanoMDM's answers to bad commands, the control API.

const KEY = 'emulator-test-key';

function basic(user: string, key = KEY): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}` };
}

function commandPlist(requestType: string, uuid = 'CMD-1'): string {
  return build({ CommandUUID: uuid, Command: { RequestType: requestType } });
}

describe('emulated NanoMDM API', () => {
  it('authenticates nanomdm on /v1 and nanohub on /api/v1/nanomdm, each with the API key', async () => {
    const emulator = await startEmulator({ nanoMdm: { apiKey: KEY } });
    const device = await emulator.control('POST', '/nanomdm/devices', { serialNumber: 'S1' });
    expect(device.status).toBe(201);
    const udid: string = device.body.udid;
    const put = (path: string, headers: Record<string, string>) =>
      request(`${emulator.nanoMdmUrl}${path}/enqueue/${udid}?nopush=1`, {
        method: 'PUT',
        headers,
        body: commandPlist('ProfileList'),
      });
    expect((await put('/v1', basic('nanomdm'))).status).toBe(200);
    expect((await put('/api/v1/nanomdm', basic('nanohub'))).status).toBe(200);
    const refused = await put('/v1', basic('nanohub'));
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Basic realm="nanomdm"');
    expect((await put('/api/v1/nanomdm', basic('nanohub', 'wrong'))).status).toBe(401);
    expect((await put('/v1', {})).status).toBe(401);
    expect((await request(`${emulator.nanoMdmUrl}/v2/enqueue/${udid}`, { method: 'PUT' })).status).toBe(404);
  });

  it('answers like NanoMDM: no_push, per-id results, decoding errors as command_error 500', async () => {
    const emulator = await startEmulator({ nanoMdm: { apiKey: KEY } });
    const udid: string = (await emulator.control('POST', '/nanomdm/devices', { serialNumber: 'S1' })).body
      .udid;
    const enqueue = (ids: string, body: string, query = '') =>
      request(`${emulator.nanoMdmUrl}/v1/enqueue/${ids}${query}`, {
        method: 'PUT',
        headers: basic('nanomdm'),
        body,
      });

    expect(await enqueue(udid, commandPlist('ProfileList', 'A'), '?nopush=1')).toMatchObject({
      status: 200,
      body: { no_push: true, command_uuid: 'A', request_type: 'ProfileList' },
    });
    const pushed = await enqueue(udid, commandPlist('ProfileList', 'B'));
    expect(pushed.status).toBe(200);
    expect(pushed.body.status[udid].push_result).toMatch(/^[0-9A-F-]{36}$/);
    expect(await enqueue(`${udid},NOPE`, commandPlist('ProfileList', 'C'))).toMatchObject({
      status: 207,
      body: {
        status: {
          NOPE: { command_error: 'enrollment not found: NOPE', push_error: 'no push info for NOPE' },
        },
      },
    });
    for (const bad of [
      '',
      'not a plist',
      build({ Command: { RequestType: 'ProfileList' } }),
      build({ CommandUUID: 'X' }),
    ]) {
      const answer = await enqueue(udid, bad);
      expect(answer.status, bad).toBe(500);
      expect(answer.body.command_error).toMatch(/^decoding command: /);
    }
    expect(emulator.emulator.nanoMdm.received.map((command) => command.commandUuid)).toEqual(['A', 'B', 'C']);
  });

  it('validates control requests and never shows the secrets', async () => {
    const emulator = await startEmulator({ nanoMdm: { apiKey: KEY, webhookHmacKey: 'hmac-secret' } });
    expect((await emulator.control('POST', '/nanomdm/devices', { platform: 'iPadOS' })).status).toBe(400);
    expect(
      (await emulator.control('POST', '/nanomdm/devices', { serialNumber: 'S', platform: 'Android' })).status,
    ).toBe(400);
    expect((await emulator.control('PUT', '/nanomdm/settings', { mode: 'sideways' })).status).toBe(400);
    expect(
      (await emulator.control('POST', '/nanomdm/devices/NOPE/answers', { answers: [{ status: 'NotNow' }] }))
        .status,
    ).toBe(404);
    expect((await emulator.control('DELETE', '/nanomdm/devices/NOPE')).status).toBe(404);
    const settings = await emulator.control('PUT', '/nanomdm/settings', { checkInDelayMs: 5 });
    expect(settings.body).toMatchObject({ webhookSigned: true, checkInDelayMs: 5, mode: 'up' });
    expect(JSON.stringify(settings.body)).not.toContain('hmac-secret');
    expect(JSON.stringify(settings.body)).not.toContain(KEY);
  });

  it('records webhook deliveries, also when no receiver is configured', async () => {
    const emulator = await startEmulator();
    await emulator.control('POST', '/nanomdm/devices', { serialNumber: 'S1', platform: 'macOS' });
    await emulator.emulator.nanoMdm.idle();
    const deliveries = await emulator.control('GET', '/nanomdm/webhooks');
    expect(deliveries.body.deliveries).toMatchObject([
      { topic: 'mdm.Authenticate', signed: false, error: 'no webhook URL configured' },
      { topic: 'mdm.TokenUpdate', signed: false, error: 'no webhook URL configured' },
    ]);
  });
});
