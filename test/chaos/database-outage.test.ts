import { type ChildProcess, spawn } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApp } from '@vpp/api/app';
import { buildAppDeps } from '@vpp/api/server';
import { createEmulator, type Emulator, type StartedEmulator } from '@vpp/apple-vpp-emulator';
import { type AppConfig, parseConfig } from '@vpp/config/config';
import { hashPassword } from '@vpp/core/auth/password-hashing';
import { createLogger } from '@vpp/core/logging';
import { buildServices, type Services } from '@vpp/core/services/services';
import { applyMigrations } from '@vpp/db/migrations';
import { poolConfigFromUrl, withDatabase } from '@vpp/db/pg-connection';
import { installJobQueue } from '@vpp/job-queue/job-queue';
import { type RunningWorker, startWorker } from '@vpp/worker/worker';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appleState, heldState } from '../integration/product-under-test.ts';
import { startThrowawayCluster, type ThrowawayCluster } from './throwaway-cluster.ts';

// The database goes away under a running product (API over real HTTP, the worker with one queue
// slot, Apple's emulator) and comes back: the API answers 503 problem+json with Retry-After while
// it is gone and recovers by itself, the worker never loses its slot, and syncs cut off mid-way
// resume within the lease plus a few seconds and end equal to Apple.

const LEASE_SECONDS = 2;
/** A resumed sync takes its lease again within the lease time plus this of the database's return. */
const RESUME_SLACK_MS = 5_000;
const PASSWORD = 'chaos-admin-password';
const MDM_SECRET = 'chaos-mdm-events-secret';

let cluster: ThrowawayCluster;
let emulator: Emulator;
let apple: StartedEmulator;
let config: AppConfig;
let services: Services;
let server: Server;
let apiUrl: string;
let worker: RunningWorker;
/** Reads the database for the test's own checks, apart from the pools under test. */
let observer: pg.Pool;
let admin: ReturnType<typeof request.agent>;
let adminEmail: string;

beforeAll(async () => {
  cluster = await startThrowawayCluster();
  const setup = new pg.Client(poolConfigFromUrl(cluster.serverUrl));
  await setup.connect();
  await setup.query('CREATE DATABASE vpp_chaos');
  await setup.end();
  const databaseUrl = withDatabase(cluster.serverUrl, 'vpp_chaos');
  await applyMigrations(databaseUrl);

  emulator = createEmulator({
    eventDelayMs: 20,
    rateLimit: false,
    pageSizes: { assignments: 250, assets: 20 },
  });
  apple = await emulator.start({ port: 0, host: '127.0.0.1' });
  config = parseConfig({
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: 'chaos-session-secret-that-is-long-enough',
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
    MDM_EVENTS_SECRET: MDM_SECRET,
    APPLE_VPP_BASE_URL: apple.baseUrl,
    LOG_LEVEL: 'silent',
    SYNC_LEASE_SECONDS: String(LEASE_SECONDS),
    SYNC_CONCURRENCY: '1',
    DATABASE_CONNECT_TIMEOUT_MS: '2000',
    DATABASE_RETRY_AFTER_SECONDS: '3',
    WORKER_HEALTH_PORT: '0',
    HOST: '127.0.0.1',
    PORT: '0',
  });
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent', 'chaos');
  services = buildServices(config, { logger });
  await installJobQueue(services.database.pool, logger);
  observer = new pg.Pool({ ...poolConfigFromUrl(databaseUrl), max: 2, connectionTimeoutMillis: 1000 });
  observer.on('error', () => {});

  const { app } = createApp(buildAppDeps(config, services.database, logger, { services }));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  adminEmail = 'chaos-admin@example.test';
  await services.database.prisma.account.create({
    data: { email: adminEmail, passwordHash: await hashPassword(PASSWORD), role: 'ADMIN' },
  });
  admin = request.agent(apiUrl);
  const login = await admin.post('/api/auth/login').send({ email: adminEmail, password: PASSWORD });
  expect(login.status).toBe(200);
  worker = await startWorker(services);
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await new Promise((resolve) => {
    if (!server) return resolve(undefined);
    server.close(resolve);
    server.closeAllConnections();
  });
  await services?.close();
  await observer?.end();
  await emulator?.close();
  await cluster?.destroy();
});

/**
 * How long a step that only sets the scene (a first sync, reaching page 4) may take: the whole suite
 * runs beside this file, so it is generous. The bounds under test are asserted separately.
 */
const SETUP_WAIT_MS = 90_000;

async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await sleep(50);
  }
}

interface RunRow {
  status: string;
  attempts: number;
  pages_fetched: number;
  next_page_index: number;
  lease_owner: string | null;
}

async function runOf(syncRunId: string): Promise<RunRow | undefined> {
  const result = await observer.query<RunRow>(
    'SELECT status, attempts, pages_fetched, next_page_index, lease_owner FROM sync_runs WHERE id = $1',
    [syncRunId],
  );
  return result.rows[0];
}

async function uploadLocation(name: string, assignments: number) {
  const appIds = Array.from({ length: 20 }, (_, index) => String(600_000_000 + index));
  const location = emulator.control.createLocation({
    users: Array.from({ length: Math.ceil(assignments / appIds.length) + 1 }, (_, index) => ({
      clientUserId: `user-${index}`,
      status: 'Associated' as const,
    })),
    orgName: 'Chaos Org',
    locationName: name,
    type: 'BUSINESS',
    assets: appIds.map((adamId) => ({ adamId, count: 100_000, deviceAssignable: true })),
    assignments: Array.from({ length: assignments }, (_, index) => {
      const adamId = appIds[index % appIds.length] ?? '600000000';
      return index % 2 === 0
        ? { adamId, clientUserId: `user-${Math.floor(index / appIds.length)}` }
        : { adamId, serialNumber: `CHS${String(Math.floor(index / appIds.length)).padStart(8, '0')}` };
    }),
  });
  const upload = admin.post('/api/tokens');
  for (const [key, value] of Object.entries({ name, appleId: 'it@example.test', type: 'BUSINESS' }))
    upload.field(key, value);
  const response = await upload.attach('token', Buffer.from(location.vppToken), 'file.vpptoken');
  expect(response.status).toBe(201);
  return {
    location,
    tokenId: response.body.id as string,
    syncRunId: response.body.activeSyncRun.id as string,
  };
}

async function workerHealth(path: '/healthz' | '/readyz') {
  const response = await fetch(`http://127.0.0.1:${worker.healthPort}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function expectDatabaseUnavailable(response: request.Response, what: string) {
  expect(response.status, `${what}: ${response.text}`).toBe(503);
  expect(response.headers['content-type'], what).toMatch(/^application\/problem\+json/);
  expect(response.headers['retry-after'], what).toBe('3');
  expect(response.body).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });
}

/** Every kind of request that needs the database, as the console, an API client and the device side send them. */
async function requestsDuringOutage() {
  expectDatabaseUnavailable(await admin.get('/api/tokens'), 'GET /api/tokens');
  expectDatabaseUnavailable(await admin.get('/api/auth/me'), 'GET /api/auth/me');
  expectDatabaseUnavailable(
    await request(apiUrl).post('/api/auth/login').send({ email: adminEmail, password: PASSWORD }),
    'POST /api/auth/login',
  );
  expectDatabaseUnavailable(
    await request(apiUrl)
      .post('/api/mdm/events')
      .set('authorization', `Bearer ${MDM_SECRET}`)
      .send({ events: [{ commandId: 'cmd-1', serialNumber: 'SER1', status: 'INSTALLED' }] }),
    'POST /api/mdm/events',
  );
  expectDatabaseUnavailable(
    await request(apiUrl).get('/api/tokens').set('authorization', 'Bearer vpp_not-a-real-key'),
    'GET /api/tokens with an API key',
  );
  const readyz = await request(apiUrl).get('/readyz');
  expect(readyz.status).toBe(503);
  expect(readyz.body.code).toBe('NOT_READY');
  expect((await request(apiUrl).get('/healthz')).status).toBe(200);
}

describe('a database outage', () => {
  it('answers 503 DATABASE_UNAVAILABLE with Retry-After while the database is down, fast or killed, and recovers by itself', async () => {
    expect((await request(apiUrl).get('/readyz')).status).toBe(200);
    await waitFor(async () => (await workerHealth('/readyz')).status === 200, 10_000);

    for (const stop of [() => cluster.stopFast(), () => cluster.kill()]) {
      await stop();
      await requestsDuringOutage();
      const health = await workerHealth('/readyz');
      expect(health.status).toBe(503);
      expect(health.body.database).toBe('unavailable');
      await cluster.start();
      // The pools recover by themselves: no restart of anything.
      await waitFor(async () => (await request(apiUrl).get('/readyz')).status === 200, 10_000);
      expect((await admin.get('/api/tokens')).status).toBe(200);
      await waitFor(async () => (await workerHealth('/readyz')).status === 200, 10_000);
    }
  }, 60_000);

  it('leaves the worker working after eight outages in a row mid-sync (one queue slot); each sync resumes within the lease and ends equal to Apple', async () => {
    const { location, tokenId, syncRunId: firstRun } = await uploadLocation('Outage campus', 5_000);
    await waitFor(async () => (await runOf(firstRun))?.status === 'SUCCEEDED', SETUP_WAIT_MS);
    // Slow pages, so each sync is cut off in the middle.
    emulator.control.setFaults({ latencyMs: 250 });
    try {
      for (let outage = 1; outage <= 8; outage += 1) {
        const started = await admin.post(`/api/tokens/${tokenId}/sync`);
        expect(started.status, started.text).toBeLessThan(300);
        const syncRunId = started.body.syncRunId as string;
        const before = await waitFor(async () => {
          const run = await runOf(syncRunId);
          return run && run.status === 'RUNNING' && run.next_page_index > 0 ? run : undefined;
        }, SETUP_WAIT_MS);
        // Odd outages: a fast shutdown shorter than the lease (the job waits and releases the run).
        // Even ones: the postmaster killed for longer than the lease (the queue cannot record the
        // job's end and loses the slot; the supervisor replaces it).
        if (outage % 2 === 1) await cluster.stopFast();
        else await cluster.kill();
        await sleep(outage % 2 === 1 ? 1_000 : LEASE_SECONDS * 1000 + 1_000);
        await cluster.start();
        const returnedAt = Date.now();
        await waitFor(
          async () => {
            const run = await runOf(syncRunId);
            return run && (run.attempts > before.attempts || run.status === 'SUCCEEDED');
          },
          LEASE_SECONDS * 1000 + RESUME_SLACK_MS + 2_000,
        );
        const resumedAfterMs = Date.now() - returnedAt;
        expect(
          resumedAfterMs,
          `outage ${outage}: resumed ${resumedAfterMs} ms after the return`,
        ).toBeLessThan(LEASE_SECONDS * 1000 + RESUME_SLACK_MS);
        const finished = await waitFor(async () => {
          const run = await runOf(syncRunId);
          return run?.status === 'SUCCEEDED' ? run : undefined;
        }, SETUP_WAIT_MS);
        // Cut off mid-way, not finished before the outage: another attempt finished it.
        expect(finished.attempts, `outage ${outage}`).toBeGreaterThan(before.attempts);
        const held = await heldState({ database: services.database } as never, tokenId);
        const truth = appleState(emulator, location.locationId);
        expect(held.assignments.length, `outage ${outage}`).toBe(truth.assignments.length);
        expect(held).toEqual(truth);
      }
    } finally {
      emulator.control.resetFaults();
    }
    const health = await workerHealth('/readyz');
    expect(health.status).toBe(200);
    expect(health.body.queue).toMatchObject({ liveSlots: 1, concurrency: 1, recovering: false });
  }, 400_000);

  it('stops a running sync at the next page boundary when the worker stops, and another worker finishes it equal to Apple', async () => {
    const { location, tokenId, syncRunId: firstRun } = await uploadLocation('Shutdown campus', 6_000);
    emulator.control.setFaults({ latencyMs: 150 });
    try {
      await waitFor(async () => ((await runOf(firstRun))?.next_page_index ?? 0) >= 4, SETUP_WAIT_MS);
      const stopStarted = Date.now();
      await worker.stop();
      const stopMs = Date.now() - stopStarted;
      expect(stopMs, 'the worker stops at the next page boundary, not after the whole sync').toBeLessThan(
        3_000,
      );
      const stopped = await runOf(firstRun);
      expect(stopped).toMatchObject({ status: 'RUNNING', lease_owner: null });
      expect(stopped?.next_page_index).toBeGreaterThan(0);
      worker = await startWorker(services);
      await waitFor(async () => (await runOf(firstRun))?.status === 'SUCCEEDED', SETUP_WAIT_MS);
    } finally {
      emulator.control.resetFaults();
    }
    expect(await heldState({ database: services.database } as never, tokenId)).toEqual(
      appleState(emulator, location.locationId),
    );
  }, 200_000);

  it('lets the API and the worker start while the database is down: they wait with backoff and start once it is back', async () => {
    const started: { child: ChildProcess; output: () => string }[] = [];
    const spawnMain = (main: string) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, main)], {
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: config.DATABASE_URL,
          SESSION_SECRET: config.SESSION_SECRET,
          TOKEN_ENCRYPTION_KEY: config.TOKEN_ENCRYPTION_KEY,
          APPLE_VPP_BASE_URL: config.APPLE_VPP_BASE_URL,
          HOST: '127.0.0.1',
          PORT: '0',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      const entry = { child, output: () => output };
      started.push(entry);
      return entry;
    };
    await cluster.stopFast();
    try {
      const api = spawnMain('../../apps/api/src/main.ts');
      const workerProcess = spawnMain('../../apps/worker/src/main.ts');
      for (const [main, what] of [
        [api, 'api start-up'],
        [workerProcess, 'worker start-up'],
      ] as const) {
        // At least two attempts, each one brief line, and the process still running.
        await waitFor(
          async () => main.output().split(`${what}: waiting for the database`).length > 2,
          20_000,
        );
        expect(main.child.exitCode).toBeNull();
        expect(main.output()).not.toMatch(/unhandledRejection|fatal/);
      }
      await cluster.start();
      await waitFor(async () => api.output().includes('API listening'), 20_000);
      await waitFor(async () => workerProcess.output().includes('worker started'), 20_000);
      for (const { child } of started) {
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
    } finally {
      for (const { child } of started) if (child.exitCode === null) child.kill('SIGKILL');
      await cluster.start();
    }
  }, 60_000);
});
