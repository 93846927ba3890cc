import type { AddressInfo } from 'node:net';
import { createEmulator, type Emulator } from '@vpp/apple-vpp-emulator';
import { buildDeviceInformation } from '@vpp/nanomdm-client/commands';
import { createNanoMdmClient } from '@vpp/nanomdm-client/enqueue';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../apps/api/test/test-app.ts';
import { waitFor } from './product-under-test.ts';

// Devices learned from NanoMDM: the emulated NanoMDM sends its webhooks to the API over loopback,
// signed as NanoMDM signs them; the API checks the signature and records the devices.

const HMAC_KEY = 'integration-webhook-hmac-key';
const API_KEY = 'integration-nanomdm-api-key';

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

async function start(options: { emulatorKey?: string | undefined; allowUnsigned?: boolean } = {}) {
  const emulator: Emulator = createEmulator({
    rateLimit: false,
    nanoMdm: { apiKey: API_KEY, checkInDelayMs: 10 },
  });
  running.push(emulator);
  const started = await emulator.start({ port: 0, host: '127.0.0.1' });
  const app: TestApp = await startTestApp({
    MDM_KIND: 'nanomdm',
    MDM_URL: started.nanoMdmUrl,
    MDM_API_KEY: API_KEY,
    ...(options.allowUnsigned ? { MDM_WEBHOOK_ALLOW_UNSIGNED: 'true' } : { MDM_WEBHOOK_HMAC_KEY: HMAC_KEY }),
  });
  const server = app.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  running.push({
    close: async () => {
      await new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      });
      await app.close();
    },
  });
  const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/mdm/nanomdm/webhook`;
  emulator.nanoMdm.configure({
    webhookUrl,
    webhookHmacKey: 'emulatorKey' in options ? (options.emulatorKey ?? null) : HMAC_KEY,
  });
  const admin = await app.signedInAgent('admin');
  const enroll = async (body: Record<string, unknown>) => {
    const device = emulator.nanoMdm.enroll(body as { serialNumber: string });
    await emulator.nanoMdm.idle();
    return device.udid;
  };
  return {
    emulator,
    started,
    app,
    admin,
    enroll,
    device: (serialNumber: string) => app.database.prisma.device.findUnique({ where: { serialNumber } }),
  };
}

describe('devices learned from NanoMDM webhooks', () => {
  it('Authenticate and TokenUpdate create the device with serial number, UDID, name, model and OS', async () => {
    const product = await start();
    const udid = await product.enroll({
      serialNumber: 'DMPXL0000001',
      platform: 'iPadOS',
      deviceName: 'Lab iPad 1',
    });
    expect(product.emulator.nanoMdm.webhookDeliveries.map((delivery) => delivery.httpStatus)).toEqual([
      200, 200,
    ]);
    expect(await product.device('DMPXL0000001')).toMatchObject({
      serialNumber: 'DMPXL0000001',
      udid,
      name: 'Lab iPad 1',
      model: 'iPad',
      osVersion: '18.1',
      mdmStatus: 'ENROLLED',
      lastSeenAt: expect.any(Date),
    });
    const list = await product.admin.get('/api/devices').query({ search: 'DMPXL0000001' });
    expect(list.status).toBe(200);
    expect(list.body.items).toMatchObject([
      {
        serialNumber: 'DMPXL0000001',
        name: 'Lab iPad 1',
        model: 'iPad',
        mdm: {
          udid,
          osVersion: '18.1',
          status: 'ENROLLED',
          lastSeenAt: expect.any(String),
          unenrolledAt: null,
        },
      },
    ]);
  });

  it('a device typed in or imported before is completed, not duplicated; its model is kept', async () => {
    const product = await start();
    const created = await product.admin
      .post('/api/devices')
      .send({ serialNumber: 'C02MT66KFLHH', name: 'Reception Mac', model: 'MacBook Air (M2, 2022)' });
    expect(created.status).toBe(201);
    const udid = await product.enroll({
      serialNumber: 'C02MT66KFLHH',
      platform: 'macOS',
      deviceName: 'Front desk',
    });
    expect(await product.app.database.prisma.device.count()).toBe(1);
    expect(await product.device('C02MT66KFLHH')).toMatchObject({
      id: created.body.id,
      udid,
      name: 'Front desk',
      model: 'MacBook Air (M2, 2022)',
      osVersion: '15.1',
      mdmStatus: 'ENROLLED',
    });
  });

  it('CheckOut marks the device unenrolled; enrolling again brings it back', async () => {
    const product = await start();
    const udid = await product.enroll({ serialNumber: 'DMPXL0000002' });
    product.emulator.nanoMdm.unenroll(udid);
    await product.emulator.nanoMdm.idle();
    expect(await product.device('DMPXL0000002')).toMatchObject({
      mdmStatus: 'UNENROLLED',
      unenrolledAt: expect.any(Date),
    });
    const shown = await product.admin.get('/api/devices').query({ search: 'DMPXL0000002' });
    expect(shown.body.items[0].mdm).toMatchObject({ status: 'UNENROLLED', unenrolledAt: expect.any(String) });
    await product.enroll({ serialNumber: 'DMPXL0000002', udid });
    expect(await product.device('DMPXL0000002')).toMatchObject({ mdmStatus: 'ENROLLED', unenrolledAt: null });
  });

  it('a DeviceInformation answer refreshes the device; duplicate webhooks change nothing more', async () => {
    const product = await start();
    const udid = await product.enroll({ serialNumber: 'DMPXL0000003' });
    product.emulator.nanoMdm.configure({ duplicateWebhooks: true });
    const device = product.emulator.nanoMdm.devices.get(udid);
    if (device === undefined) throw new Error('no device');
    device.deviceName = 'Renamed on the device';
    device.osVersion = '18.2';
    const client = createNanoMdmClient({ kind: 'nanomdm', url: product.started.nanoMdmUrl, apiKey: API_KEY });
    await client.enqueue([udid], buildDeviceInformation());
    await waitFor(async () => (await product.device('DMPXL0000003'))?.osVersion === '18.2');
    await product.emulator.nanoMdm.idle();
    expect(await product.device('DMPXL0000003')).toMatchObject({ name: 'Renamed on the device', udid });
    await product.enroll({ serialNumber: 'DMPXL0000003', udid });
    expect(await product.app.database.prisma.device.count()).toBe(1);
    expect(product.emulator.nanoMdm.webhookDeliveries.every((delivery) => delivery.httpStatus === 200)).toBe(
      true,
    );
  });

  it('a wrong or missing signature gets 401 and changes nothing', async () => {
    const wrong = await start({ emulatorKey: 'not-the-shared-key-at-all' });
    await wrong.enroll({ serialNumber: 'EVIL0000001' });
    expect(wrong.emulator.nanoMdm.webhookDeliveries.map((delivery) => delivery.httpStatus)).toEqual([
      401, 401,
    ]);
    expect(await wrong.app.database.prisma.device.count()).toBe(0);

    const unsigned = await start({ emulatorKey: undefined });
    await unsigned.enroll({ serialNumber: 'EVIL0000002' });
    expect(unsigned.emulator.nanoMdm.webhookDeliveries.map((delivery) => delivery.httpStatus)).toEqual([
      401, 401,
    ]);
    expect(await unsigned.app.database.prisma.device.count()).toBe(0);

    const response = await unsigned.admin
      .post('/api/mdm/nanomdm/webhook')
      .set('content-type', 'application/json')
      .set('x-hmac-signature', 'AAAA')
      .send('{"topic":"mdm.CheckOut"}');
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.code).toBe('UNAUTHENTICATED');
  });

  it('unsigned webhooks pass only when explicitly allowed; a bad body is a 400 problem', async () => {
    const product = await start({ emulatorKey: undefined, allowUnsigned: true });
    await product.enroll({ serialNumber: 'TRUSTED00001' });
    expect(await product.device('TRUSTED00001')).toMatchObject({ mdmStatus: 'ENROLLED' });
    const response = await product.admin
      .post('/api/mdm/nanomdm/webhook')
      .set('content-type', 'application/json')
      .send('{"topic":"mdm.Connect","acknowledge_event":{"status":"Acknowledged","raw_payload":"%%"}}');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
  });
});
