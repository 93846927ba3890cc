import type { AddressInfo } from 'node:net';
import {
  createEmulator,
  type Emulator,
  type EmulatorOptions,
  type StartedEmulator,
} from '@vpp/apple-vpp-emulator';
import { mdmConnection } from '@vpp/config/config';
import { createLogger } from '@vpp/core/logging';
import { createConfiguredMdmGateway } from '@vpp/core/mdm/configured-mdm-gateway';
import { createHttpMdmGateway, type MdmGateway } from '@vpp/core/mdm/mdm-gateway';
import { nanoMdmGatewayFromConnection } from '@vpp/core/mdm/nanomdm-gateway';
import { createTokenCipher } from '@vpp/core/tokens/token-cipher';
import type { RunningWorker } from '@vpp/worker/worker';
import { startWorker } from '@vpp/worker/worker';
import { startTestApp, type TestApp } from '../../apps/api/test/test-app.ts';

export interface ProductUnderTest {
  app: TestApp;
  emulator: Emulator;
  apple: StartedEmulator;
  admin: Awaited<ReturnType<TestApp['signedInAgent']>>;
  /** The API's loopback address (http://127.0.0.1:port), for clients that speak real HTTP. */
  apiUrl: string;
  startWorker(): Promise<RunningWorker>;
  close(): Promise<void>;
}

/** The API (in-process), a worker and an in-process Apple emulator on loopback, on a fresh database. */
export async function startProduct(
  options: {
    configOverrides?: Record<string, string>;
    emulatorOptions?: EmulatorOptions;
    /** Ask Apple (the emulator) for notifications to the API's loopback address. */
    appleNotifications?: boolean;
    /**
     * Drive devices through the emulator's NanoMDM (MDM_KIND=nanomdm) instead of its device fleet:
     * commands by enqueue with Basic auth, results by webhooks signed with `webhookHmacKey`.
     */
    nanoMdm?: { apiKey: string; webhookHmacKey: string };
    /**
     * The worker drives whatever Settings → Device management (or MDM_*) configures at each use, as
     * the product does, instead of a gateway fixed here.
     */
    mdmFromSettings?: boolean;
  } = {},
): Promise<ProductUnderTest> {
  const emulator = createEmulator({
    eventDelayMs: 20,
    rateLimit: false,
    notificationRetryDelayMs: 20,
    ...(options.nanoMdm ? { nanoMdm: { apiKey: options.nanoMdm.apiKey, checkInDelayMs: 10 } } : {}),
    ...options.emulatorOptions,
  });
  const apple = await emulator.start({ port: 0, host: '127.0.0.1' });
  const app = await startTestApp({
    APPLE_VPP_BASE_URL: apple.baseUrl,
    SYNC_LEASE_SECONDS: '2',
    ...(options.nanoMdm
      ? {
          MDM_KIND: 'nanomdm',
          MDM_URL: apple.nanoMdmUrl,
          MDM_API_KEY: options.nanoMdm.apiKey,
          MDM_WEBHOOK_HMAC_KEY: options.nanoMdm.webhookHmacKey,
        }
      : {}),
    ...options.configOverrides,
  });
  const admin = await app.signedInAgent('admin');
  // The device fleet reports to the API over HTTP, so the API listens on a loopback port too.
  const server = app.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const apiPort = (server.address() as AddressInfo).port;
  if (options.appleNotifications) {
    // Known only now that the API listens; the worker reads the same config object.
    Object.assign(app.config, { APPLE_NOTIFICATIONS_BASE_URL: `http://127.0.0.1:${apiPort}` });
  }
  let mdmGateway: MdmGateway;
  const connection = mdmConnection(app.config);
  if (options.nanoMdm && (connection.kind === 'nanomdm' || connection.kind === 'nanohub')) {
    emulator.nanoMdm.configure({
      webhookUrl: `http://127.0.0.1:${apiPort}/api/mdm/nanomdm/webhook`,
      webhookHmacKey: options.nanoMdm.webhookHmacKey,
    });
    mdmGateway = nanoMdmGatewayFromConnection(connection);
  } else {
    mdmGateway = createHttpMdmGateway({
      commandsUrl: `${apple.controlUrl}/mdm/commands`,
      callbackUrl: `http://127.0.0.1:${apiPort}/api/mdm/events`,
      callbackToken: app.config.MDM_EVENTS_SECRET ?? '',
    });
  }
  if (options.mdmFromSettings) {
    mdmGateway = createConfiguredMdmGateway({
      database: app.database,
      cipher: createTokenCipher(app.config.TOKEN_ENCRYPTION_KEY),
      config: app.config,
    });
  }
  const workers: RunningWorker[] = [];
  return {
    app,
    emulator,
    apple,
    admin,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    async startWorker() {
      const worker = await startWorker(
        {
          config: app.config,
          database: app.database,
          logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent', 'worker'),
          now: () => new Date(),
          mdmGateway,
        },
        2,
      );
      workers.push(worker);
      return worker;
    },
    async close() {
      for (const worker of workers) await worker.stop();
      await new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      });
      await app.close();
      await emulator.close();
    },
  };
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The licenses the database holds for a token, in the emulator snapshot's shape, sorted alike. */
export async function heldState(app: TestApp, tokenId: string) {
  const apps = await app.database.prisma.storeApp.findMany({
    where: { tokenId },
    orderBy: [{ adamId: 'asc' }, { pricingParam: 'asc' }],
  });
  const assignments = await app.database.prisma.licenseAssignment.findMany({ where: { tokenId } });
  return {
    assets: apps.map((row) => ({
      adamId: row.adamId,
      pricingParam: row.pricingParam,
      totalCount: row.totalCount,
      assignedCount: row.assignedCount,
      availableCount: row.availableCount,
      retiredCount: row.retiredCount,
    })),
    assignments: assignments
      .map(
        (row) =>
          `${row.adamId}/${row.pricingParam}/${row.licenseType === 'DEVICE' ? 'serial' : 'user'}:${row.assignee}`,
      )
      .sort(),
  };
}

export function appleState(emulator: Emulator, locationId: string) {
  const snapshot = emulator.control.locationState(locationId);
  return {
    assets: snapshot.assets
      .map(
        (asset: {
          adamId: string;
          pricingParam: string;
          totalCount: number;
          assignedCount: number;
          availableCount: number;
          retiredCount: number;
        }) => ({
          adamId: asset.adamId,
          pricingParam: asset.pricingParam,
          totalCount: asset.totalCount,
          assignedCount: asset.assignedCount,
          availableCount: asset.availableCount,
          retiredCount: asset.retiredCount,
        }),
      )
      .sort((a: { adamId: string; pricingParam: string }, b: { adamId: string; pricingParam: string }) =>
        a.adamId === b.adamId
          ? a.pricingParam.localeCompare(b.pricingParam)
          : a.adamId.localeCompare(b.adamId),
      ),
    assignments: snapshot.assignments
      .map(
        (a: { adamId: string; pricingParam: string; serialNumber?: string; clientUserId?: string }) =>
          `${a.adamId}/${a.pricingParam}/${a.serialNumber ? `serial:${a.serialNumber}` : `user:${a.clientUserId}`}`,
      )
      .sort(),
  };
}
