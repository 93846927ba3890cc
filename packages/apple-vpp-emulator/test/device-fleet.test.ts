import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulator, type Emulator } from '@vpp/apple-vpp-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The emulated devices refuse an app their platform cannot run, as a real device does, and report
// the refusal over HTTP like any other command result.

const FINAL_CUT_PRO = '424389933';
const PAGES = '409201541';

let emulator: Emulator;
let server: Server;
let callbackUrl: string;
const reports: { commandId: string; serialNumber: string; status: string; error?: string }[] = [];

beforeAll(async () => {
  emulator = createEmulator({ deviceCommandDelayMs: 0, rateLimit: false });
  emulator.control.createLocation({
    orgName: 'Fleet Org',
    locationName: 'Fleet',
    type: 'BUSINESS',
    assets: [
      { adamId: FINAL_CUT_PRO, name: 'Final Cut Pro', supportedPlatforms: ['macOS'], count: 5 },
      { adamId: PAGES, name: 'Pages', supportedPlatforms: ['iOS', 'macOS'], count: 5 },
    ],
  });
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      reports.push(...(JSON.parse(body) as { events: typeof reports }).events);
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
});

afterAll(async () => {
  emulator.devices.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('device fleet platform rule', () => {
  it('refuses a macOS-only app on an iPad, installs it on a Mac, and installs an iOS app on the iPad', async () => {
    emulator.devices.configure({ models: { IPAD000001: 'iPad Air', MAC0000001: 'MacBook Pro' } });
    const command = (commandId: string, serialNumber: string, adamId: string) => ({
      commandId,
      serialNumber,
      action: 'INSTALL' as const,
      adamId,
    });
    emulator.devices.accept({
      callbackUrl,
      callbackToken: 'secret',
      commands: [
        command('c1', 'IPAD000001', FINAL_CUT_PRO),
        command('c2', 'MAC0000001', FINAL_CUT_PRO),
        command('c3', 'IPAD000001', PAGES),
        command('c4', 'UNKNOWN001', FINAL_CUT_PRO),
      ],
    });
    await emulator.devices.idle();
    const byId = Object.fromEntries(reports.map((report) => [report.commandId, report]));
    expect(byId.c1).toMatchObject({ status: 'FAILED' });
    expect(byId.c1?.error).toContain('PLATFORM_NOT_SUPPORTED');
    expect(byId.c2).toMatchObject({ status: 'INSTALLED' });
    expect(byId.c3).toMatchObject({ status: 'INSTALLED' });
    // A device the fleet knows nothing about installs what it is sent.
    expect(byId.c4).toMatchObject({ status: 'INSTALLED' });
    expect(emulator.devices.appsOn('IPAD000001')).toEqual([PAGES]);
    expect(emulator.devices.appsOn('MAC0000001')).toEqual([FINAL_CUT_PRO]);
    expect(emulator.devices.describe().models).toMatchObject({ IPAD000001: 'iPad Air' });
  });
});
