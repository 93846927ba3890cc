import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from '@vpp/db/embedded-postgres';
import { applyMigrations } from '@vpp/db/migrations';
import { recreateDatabase, TEMPLATE_DATABASE } from '@vpp/db/test-databases';
import { installJobQueue } from '@vpp/job-queue/job-queue';
import pg from 'pg';

// One real PostgreSQL for the whole run (embedded, or TEST_DATABASE_SERVER_URL when given), with a
// migrated template database that every test file copies.

let server: EmbeddedPostgresHandle | undefined;
let tempDir: string | undefined;

const silentLogger = { error() {}, warn() {}, info() {}, debug() {} };

export async function setup(): Promise<void> {
  let serverUrl = process.env.TEST_DATABASE_SERVER_URL;
  if (!serverUrl) {
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-test-pg-'));
    server = await startEmbeddedPostgres({
      dataDir: path.join(tempDir, 'data'),
      password: 'test-password',
      persistent: false,
      unsafeFast: true,
    });
    serverUrl = server.url;
  }
  const templateUrl = await recreateDatabase(serverUrl, TEMPLATE_DATABASE);
  await applyMigrations(templateUrl);
  const pool = new pg.Pool({ connectionString: templateUrl, max: 1 });
  await installJobQueue(pool, silentLogger);
  await pool.end();
  process.env.VPP_TEST_DATABASE_SERVER_URL = serverUrl;
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
}
