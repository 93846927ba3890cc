import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startApi } from '@vpp/api/server';
import {
  createEmulator,
  type Emulator,
  generateDemoOrganisation,
  type WrittenTokenFile,
  writeVppTokenFiles,
} from '@vpp/apple-vpp-emulator';
import { type AppConfig, ConfigError, parseConfig } from '@vpp/config/config';
import { ensureFirstAdmin } from '@vpp/core/accounts/ensure-first-admin';
import { buildServices, type Services } from '@vpp/core/services/services';
import { applyMigrations } from '@vpp/db/migrations';
import { withDatabase } from '@vpp/db/pg-connection';
import { startWorker } from '@vpp/worker/worker';
import pg from 'pg';
import { startHostedPostgres } from './hosted-postgres.ts';
import { loadOrCreateLocalSecrets } from './local-secrets.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface LaunchOptions {
  env: Record<string, string | undefined>;
  /**
   * Called when this launch created the first admin; `generated` says the password was made here
   * (not given in ADMIN_PASSWORD), so it is shown once.
   */
  onFirstAdmin?: (credentials: { email: string; password: string; generated: boolean }) => void;
  defaultAdmin: () => { email: string; password: string };
  /** Throwaway cluster settings for tests (no fsync, removed on stop). */
  ephemeral?: boolean;
  /**
   * The demo's device side when no MDM is configured: `nanomdm` (default, `npm start`) runs the
   * bundled devices behind the emulator's NanoMDM API and drives them with the production NanoMDM
   * driver (MDM_KIND=emulator, generated API and HMAC keys); `fleet` keeps the emulator's generic
   * device fleet, which installs on any serial number typed in (the browser tests use it).
   */
  demoMdm?: 'nanomdm' | 'fleet';
}

export interface LaunchedProduct {
  config: AppConfig;
  /** The services the API and the worker share (logger, database…). */
  services: Services;
  /** The data folder in use, absolute. */
  dataDir: string;
  url: string;
  embeddedPostgres: boolean;
  /** Set when no APPLE_VPP_BASE_URL was given and the bundled emulator serves the demo organisation. */
  emulator: {
    baseUrl: string;
    tokenFiles: WrittenTokenFile[];
    control: Emulator['control'];
    /** Set when the demo's devices sit behind the emulator's NanoMDM API. */
    nanoMdmUrl: string | null;
  } | null;
  stop(): Promise<void>;
}

/**
 * The demo organisation is generated from a date kept in the data folder, so its `.vpptoken` files
 * (and the tokens already uploaded) stay the same across restarts.
 */
async function startDemoEmulator(dataDir: string) {
  const epochFile = path.join(dataDir, 'emulator-epoch.json');
  let epoch: Date;
  try {
    epoch = new Date(JSON.parse(await readFile(epochFile, 'utf8')).epoch);
  } catch {
    epoch = new Date();
    await writeFile(epochFile, `${JSON.stringify({ epoch: epoch.toISOString() })}\n`);
  }
  const emulator = createEmulator({
    organisation: generateDemoOrganisation({ now: epoch }),
    eventDelayMs: 2000,
  });
  const started = await emulator.start({ port: 0, host: '127.0.0.1' });
  const tokenFiles = await writeVppTokenFiles(emulator.organisation, path.join(dataDir, 'demo-tokens'));
  return {
    emulator,
    baseUrl: started.baseUrl,
    controlUrl: started.controlUrl,
    nanoMdmUrl: started.nanoMdmUrl,
    tokenFiles,
  };
}

/** The demo's devices enrolled in the emulated NanoMDM: the same serial numbers and UDIDs every start. */
const DEMO_MDM_DEVICES = [
  ...Array.from({ length: 8 }, (_, index) => ({
    serialNumber: `DMPAD${String(index + 1).padStart(7, '0')}`,
    udid: `00008103-0000DE00PAD${String(index + 1).padStart(5, '0')}`,
    platform: 'iPadOS' as const,
    deviceName: `Classroom iPad ${index + 1}`,
  })),
  ...Array.from({ length: 2 }, (_, index) => ({
    serialNumber: `DMPHN${String(index + 1).padStart(7, '0')}`,
    udid: `00008110-0000DE00PHN${String(index + 1).padStart(5, '0')}`,
    platform: 'iOS' as const,
    deviceName: `Staff iPhone ${index + 1}`,
  })),
  ...Array.from({ length: 2 }, (_, index) => ({
    serialNumber: `DMMAC${String(index + 1).padStart(7, '0')}`,
    udid: `0000FE00-0000DE00MAC${String(index + 1).padStart(5, '0')}`,
    platform: 'macOS' as const,
    deviceName: `Office Mac ${index + 1}`,
  })),
];

async function ensureDatabaseExists(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/**
 * Brings up the whole product in one process: PostgreSQL (embedded unless DATABASE_URL is set),
 * migrations, the first admin, the API serving the console, and the worker.
 */
export async function launchProduct(options: LaunchOptions): Promise<LaunchedProduct> {
  const env = options.env;
  const dataDir = path.resolve(repoRoot, env.DATA_DIR ?? '.data');
  const secrets = await loadOrCreateLocalSecrets(dataDir);
  const stops: (() => Promise<void>)[] = [];

  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    const postgres = await startHostedPostgres({
      dataDir: path.join(dataDir, 'postgres'),
      password: secrets.POSTGRES_PASSWORD,
      persistent: !options.ephemeral,
      unsafeFast: options.ephemeral,
    });
    stops.push(() => postgres.stop());
    await ensureDatabaseExists(postgres.url, 'vpp_console');
    databaseUrl = withDatabase(postgres.url, 'vpp_console');
  }

  const demo = env.APPLE_VPP_BASE_URL ? null : await startDemoEmulator(dataDir);
  if (demo) stops.push(() => demo.emulator.close());
  const mdmConfigured = Boolean(env.MDM_KIND || env.MDM_URL || env.MDM_GATEWAY_URL);
  const demoNanoMdm =
    demo && !mdmConfigured && (options.demoMdm ?? 'nanomdm') === 'nanomdm'
      ? {
          MDM_KIND: 'emulator',
          MDM_URL: demo.nanoMdmUrl,
          MDM_API_KEY: randomBytes(24).toString('base64url'),
          MDM_WEBHOOK_HMAC_KEY: randomBytes(24).toString('base64url'),
        }
      : null;

  let config: AppConfig;
  try {
    config = parseConfig({
      SESSION_SECRET: secrets.SESSION_SECRET,
      TOKEN_ENCRYPTION_KEY: secrets.TOKEN_ENCRYPTION_KEY,
      MDM_EVENTS_SECRET: secrets.MDM_EVENTS_SECRET,
      WEB_DIST_DIR: path.join(repoRoot, 'apps', 'web', 'dist'),
      // The demo's devices are the emulator's fleet; they report back to this installation.
      ...(demo
        ? {
            APPLE_VPP_BASE_URL: demo.baseUrl,
            ...(demoNanoMdm ?? (mdmConfigured ? {} : { MDM_GATEWAY_URL: `${demo.controlUrl}/mdm/commands` })),
            MDM_EVENTS_CALLBACK_URL: `http://127.0.0.1:${env.PORT ?? 8080}/api/mdm/events`,
            APPLE_NOTIFICATIONS_BASE_URL: `http://127.0.0.1:${env.PORT ?? 8080}`,
          }
        : {}),
      ...env,
      DATABASE_URL: databaseUrl,
    });
  } catch (error) {
    for (const stop of stops.reverse()) await stop();
    throw error;
  }

  await applyMigrations(config.DATABASE_URL);
  const services = buildServices(config, {}, { maxConnections: 20 });
  const { database } = services;
  stops.push(() => services.close());

  const given = config.ADMIN_EMAIL && config.ADMIN_PASSWORD;
  const admin = given
    ? { email: config.ADMIN_EMAIL ?? '', password: config.ADMIN_PASSWORD ?? '' }
    : options.defaultAdmin();
  const outcome = await ensureFirstAdmin(database.prisma, admin);
  if (outcome.created) options.onFirstAdmin?.({ ...admin, generated: !given });

  const api = await startApi(services);
  const worker = await startWorker(services);
  stops.push(
    () => worker.stop(),
    () => api.close(),
  );
  if (demo && demoNanoMdm) {
    // The emulated NanoMDM runs as if started with -api <key> -webhook-url <ours> -webhook-hmac-key
    // <key>; its devices enrol now, so the console learns them from Authenticate webhooks.
    demo.emulator.nanoMdm.configure({
      apiKey: demoNanoMdm.MDM_API_KEY,
      webhookUrl: `http://127.0.0.1:${api.port}/api/mdm/nanomdm/webhook`,
      webhookHmacKey: demoNanoMdm.MDM_WEBHOOK_HMAC_KEY,
    });
    for (const device of DEMO_MDM_DEVICES) demo.emulator.nanoMdm.enroll(device);
  }

  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  return {
    config,
    services,
    dataDir,
    url: config.PUBLIC_URL ?? `http://${host}:${api.port}`,
    embeddedPostgres: !env.DATABASE_URL,
    emulator: demo
      ? {
          baseUrl: demo.baseUrl,
          tokenFiles: demo.tokenFiles,
          control: demo.emulator.control,
          nanoMdmUrl: demoNanoMdm ? demo.nanoMdmUrl : null,
        }
      : null,
    async stop() {
      for (const stop of stops.reverse()) await stop();
    },
  };
}

export { ConfigError };
