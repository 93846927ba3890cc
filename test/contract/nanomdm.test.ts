import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulator, type Emulator, type StartedEmulator } from '@vpp/apple-vpp-emulator';
import {
  buildDeviceInformation,
  buildInstallApplication,
  buildManagedApplicationList,
  buildRemoveApplication,
} from '@vpp/nanomdm-client/commands';
import { createNanoMdmClient, type NanoMdmServerKind } from '@vpp/nanomdm-client/enqueue';
import { NanoMdmError } from '@vpp/nanomdm-client/errors';
import { sendToEnrollments } from '@vpp/nanomdm-client/send';
import { type NanoMdmWebhookEvent, parseNanoMdmWebhook } from '@vpp/nanomdm-client/webhook';
import { checkWebhookAuthenticity, verifyWebhookSignature } from '@vpp/nanomdm-client/webhook-signature';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from './harness.ts';

// The NanoMDM client and webhook parser (`@vpp/nanomdm-client`) against the emulated NanoMDM of
// `@vpp/apple-vpp-emulator`, over loopback HTTP both ways: commands go to its enqueue API, results
// come back as signed webhooks to a receiver that checks them as the console's endpoint will. The
// devices' licenses are the emulated Apple's assignments, so "license first" is part of the contract.

const API_KEY = 'contract-api-key';
const HMAC_KEY = 'contract-hmac-key';
const PAGES = { adamId: '361309726', bundleId: 'com.apple.Pages' };
const MAC_ONLY = { adamId: '497799835', bundleId: 'com.apple.dt.Xcode' };

const running: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

interface Received {
  body: string;
  signature: string | undefined;
  event: NanoMdmWebhookEvent;
}

/** The console's side of the webhook: raw bodies with their signature, parsed by the client package. */
async function startReceiver() {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const parsed = parseNanoMdmWebhook(body);
      if (parsed.ok) {
        const signature = req.headers['x-hmac-signature'];
        received.push({
          body,
          signature: typeof signature === 'string' ? signature : undefined,
          event: parsed.event,
        });
      }
      res.statusCode = parsed.ok ? 200 : 400;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  running.push({
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/mdm/nanomdm/webhook`,
    received,
  };
}

interface Setup {
  emulator: Emulator;
  started: StartedEmulator;
  receiver: Awaited<ReturnType<typeof startReceiver>>;
  client: ReturnType<typeof createNanoMdmClient>;
  control(path: string, init?: { method?: string; body?: unknown }): Promise<unknown>;
  /** The command results for one CommandUUID, in arrival order. */
  results(commandUuid: string): Extract<NanoMdmWebhookEvent, { type: 'command-result' }>[];
}

async function setUp(options: { kind?: NanoMdmServerKind; hmacKey?: string | null } = {}): Promise<Setup> {
  const receiver = await startReceiver();
  const emulator = createEmulator({
    rateLimit: false,
    eventDelayMs: 50,
    nanoMdm: {
      apiKey: API_KEY,
      webhookUrl: receiver.url,
      ...(options.hmacKey === null ? {} : { webhookHmacKey: options.hmacKey ?? HMAC_KEY }),
      checkInDelayMs: 20,
    },
  });
  running.push(emulator);
  const started = await emulator.start({ port: 0, host: '127.0.0.1' });
  // Apple: Pages (iOS and macOS) and a macOS-only app, with device licenses to hand out.
  const location = emulator.control.createLocation({
    orgName: 'Acme',
    locationName: 'HQ',
    type: 'BUSINESS',
    assets: [
      {
        adamId: PAGES.adamId,
        name: 'Pages',
        bundleId: PAGES.bundleId,
        supportedPlatforms: ['iOS', 'macOS'],
        count: 10,
      },
      {
        adamId: MAC_ONLY.adamId,
        name: 'Xcode',
        bundleId: MAC_ONLY.bundleId,
        supportedPlatforms: ['macOS'],
        count: 10,
      },
    ],
    assignments: [
      { adamId: PAGES.adamId, serialNumber: 'IPAD0001' },
      { adamId: PAGES.adamId, serialNumber: 'IPAD0002' },
      { adamId: PAGES.adamId, serialNumber: 'MAC00001' },
      { adamId: MAC_ONLY.adamId, serialNumber: 'IPAD0001' },
    ],
  });
  expect(location.locationId).toBeTruthy();
  const client = createNanoMdmClient({
    kind: options.kind ?? 'nanomdm',
    url: started.nanoMdmUrl,
    apiKey: API_KEY,
    timeoutMs: 3_000,
  });
  return {
    emulator,
    started,
    receiver,
    client,
    async control(path, init = {}) {
      const response = await fetch(`${started.controlUrl}/nanomdm${path}`, {
        method: init.method ?? 'GET',
        headers: { 'content-type': 'application/json' },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      expect(response.status, `${init.method ?? 'GET'} ${path}`).toBeLessThan(300);
      return response.json();
    },
    results: (commandUuid) =>
      receiver.received
        .map((entry) => entry.event)
        .filter(
          (event): event is Extract<NanoMdmWebhookEvent, { type: 'command-result' }> =>
            event.type === 'command-result' && event.commandUuid === commandUuid,
        ),
  };
}

async function enroll(setup: Setup, serialNumber: string, platform: 'iPadOS' | 'macOS' | 'iOS' = 'iPadOS') {
  const device = (await setup.control('/devices', { method: 'POST', body: { serialNumber, platform } })) as {
    udid: string;
  };
  await setup.emulator.nanoMdm.idle();
  return device.udid;
}

/** Waits until a result other than NotNow arrived for the command. */
function finalResult(setup: Setup, commandUuid: string) {
  return eventually(async () => setup.results(commandUuid).find((event) => event.status !== 'NotNow'));
}

async function failureOf(promise: Promise<unknown>): Promise<NanoMdmError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(NanoMdmError);
  expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain(API_KEY);
  return error as NanoMdmError;
}

describe('NanoMDM contract: enrolment', () => {
  it('sends Authenticate and TokenUpdate on enrol, signed, with the serial number ↔ UDID mapping', async () => {
    const setup = await setUp();
    const udid = await enroll(setup, 'IPAD0001');
    const checkins = setup.receiver.received.filter((entry) => entry.event.type === 'checkin');
    expect(checkins.map((entry) => entry.event.type === 'checkin' && entry.event.messageType)).toEqual([
      'Authenticate',
      'TokenUpdate',
    ]);
    for (const entry of checkins)
      expect(verifyWebhookSignature(entry.body, entry.signature, HMAC_KEY)).toBe(true);
    expect(checkins[0]?.event).toMatchObject({
      topic: 'mdm.Authenticate',
      enrollmentId: udid,
      device: { serialNumber: 'IPAD0001', udid, modelName: 'iPad', platform: 'iPadOS' },
    });
    expect(checkins[1]?.event).toMatchObject({
      topic: 'mdm.TokenUpdate',
      enrollmentId: udid,
      tokenUpdateTally: 1,
    });
  });

  it('reports CheckOut on unenrol; the apps go with the profile and the enrollment takes no commands', async () => {
    const setup = await setUp();
    const udid = await enroll(setup, 'IPAD0001');
    const install = buildInstallApplication({ iTunesStoreId: PAGES.adamId, platform: 'iPadOS' });
    await setup.client.enqueue([udid], install);
    expect(await finalResult(setup, install.commandUuid)).toMatchObject({ status: 'Acknowledged' });

    await setup.control(`/devices/${udid}`, { method: 'DELETE' });
    await setup.emulator.nanoMdm.idle();
    expect(setup.receiver.received.at(-1)?.event).toMatchObject({
      type: 'checkin',
      messageType: 'CheckOut',
      enrollmentId: udid,
    });
    expect(await setup.control(`/devices/${udid}`)).toMatchObject({ enrolled: false, apps: [] });
    const error = await failureOf(setup.client.enqueue([udid], buildManagedApplicationList()));
    expect(error).toMatchObject({ kind: 'ENQUEUE_FAILED', httpStatus: 500, failedIds: [{ id: udid }] });
  });
});

describe('NanoMDM contract: commands', () => {
  it('installs a licensed app: 200, Acknowledged, then confirmed by ManagedApplicationList', async () => {
    const setup = await setUp();
    const udid = await enroll(setup, 'IPAD0001');
    const install = buildInstallApplication({ iTunesStoreId: PAGES.adamId, platform: 'iPadOS' });
    const outcome = await setup.client.enqueue([udid], install);
    expect(outcome).toMatchObject({
      httpStatus: 200,
      commandUuid: install.commandUuid,
      requestType: 'InstallApplication',
      queued: [udid],
      notQueued: [],
      notPushed: [],
    });
    expect(await finalResult(setup, install.commandUuid)).toMatchObject({
      status: 'Acknowledged',
      enrollmentId: udid,
      installApplication: { bundleId: PAGES.bundleId, state: 'Managed' },
    });
    // What the emulator received is the command as built: integer store id, VPP purchase method.
    expect(setup.emulator.nanoMdm.received.at(-1)).toMatchObject({
      udids: [udid],
      commandUuid: install.commandUuid,
      command: { iTunesStoreID: Number(PAGES.adamId), Options: { PurchaseMethod: 1 }, ManagementFlags: 1 },
    });

    const list = buildManagedApplicationList({ bundleIds: [PAGES.bundleId] });
    await setup.client.enqueue([udid], list);
    expect(await finalResult(setup, list.commandUuid)).toMatchObject({
      status: 'Acknowledged',
      managedApplications: [{ bundleId: PAGES.bundleId, status: 'Managed', managementFlags: 1 }],
    });
  });

  it('answers DeviceInformation with name, OS and model', async () => {
    const setup = await setUp({ kind: 'nanohub' });
    const udid = await enroll(setup, 'MAC00001', 'macOS');
    const info = buildDeviceInformation();
    await setup.client.enqueue([udid], info);
    expect(await finalResult(setup, info.commandUuid)).toMatchObject({
      status: 'Acknowledged',
      deviceInformation: {
        serialNumber: 'MAC00001',
        udid,
        modelName: 'MacBook Air',
        platform: 'macOS',
        osVersion: '15.1',
      },
    });
  });

  it('installs as managed on macOS, removes on RemoveApplication, and refuses to remove what is not there', async () => {
    const setup = await setUp();
    const udid = await enroll(setup, 'MAC00001', 'macOS');
    const install = buildInstallApplication({ iTunesStoreId: PAGES.adamId, platform: 'macOS' });
    await setup.client.enqueue([udid], install);
    expect(await finalResult(setup, install.commandUuid)).toMatchObject({ status: 'Acknowledged' });
    const remove = buildRemoveApplication({ bundleId: PAGES.bundleId });
    await setup.client.enqueue([udid], remove);
    expect(await finalResult(setup, remove.commandUuid)).toMatchObject({ status: 'Acknowledged' });
    expect(await setup.control(`/devices/${udid}`)).toMatchObject({ apps: [] });
    const again = buildRemoveApplication({ bundleId: PAGES.bundleId });
    await setup.client.enqueue([udid], again);
    const error = await finalResult(setup, again.commandUuid);
    expect(error).toMatchObject({ status: 'Error' });
    expect(error.errorText).toContain('is not managed');
  });

  it('207: some enrollments queued, the others named with the reason', async () => {
    const setup = await setUp();
    const first = await enroll(setup, 'IPAD0001');
    const second = await enroll(setup, 'IPAD0002');
    await setup.control('/settings', { method: 'PUT', body: { enqueueFailIds: [second] } });
    const install = buildInstallApplication({ iTunesStoreId: PAGES.adamId, platform: 'iPadOS' });
    const outcome = await setup.client.enqueue([first, second, 'UNKNOWN-UDID'], install);
    expect(outcome.httpStatus).toBe(207);
    expect(outcome.queued).toEqual([first]);
    expect(outcome.notQueued.map((entry) => entry.id)).toEqual([second, 'UNKNOWN-UDID']);
    expect(outcome.notQueued[1]?.reason).toContain('enrollment not found');
    expect(await finalResult(setup, install.commandUuid)).toMatchObject({
      enrollmentId: first,
      status: 'Acknowledged',
    });
  });

  it('a failed push leaves the command queued until the device is pushed again', async () => {
    const setup = await setUp();
    const udid = await enroll(setup, 'IPAD0001');
    await setup.control('/settings', { method: 'PUT', body: { pushFailIds: [udid] } });
    const install = buildInstallApplication({ iTunesStoreId: PAGES.adamId, platform: 'iPadOS' });
    const outcome = await setup.client.enqueue([udid], install);
    expect(outcome).toMatchObject({ httpStatus: 500, queued: [udid], notPushed: [{ id: udid }] });
    await setup.emulator.nanoMdm.idle();
    expect(setup.results(install.commandUuid)).toEqual([]);
    await setup.control('/settings', { method: 'PUT', body: { pushFailIds: [] } });
    expect(await setup.client.push([udid])).toMatchObject({ httpStatus: 200, pushed: [udid] });
    expect(await finalResult(setup, install.commandUuid)).toMatchObject({ status: 'Acknowledged' });
  });

  it('NotNow, then Acknowledged when the device checks in again', async () => {
    const setup = await setUp();
    const udid = await enroll(setup, 'IPAD0001');
    await setup.control('/settings', { method: 'PUT', body: { notNowRetryMs: 100 } });
    await setup.control(`/devices/${udid}/answers`, {
      method: 'POST',
      body: { answers: [{ status: 'NotNow' }] },
    });
    const install = buildInstallApplication({ iTunesStoreId: PAGES.adamId, platform: 'iPadOS' });
    await setup.client.enqueue([udid], install);
    await finalResult(setup, install.commandUuid);
    expect(setup.results(install.commandUuid).map((event) => event.status)).toEqual([
      'NotNow',
      'Acknowledged',
    ]);
  });

  it('an iPad refuses a macOS-only app with an error chain in plain words', async () => {
    const setup = await setUp();
    const udid = await enroll(setup, 'IPAD0001');
    const install = buildInstallApplication({ iTunesStoreId: MAC_ONLY.adamId, platform: 'iPadOS' });
    await setup.client.enqueue([udid], install);
    const result = await finalResult(setup, install.commandUuid);
    expect(result.status).toBe('Error');
    expect(result.errorChain).toHaveLength(2);
    expect(result.errorText).toBe(
      'Couldn’t install “Xcode” [MCMDMErrorDomain 12024]. “Xcode” is not available for iPad (iPadOS) [ASDErrorDomain 507].',
    );
  });

  it('a device without a license at Apple refuses the install; an Error forced on request carries its chain', async () => {
    const setup = await setUp();
    const unlicensed = await enroll(setup, 'IPAD9999');
    const install = buildInstallApplication({ iTunesStoreId: PAGES.adamId, platform: 'iPadOS' });
    await setup.client.enqueue([unlicensed], install);
    expect((await finalResult(setup, install.commandUuid)).errorText).toContain('No license of “Pages”');

    const licensed = await enroll(setup, 'IPAD0002');
    const chain = [
      {
        ErrorCode: 1,
        ErrorDomain: 'Outer',
        LocalizedDescription: 'Install failed',
        USEnglishDescription: 'Install failed',
      },
      {
        ErrorCode: 2,
        ErrorDomain: 'Inner',
        LocalizedDescription: 'Disk full',
        USEnglishDescription: 'Disk full',
      },
    ];
    await setup.control(`/devices/${licensed}/answers`, {
      method: 'POST',
      body: { answers: [{ status: 'Error', errorChain: chain }] },
    });
    const forced = buildInstallApplication({ iTunesStoreId: PAGES.adamId, platform: 'iPadOS' });
    await setup.client.enqueue([licensed], forced);
    expect(await finalResult(setup, forced.commandUuid)).toMatchObject({
      status: 'Error',
      errorText: 'Install failed [Outer 1]. Disk full [Inner 2].',
    });
  });
});

describe('NanoMDM contract: one command for many devices', () => {
  it('groups by platform, batches, and gives each target its own outcome', async () => {
    const setup = await setUp();
    const ipads = [await enroll(setup, 'IPAD0001'), await enroll(setup, 'IPAD0002')];
    const mac = await enroll(setup, 'MAC00001', 'macOS');
    await setup.control('/settings', { method: 'PUT', body: { enqueueFailIds: [ipads[1]] } });
    const targets = [
      { enrollmentId: ipads[0] as string, platform: 'iPadOS' as const },
      { enrollmentId: ipads[1] as string, platform: 'iPadOS' as const },
      { enrollmentId: mac, platform: 'macOS' as const },
    ];
    const outcomes = await sendToEnrollments(
      setup.client,
      targets,
      (platform) => buildInstallApplication({ iTunesStoreId: PAGES.adamId, platform }),
      { batchSize: 1 },
    );
    expect(outcomes.map((outcome) => [outcome.enrollmentId, outcome.sent])).toEqual([
      [ipads[0], true],
      [ipads[1], false],
      [mac, true],
    ]);
    expect(outcomes[1]).toMatchObject({ retryable: true, reason: 'emulated storage failure' });
    expect(new Set(outcomes.map((outcome) => outcome.commandUuid)).size).toBe(3);
    const macCommand = setup.emulator.nanoMdm.received.find((command) => command.udids.includes(mac));
    expect(macCommand?.command).toMatchObject({ InstallAsManaged: true });
    const ipadCommand = setup.emulator.nanoMdm.received.find((command) =>
      command.udids.includes(ipads[0] as string),
    );
    expect(ipadCommand?.command.InstallAsManaged).toBeUndefined();
    for (const outcome of outcomes.filter((entry) => entry.sent)) {
      expect(await finalResult(setup, outcome.commandUuid)).toMatchObject({ status: 'Acknowledged' });
    }

    await setup.control('/settings', { method: 'PUT', body: { mode: 'unavailable' } });
    const down = await sendToEnrollments(setup.client, targets, (platform) =>
      buildInstallApplication({ iTunesStoreId: PAGES.adamId, platform }),
    );
    expect(down.every((outcome) => !outcome.sent && outcome.retryable)).toBe(true);
    const wrongKey = createNanoMdmClient({
      kind: 'nanomdm',
      url: setup.started.nanoMdmUrl,
      apiKey: 'wrong-key',
    });
    await setup.control('/settings', { method: 'PUT', body: { mode: 'up' } });
    const refused = await sendToEnrollments(wrongKey, targets, () => buildManagedApplicationList());
    expect(refused.every((outcome) => !outcome.sent && !outcome.retryable)).toBe(true);
  });
});

describe('NanoMDM contract: webhooks', () => {
  it('duplicate deliveries carry the same dedupe key', async () => {
    const setup = await setUp();
    const udid = await enroll(setup, 'IPAD0001');
    await setup.control('/settings', { method: 'PUT', body: { duplicateWebhooks: true } });
    const install = buildInstallApplication({ iTunesStoreId: PAGES.adamId, platform: 'iPadOS' });
    await setup.client.enqueue([udid], install);
    await eventually(async () => setup.results(install.commandUuid).length === 2);
    const [first, second] = setup.results(install.commandUuid);
    expect(first?.status).toBe('Acknowledged');
    expect(second?.dedupeKey).toBe(first?.dedupeKey);
  });

  it('a lost webhook is made up for by asking ManagedApplicationList, which reports Installing, then Managed', async () => {
    const setup = await setUp();
    const udid = await enroll(setup, 'IPAD0001');
    await setup.control('/settings', { method: 'PUT', body: { dropWebhooks: true, installDelayMs: 300 } });
    const install = buildInstallApplication({ iTunesStoreId: PAGES.adamId, platform: 'iPadOS' });
    await setup.client.enqueue([udid], install);
    await setup.emulator.nanoMdm.idle();
    expect(setup.results(install.commandUuid)).toEqual([]);
    expect(setup.emulator.nanoMdm.webhookDeliveries.at(-1)).toMatchObject({
      commandUuid: install.commandUuid,
      status: 'Acknowledged',
      error: 'dropped (emulated lost webhook)',
    });

    await setup.control('/settings', { method: 'PUT', body: { dropWebhooks: false } });
    const list = buildManagedApplicationList({ bundleIds: [PAGES.bundleId] });
    await setup.client.enqueue([udid], list);
    expect(await finalResult(setup, list.commandUuid)).toMatchObject({
      managedApplications: [{ bundleId: PAGES.bundleId, status: 'Installing' }],
    });
    await eventually(async () => {
      const again = buildManagedApplicationList({ bundleIds: [PAGES.bundleId] });
      await setup.client.enqueue([udid], again);
      const result = await finalResult(setup, again.commandUuid);
      return result.managedApplications?.[0]?.status === 'Managed';
    });
  });

  it('a receiver with another key detects every signature as wrong; an unsigned webhook is refused', async () => {
    const setup = await setUp({ hmacKey: 'the-emulator-key' });
    await enroll(setup, 'IPAD0001');
    expect(setup.receiver.received.length).toBeGreaterThan(0);
    for (const entry of setup.receiver.received) {
      expect(verifyWebhookSignature(entry.body, entry.signature, HMAC_KEY)).toBe(false);
      expect(
        checkWebhookAuthenticity({
          body: entry.body,
          signature: entry.signature,
          key: HMAC_KEY,
          allowUnsigned: false,
        }),
      ).toEqual({ ok: false, reason: 'bad-signature' });
      expect(verifyWebhookSignature(entry.body, entry.signature, 'the-emulator-key')).toBe(true);
    }

    const unsigned = await setUp({ hmacKey: null });
    await enroll(unsigned, 'IPAD0002');
    const entry = unsigned.receiver.received[0];
    expect(entry?.signature).toBeUndefined();
    expect(
      checkWebhookAuthenticity({
        body: entry?.body ?? '',
        signature: entry?.signature,
        key: HMAC_KEY,
        allowUnsigned: false,
      }),
    ).toEqual({ ok: false, reason: 'missing-signature' });
  });
});

describe('NanoMDM contract: faults', () => {
  it('MDM down: 503, dropped connections and a closed port are retryable; nothing is queued', async () => {
    const setup = await setUp();
    const udid = await enroll(setup, 'IPAD0001');
    const install = buildInstallApplication({ iTunesStoreId: PAGES.adamId, platform: 'iPadOS' });

    await setup.control('/settings', { method: 'PUT', body: { mode: 'unavailable' } });
    expect(await failureOf(setup.client.enqueue([udid], install))).toMatchObject({
      kind: 'UNAVAILABLE',
      httpStatus: 503,
      retryable: true,
    });
    await setup.control('/settings', { method: 'PUT', body: { mode: 'unreachable' } });
    expect(await failureOf(setup.client.enqueue([udid], install))).toMatchObject({
      kind: 'UNREACHABLE',
      retryable: true,
    });
    const closed = createNanoMdmClient({ kind: 'nanomdm', url: 'http://127.0.0.1:9', apiKey: API_KEY });
    expect(await failureOf(closed.enqueue([udid], install))).toMatchObject({
      kind: 'UNREACHABLE',
      retryable: true,
    });
    expect(setup.emulator.nanoMdm.received).toEqual([]);

    await setup.control('/settings', { method: 'PUT', body: { mode: 'up' } });
    expect((await setup.client.enqueue([udid], install)).queued).toEqual([udid]);
  });

  it('checks the connection; a wrong key or the wrong server kind is not retryable', async () => {
    const setup = await setUp();
    expect(await setup.client.checkConnection()).toEqual({ version: 'emulator' });
    const hub = createNanoMdmClient({ kind: 'nanohub', url: setup.started.nanoMdmUrl, apiKey: API_KEY });
    expect(await hub.checkConnection()).toEqual({ version: 'emulator' });
    const wrongKey = createNanoMdmClient({ kind: 'nanomdm', url: setup.started.nanoMdmUrl, apiKey: 'wrong' });
    expect(await failureOf(wrongKey.checkConnection())).toMatchObject({
      kind: 'UNAUTHORIZED',
      retryable: false,
    });
    const wrongUrl = createNanoMdmClient({
      kind: 'nanomdm',
      url: `${setup.started.origin}/elsewhere`,
      apiKey: API_KEY,
    });
    expect(await failureOf(wrongUrl.checkConnection())).toMatchObject({ retryable: false });
  });
});
