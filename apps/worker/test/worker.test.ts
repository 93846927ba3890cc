import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseConfig } from '@vpp/config/config';
import { pruneRateLimitBucketsJob } from '@vpp/core/jobs/jobs';
import { createLogger } from '@vpp/core/logging';
import { openTestDatabase } from '@vpp/db/test-database-for-file';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from '../src/worker.ts';

const PRUNE_RATE_LIMIT_BUCKETS = pruneRateLimitBucketsJob.id;

let database: Awaited<ReturnType<typeof openTestDatabase>>;
const baseEnv = () => ({
  DATABASE_URL: database.url,
  SESSION_SECRET: 'worker-test-session-secret-long-enough',
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
  LOG_LEVEL: 'info',
});

beforeAll(async () => {
  database = await openTestDatabase(process.env.VPP_TEST_DATABASE_SERVER_URL);
});
afterAll(() => database.close());

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not met in time');
}

describe('worker', () => {
  it('runs a queued job through the Postgres queue', async () => {
    const now = new Date();
    await database.prisma.rateLimitBucket.createMany({
      data: [
        { key: 'expired', hits: 3, resetAt: new Date(now.getTime() - 60_000) },
        { key: 'current', hits: 3, resetAt: new Date(now.getTime() + 60_000) },
      ],
    });
    const config = parseConfig({ ...baseEnv(), LOG_LEVEL: 'silent' });
    const worker = await startWorker({
      config,
      database,
      logger: createLogger('silent', 'worker-test'),
      now: () => now,
    });
    try {
      await worker.fire(PRUNE_RATE_LIMIT_BUCKETS);
      await waitFor(async () => (await database.prisma.rateLimitBucket.count()) === 1);
      expect((await database.prisma.rateLimitBucket.findMany()).map((bucket) => bucket.key)).toEqual([
        'current',
      ]);
    } finally {
      await worker.stop();
    }
  });

  it('keeps one waiting copy of a recurring job however often its cron fires', async () => {
    const config = parseConfig({ ...baseEnv(), LOG_LEVEL: 'silent' });
    const worker = await startWorker({
      config,
      database,
      logger: createLogger('silent', 'worker-test'),
      now: () => new Date(),
    });
    await worker.stop();
    // Stopped: nothing takes the jobs, so they stay visible in the queue.
    await Promise.all([worker.fire(PRUNE_RATE_LIMIT_BUCKETS), worker.fire(PRUNE_RATE_LIMIT_BUCKETS)]);
    const rows = await database.prisma.$queryRaw<{ count: bigint }[]>`
      SELECT count(*) FROM graphile_worker.jobs WHERE task_identifier = ${PRUNE_RATE_LIMIT_BUCKETS}`;
    expect(Number(rows[0]?.count)).toBe(1);
  });

  it('starts as its own process and stops cleanly on SIGTERM', async () => {
    const main = path.resolve(import.meta.dirname, '../src/main.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { PATH: process.env.PATH, ...baseEnv() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await waitFor(async () => output.includes('worker started'), 20_000);
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(output).toContain('worker stopped');
  });

  it('refuses to start with a bad configuration and names the key', async () => {
    const main = path.resolve(import.meta.dirname, '../src/main.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { PATH: process.env.PATH, ...baseEnv(), SYNC_SCHEDULE: 'whenever' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(78);
    expect(stderr).toContain('SYNC_SCHEDULE');
  });
});
