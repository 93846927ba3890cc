import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createEmulator, type Emulator, type StartedEmulator } from '@vpp/apple-vpp-emulator';
import { mdmConnection } from '@vpp/config/config';
import { createLogger } from '@vpp/core/logging';
import { nanoMdmGatewayFromConnection } from '@vpp/core/mdm/nanomdm-gateway';
import { applyMigrations } from '@vpp/db/migrations';
import { recreateDatabase, TEMPLATE_DATABASE } from '@vpp/db/test-databases';
import { installJobQueue } from '@vpp/job-queue/job-queue';
import { type RunningWorker, startWorker } from '@vpp/worker/worker';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../apps/api/test/test-app.ts';
import { makeApnsCertificate } from '../integration/apns-test-certificate.ts';
import { appleState, heldState, waitFor } from '../integration/product-under-test.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres.ts';

// Deployments survive a database outage at every phase. The test runs its own PostgreSQL cluster
// and stops it hard (pg_ctl -m fast, or SIGKILL of the postmaster) exactly when a deployment reaches
// a phase: created, claiming at Apple, waiting for Apple's event, installing, uninstalling and
// releasing; and it kills a worker process in the middle of a claim. A tap in front of the
// emulator (real HTTP, forwarded unchanged) sees each request to Apple and NanoMDM and stops the
// database before passing it on, so the effect happens while the product cannot record it; the
// devices' webhooks sent meanwhile are lost (NanoMDM does not retry). Each case must end, within
// 60 s of the database's return, with the deployment finished, the console's licenses equal to
// Apple's (in use and available), no reservation left and no license claimed twice.

const API_KEY = 'chaos-nanomdm-api-key';
const HMAC_KEY = 'chaos-nanomdm-hmac-key';
const APP = '820000001';
const BUNDLE_ID = 'com.example.chaos';
const OUTAGE_MS = 1500;
const RECOVERY_BUDGET_MS = 60_000;
const TOKEN_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

let cluster: ThrowawayPostgres;
let emulator: Emulator;
let upstream: StartedEmulator;
let tap: Server;
let tapOrigin: string;
let app: TestApp;
let api: Server;
let apiUrl: string;
let worker: RunningWorker | undefined;
let tokenId: string;
let locationId: string;
let applicationId: string;
let admin: Awaited<ReturnType<TestApp['signedInAgent']>>;

// ------------------------------------------------------------------ the tap and the outage

interface TappedRequest {
  method: string;
  path: string;
  body: string;
}

/** Every request the product sent to Apple or NanoMDM, in order. */
const tapped: TappedRequest[] = [];
/** One phase trigger at a time: when a request matches, the database goes down before it passes. */
let trigger: { match: (request: TappedRequest) => boolean; fire: () => Promise<void> } | undefined;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function startTap(origin: string): Promise<Server> {
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const request = { method: req.method ?? 'GET', path: req.url ?? '/', body: body.toString('utf8') };
      tapped.push(request);
      const armed = trigger;
      if (armed?.match(request)) {
        trigger = undefined;
        await armed.fire();
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (['host', 'connection', 'content-length', 'accept-encoding'].includes(name)) continue;
        if (typeof value === 'string') headers.set(name, value);
      }
      const response = await fetch(`${origin}${request.path}`, {
        method: request.method,
        headers,
        ...(request.method === 'GET' || request.method === 'HEAD' ? {} : { body: new Uint8Array(body) }),
      });
      const out = Buffer.from(await response.arrayBuffer());
      const responseHeaders: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(name)) {
          responseHeaders[name] = value;
        }
      });
      res.writeHead(response.status, responseHeaders);
      res.end(out);
    } catch (error) {
      res.writeHead(502).end(String(error));
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

interface Outage {
  /** Resolves when the database accepts connections again. */
  returned: Promise<number>;
}

/** Stops the database now (fast shutdown or SIGKILL) and starts it again after `lastsMs`. */
async function outage(mode: 'fast' | 'kill', lastsMs = OUTAGE_MS): Promise<Outage> {
  if (mode === 'fast') await cluster.stopFast();
  else await cluster.kill();
  const returned = (async () => {
    await new Promise((resolve) => setTimeout(resolve, lastsMs));
    await cluster.start();
    return Date.now();
  })();
  return { returned };
}

/**
 * Arms the trigger for the next request that matches; resolves with the outage it caused. The
 * request waits for `after` (the console's answer to the request that started the deployment), so
 * the outage hits the worker's step, not the API call the test makes.
 */
function outageOn(
  match: (request: TappedRequest) => boolean,
  mode: 'fast' | 'kill',
  after: Promise<unknown>,
  lastsMs = OUTAGE_MS,
): Promise<Outage> {
  return new Promise((resolve) => {
    trigger = {
      match,
      fire: async () => {
        await after.catch(() => {});
        resolve(await outage(mode, lastsMs));
      },
    };
  });
}

const appleCall = (endpoint: string) => (request: TappedRequest) =>
  request.path.startsWith(`/mdm/v2${endpoint}`);
const mdmCommand = (requestType: string) => (request: TappedRequest) =>
  request.path.startsWith('/nanomdm/') && request.method !== 'GET' && request.body.includes(requestType);

// ------------------------------------------------------------------ the product on the cluster

async function startProductWorker(): Promise<RunningWorker> {
  const connection = mdmConnection(app.config);
  if (connection.kind !== 'nanomdm') throw new Error('the chaos product drives NanoMDM');
  const started = await startWorker(
    {
      config: app.config,
      database: app.database,
      logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent', 'chaos-worker'),
      now: () => new Date(),
      mdmGateway: nanoMdmGatewayFromConnection(connection),
    },
    4,
  );
  // A job whose result could not be recorded fails the queue's worker; the process goes on.
  started.queue.runner().promise.catch(() => {});
  return started;
}

async function stopProductWorker(): Promise<void> {
  const running = worker;
  worker = undefined;
  if (!running) return;
  await Promise.race([running.stop().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 5000))]);
}

let serial = 0;
async function enrolledCollection(count: number): Promise<{ collectionId: string; serials: string[] }> {
  const serials: string[] = [];
  for (let index = 0; index < count; index += 1) {
    serial += 1;
    const serialNumber = `CHS${String(serial).padStart(9, '0')}`;
    emulator.nanoMdm.enroll({ serialNumber, platform: 'iPadOS' });
    serials.push(serialNumber);
  }
  await emulator.nanoMdm.idle();
  const prisma = app.database.prisma;
  const collection = await prisma.collection.create({ data: { name: `Chaos ${serial}`, type: 'DEVICE' } });
  const devices = await waitFor(async () => {
    const rows = await prisma.device.findMany({ where: { serialNumber: { in: serials } } });
    return rows.length === count && rows.every((row) => row.udid) ? rows : null;
  });
  await prisma.collectionDevice.createMany({
    data: devices.map((device) => ({ collectionId: collection.id, deviceId: device.id })),
  });
  return { collectionId: collection.id, serials };
}

async function deploy(collectionId: string, action: 'INSTALL' | 'UNINSTALL'): Promise<string> {
  const created = await admin
    .post('/api/deployments')
    .send({ applicationId, collectionId, action, purpose: 'REQUIRED' });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function targetStates(deploymentId: string) {
  return app.database.prisma.deploymentTarget.findMany({ where: { deploymentId } });
}

/** Waits for the deployment to finish with every target in `state`; returns when it did. */
async function finished(deploymentId: string, state: 'INSTALLED' | 'LICENSE_RELEASED', deadline: number) {
  await waitFor(
    async () => {
      const deployment = await app.database.prisma.deployment
        .findUnique({ where: { id: deploymentId } })
        .catch(() => null);
      if (deployment?.status !== 'FINISHED') return null;
      const targets = await targetStates(deploymentId);
      return targets.every((target) => target.state === state) ? deployment : null;
    },
    Math.max(1000, deadline - Date.now()),
  );
  return Date.now();
}

/** Apple's associate (or disassociate) requests that named this serial number. */
function requestsFor(endpoint: '/assets/associate' | '/assets/disassociate', serialNumber: string) {
  return tapped.filter(
    (request) =>
      request.path.startsWith(`/mdm/v2${endpoint}`) &&
      (JSON.parse(request.body || '{}') as { serialNumbers?: string[] }).serialNumbers?.includes(
        serialNumber,
      ),
  ).length;
}

/** The console's licenses equal Apple's, in use and available, and nothing is reserved. */
async function expectConsoleEqualsApple() {
  expect(await heldState(app, tokenId)).toEqual(appleState(emulator, locationId));
  const storeApp = await app.database.prisma.storeApp.findFirstOrThrow({ where: { tokenId, adamId: APP } });
  expect(storeApp.reservedCount).toBe(0);
  expect(await app.database.prisma.deploymentTarget.count({ where: { reserved: true } })).toBe(0);
}

beforeAll(async () => {
  cluster = await startThrowawayPostgres();
  const templateUrl = await recreateDatabase(cluster.url, TEMPLATE_DATABASE);
  await applyMigrations(templateUrl);
  const pool = new pg.Pool({ connectionString: templateUrl, max: 1 });
  await installJobQueue(pool, { error() {}, warn() {}, info() {}, debug() {} });
  await pool.end();
  // startTestApp copies the template on the server the run names: this file's own cluster.
  process.env.VPP_TEST_DATABASE_SERVER_URL = cluster.url;

  emulator = createEmulator({
    eventDelayMs: 20,
    rateLimit: false,
    nanoMdm: { apiKey: API_KEY, checkInDelayMs: 10 },
  });
  upstream = await emulator.start({ port: 0, host: '127.0.0.1' });
  tap = await startTap(upstream.origin);
  tapOrigin = `http://127.0.0.1:${(tap.address() as AddressInfo).port}`;
  app = await startTestApp({
    APPLE_VPP_BASE_URL: `${tapOrigin}/mdm/v2`,
    SYNC_LEASE_SECONDS: '2',
    DEPLOYMENT_LEASE_SECONDS: '2',
    DEPLOYMENT_RECHECK_SECONDS: '3',
    MDM_KIND: 'nanomdm',
    MDM_URL: `${tapOrigin}/nanomdm`,
    MDM_API_KEY: API_KEY,
    MDM_WEBHOOK_HMAC_KEY: HMAC_KEY,
    TOKEN_ENCRYPTION_KEY,
  });
  // A connection the server ends while it is checked out (between a transaction's statements)
  // reports the end on the client itself; the pool hands it back broken and opens a new one.
  // (packages/db's pool does this itself once it handles outages; until then the test does.)
  app.database.pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  api = app.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => api.once('listening', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  emulator.nanoMdm.configure({ webhookUrl: `${apiUrl}/api/mdm/nanomdm/webhook`, webhookHmacKey: HMAC_KEY });
  admin = await app.signedInAgent('admin');

  const location = emulator.control.createLocation({
    orgName: 'Chaos Org',
    locationName: 'Chaos campus',
    type: 'EDUCATION',
    assets: [{ adamId: APP, name: 'Chaos', deviceAssignable: true, count: 40, bundleId: BUNDLE_ID }],
  });
  locationId = location.locationId;
  worker = await startProductWorker();
  expect(
    (await admin.put('/api/apns-certificate').send({ certificate: makeApnsCertificate(60) })).status,
  ).toBe(200);
  const upload = admin.post('/api/tokens');
  for (const [key, value] of Object.entries({ name: 'Chaos', appleId: 'it@example.test', type: 'EDUCATION' }))
    upload.field(key, value);
  const uploaded = await upload.attach('token', Buffer.from(location.vppToken), 'chaos.vpptoken');
  tokenId = uploaded.body.id;
  await waitFor(
    async () =>
      (await app.database.prisma.syncRun.findFirst({ where: { tokenId, status: 'SUCCEEDED' } })) ?? null,
    30_000,
  );
  const storeApp = await app.database.prisma.storeApp.findFirstOrThrow({ where: { tokenId, adamId: APP } });
  if (storeApp.bundleId === null) {
    await app.database.prisma.storeApp.update({ where: { id: storeApp.id }, data: { bundleId: BUNDLE_ID } });
  }
  const created = await admin.post(`/api/store-apps/${storeApp.id}/applications`).send({});
  expect(created.status).toBe(201);
  applicationId = created.body.id;
}, 120_000);

afterAll(async () => {
  trigger = undefined;
  if (cluster && !cluster.running()) await cluster.start().catch(() => {});
  await stopProductWorker();
  if (api) {
    await new Promise((resolve) => {
      api.close(resolve);
      api.closeAllConnections();
    });
  }
  await app?.close().catch(() => {});
  await emulator?.close();
  if (tap) {
    await new Promise((resolve) => {
      tap.close(resolve);
      tap.closeAllConnections();
    });
  }
  await cluster?.destroy();
}, 60_000);

// ------------------------------------------------------------------ the cases

type Phase = 'created' | 'claiming' | 'waiting for the event' | 'installing' | 'uninstalling' | 'releasing';

const installPhases: { phase: Phase; mode: 'fast' | 'kill'; seconds: number }[] = [
  { phase: 'created', mode: 'fast', seconds: OUTAGE_MS / 1000 },
  { phase: 'claiming', mode: 'kill', seconds: OUTAGE_MS / 1000 },
  { phase: 'waiting for the event', mode: 'fast', seconds: OUTAGE_MS / 1000 },
  { phase: 'installing', mode: 'kill', seconds: OUTAGE_MS / 1000 },
  // The longest outage the product promises to ride out: far past every lease and re-check time.
  { phase: 'claiming', mode: 'kill', seconds: 90 },
];

const uninstallPhases: { phase: Phase; mode: 'fast' | 'kill' }[] = [
  { phase: 'uninstalling', mode: 'fast' },
  { phase: 'releasing', mode: 'kill' },
];

describe('a deployment survives a database outage', () => {
  it.each(installPhases)(
    'install, database stopped ($mode, $seconds s) while $phase',
    async ({ phase, mode, seconds }) => {
      worker ??= await startProductWorker();
      const { collectionId, serials } = await enrolledCollection(2);
      let stopped: Promise<Outage>;
      let deploymentId: string;
      if (phase === 'created') {
        deploymentId = await deploy(collectionId, 'INSTALL');
        stopped = outage(mode, seconds * 1000);
      } else {
        const match =
          phase === 'claiming'
            ? appleCall('/assets/associate')
            : phase === 'waiting for the event'
              ? appleCall('/status')
              : mdmCommand('InstallApplication');
        const deployed = deploy(collectionId, 'INSTALL');
        stopped = outageOn(match, mode, deployed, seconds * 1000);
        deploymentId = await deployed;
      }
      const returnedAt = await (await stopped).returned;
      const doneAt = await finished(deploymentId, 'INSTALLED', returnedAt + RECOVERY_BUDGET_MS);
      expect(doneAt - returnedAt).toBeLessThan(RECOVERY_BUDGET_MS);
      await expectConsoleEqualsApple();
      for (const serialNumber of serials) {
        // Claimed once: a crash between Apple's answer and its record is resolved by asking Apple.
        expect(requestsFor('/assets/associate', serialNumber)).toBe(1);
        expect(appleState(emulator, locationId).assignments).toContain(`${APP}/STDQ/serial:${serialNumber}`);
      }
      // A fresh worker each case: a queue slot lost with its connection is not this file's subject.
      await stopProductWorker();
    },
    240_000,
  );

  it.each(uninstallPhases)(
    'uninstall, database stopped ($mode) while $phase',
    async ({ phase, mode }) => {
      worker ??= await startProductWorker();
      const { collectionId, serials } = await enrolledCollection(2);
      const installId = await deploy(collectionId, 'INSTALL');
      await finished(installId, 'INSTALLED', Date.now() + 30_000);
      const deployed = deploy(collectionId, 'UNINSTALL');
      const stopped = outageOn(
        phase === 'uninstalling' ? mdmCommand('RemoveApplication') : appleCall('/assets/disassociate'),
        mode,
        deployed,
      );
      const uninstallId = await deployed;
      const returnedAt = await (await stopped).returned;
      const doneAt = await finished(uninstallId, 'LICENSE_RELEASED', returnedAt + RECOVERY_BUDGET_MS);
      expect(doneAt - returnedAt).toBeLessThan(RECOVERY_BUDGET_MS);
      await expectConsoleEqualsApple();
      for (const serialNumber of serials) {
        expect(requestsFor('/assets/disassociate', serialNumber)).toBe(1);
        expect(appleState(emulator, locationId).assignments).not.toContain(
          `${APP}/STDQ/serial:${serialNumber}`,
        );
        const device = [...emulator.nanoMdm.devices.values()].find((d) => d.serialNumber === serialNumber);
        expect(device?.apps.has(BUNDLE_ID)).toBe(false);
      }
      await stopProductWorker();
    },
    120_000,
  );

  it('a worker process killed while claiming at Apple: another resumes after its lease and claims nothing twice', async () => {
    await stopProductWorker();
    const { collectionId, serials } = await enrolledCollection(2);
    const child = spawnWorkerProcess();
    try {
      let killedAt = 0;
      const killed = new Promise<void>((resolve) => {
        trigger = {
          match: appleCall('/assets/associate'),
          fire: async () => {
            child.kill('SIGKILL');
            killedAt = Date.now();
            resolve();
          },
        };
      });
      const deploymentId = await deploy(collectionId, 'INSTALL');
      await killed;
      // The request reached Apple after the worker died: Apple holds the licenses, the console
      // holds only the intent.
      await waitFor(async () =>
        serials.every((serialNumber) =>
          appleState(emulator, locationId).assignments.includes(`${APP}/STDQ/serial:${serialNumber}`),
        ),
      );
      worker = await startProductWorker();
      const doneAt = await finished(deploymentId, 'INSTALLED', killedAt + RECOVERY_BUDGET_MS);
      expect(doneAt - killedAt).toBeLessThan(RECOVERY_BUDGET_MS);
      await expectConsoleEqualsApple();
      for (const serialNumber of serials) expect(requestsFor('/assets/associate', serialNumber)).toBe(1);
      const fixes = await app.database.prisma.deploymentReconcilerFix.findUnique({
        where: { kind: 'claim_found_at_apple' },
      });
      expect(Number(fixes?.count ?? 0)).toBeGreaterThanOrEqual(2);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await stopProductWorker();
    }
  }, 120_000);

  it('counts what the reconciler fixed on /metrics', async () => {
    const metrics = await admin.get('/metrics');
    expect(metrics.status).toBe(200);
    const fixes = Object.fromEntries(
      metrics.text
        .split('\n')
        .filter((line) => line.startsWith('vpp_deployment_reconciler_fixes_total{'))
        .map((line) => [/kind="([^"]+)"/.exec(line)?.[1], Number(line.split(' ').at(-1))]),
    );
    // The killed worker's two claims were found at Apple (not claimed again); after the outages,
    // deployments were resumed and unreported commands re-checked on the devices.
    expect(fixes).toMatchObject({ claim_found_at_apple: expect.any(Number) });
    expect(fixes.claim_found_at_apple).toBeGreaterThanOrEqual(2);
    expect((fixes.deployments_resumed ?? 0) + (fixes.commands_rechecked ?? 0)).toBeGreaterThan(0);
  });
});

/** The worker as its own process (apps/worker/src/main.ts), so it can be killed for real. */
function spawnWorkerProcess(): ChildProcess {
  const root = path.resolve(import.meta.dirname, '../..');
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
    cwd: root,
    stdio: ['ignore', 'ignore', process.env.TEST_LOG_LEVEL ? 'inherit' : 'ignore'],
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      DATABASE_URL: app.config.DATABASE_URL,
      SESSION_SECRET: 'test-session-secret-that-is-long-enough-123',
      TOKEN_ENCRYPTION_KEY,
      MDM_EVENTS_SECRET: 'test-mdm-events-secret',
      APPLE_VPP_BASE_URL: `${tapOrigin}/mdm/v2`,
      MDM_KIND: 'nanomdm',
      MDM_URL: `${tapOrigin}/nanomdm`,
      MDM_API_KEY: API_KEY,
      MDM_WEBHOOK_HMAC_KEY: HMAC_KEY,
      DEPLOYMENT_LEASE_SECONDS: '2',
      DEPLOYMENT_RECHECK_SECONDS: '3',
      SYNC_CONCURRENCY: '4',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    },
  });
  return child;
}
