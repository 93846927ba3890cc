import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createVppClientFactory, type VppClientFactory } from '@vpp/apple-vpp-client';
import type { Emulator } from '@vpp/apple-vpp-emulator';
import { parseConfig } from '@vpp/config/config';
import { createLogger } from '@vpp/core/logging';
import { buildServices, type Services, syncDepsFrom } from '@vpp/core/services/services';
import type { SyncDeps, SyncLogger } from '@vpp/core/sync/run-token-sync';
import { createTokenCipher, type TokenCipher } from '@vpp/core/tokens/token-cipher';
import { type Database, openDatabase } from '@vpp/db/database';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from '@vpp/db/embedded-postgres';
import { applyMigrations } from '@vpp/db/migrations';
import { poolConfigFromUrl, quoteIdent, withDatabase } from '@vpp/db/pg-connection';
import { recreateDatabase } from '@vpp/db/test-databases';
import { installJobQueue } from '@vpp/job-queue/job-queue';
import pg from 'pg';
import { StatementCounter } from './statement-counter.ts';

// What every figure runs on: one embedded PostgreSQL in a temp folder, a migrated template
// database, and per figure a fresh copy of it opened the way the worker opens its database.

const TEMPLATE = 'bench_template';

const silent = { error() {}, warn() {}, info() {}, debug() {} };
export const silentSyncLogger: SyncLogger = silent;

export interface BenchServer {
  url: string;
  cipher: TokenCipher;
  encryptionKey: string;
  /** A fresh database copied from the migrated template; returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

const TEMP_PREFIX = 'vpp-bench-pg-';

// Waits, detached, for this process to end, then stops the server if it still runs and removes the
// temp folder. A normal end or a relayed Ctrl-C cleans up before it; this covers a process killed
// outright (npm run + tsx turn one Ctrl-C into two signals, and tsx then SIGKILLs its child).
const REAPER_SCRIPT = `
while kill -0 "$1" 2>/dev/null; do sleep 1; done
[ -d "$2" ] || exit 0
pidfile="$2/data/postmaster.pid"
if [ -f "$pidfile" ]; then
  pid=$(head -n 1 "$pidfile")
  kill -INT "$pid" 2>/dev/null
  i=0
  while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 30 ]; do sleep 1; i=$((i + 1)); done
fi
rm -rf "$2"
`;

function startReaper(tempDir: string): void {
  const reaper = spawn('sh', ['-c', REAPER_SCRIPT, 'vpp-bench-reaper', String(process.pid), tempDir], {
    detached: true,
    stdio: 'ignore',
  });
  reaper.unref();
}

export async function startBenchServer(): Promise<BenchServer> {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), TEMP_PREFIX));
  startReaper(tempDir);
  let server: EmbeddedPostgresHandle | undefined;
  // On Ctrl-C embedded-postgres stops the server, deletes its data folder and exits the process
  // itself: the temp folder around it goes at exit.
  const removeAtExit = () => {
    try {
      rmSync(tempDir, { recursive: true, force: true });
    } catch {
      // Nothing more can be done while the process exits.
    }
  };
  process.once('exit', removeAtExit);
  const stop = async () => {
    try {
      await server?.stop();
    } finally {
      await rm(tempDir, { recursive: true, force: true });
      process.removeListener('exit', removeAtExit);
    }
  };
  try {
    server = await startEmbeddedPostgres({
      dataDir: path.join(tempDir, 'data'),
      password: randomBytes(12).toString('hex'),
      persistent: false,
      unsafeFast: true,
    });
    const templateUrl = await recreateDatabase(server.url, TEMPLATE);
    await applyMigrations(templateUrl);
    const pool = new pg.Pool({ ...poolConfigFromUrl(templateUrl), max: 1 });
    try {
      await installJobQueue(pool, silent);
    } finally {
      await pool.end();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const serverUrl = server.url;
  const encryptionKey = randomBytes(32).toString('base64');
  return {
    url: serverUrl,
    cipher: createTokenCipher(encryptionKey),
    encryptionKey,
    async createDatabase(name) {
      const admin = new pg.Client(poolConfigFromUrl(serverUrl));
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(TEMPLATE)}`);
      } finally {
        await admin.end();
      }
      return withDatabase(serverUrl, name);
    },
    stop,
  };
}

export interface BenchDatabase {
  url: string;
  database: Database;
  statements: StatementCounter;
  close(): Promise<void>;
}

/** Opened like the worker opens its database (pool of 10), with every statement countable. */
export function openBenchDatabase(url: string): BenchDatabase {
  const database = openDatabase(url, { applicationName: 'vpp-bench' });
  const statements = new StatementCounter();
  statements.attach(database.pool);
  return { url, database, statements, close: () => database.close() };
}

export function appleClientsFor(baseUrl: string): VppClientFactory {
  return createVppClientFactory({ baseUrl });
}

/** The services as the worker builds them, on the benchmark's database and Apple. */
export function benchServices(
  bench: BenchDatabase,
  server: BenchServer,
  appleClients: VppClientFactory,
): Services {
  const config = parseConfig({
    DATABASE_URL: bench.url,
    SESSION_SECRET: 'bench-session-secret-long-enough-to-pass',
    TOKEN_ENCRYPTION_KEY: server.encryptionKey,
    LOG_LEVEL: 'silent',
  });
  return buildServices(config, {
    database: bench.database,
    logger: createLogger('silent', 'bench'),
    cipher: server.cipher,
    appleClients,
    mdmGateway: null,
    workerId: `bench-${process.pid}`,
  });
}

export function syncDepsFor(
  bench: BenchDatabase,
  server: BenchServer,
  appleClients: VppClientFactory,
): SyncDeps {
  // As the worker does: the installation id is read once per process, not once per sync.
  return syncDepsFrom(benchServices(bench, server, appleClients));
}

/** Runs `work` over `items`, `lanes` at a time (as a worker with that concurrency would). */
export async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(lanes, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next] as T;
        next += 1;
        await work(item);
      }
    }),
  );
}

/** Apple requests the emulator logged, by path (without /mdm/v2), with any non-2xx status shown. */
export function appleRequestsByPath(emulator: Emulator): Map<string, number> {
  const byPath = new Map<string, number>();
  for (const request of emulator.control.requests()) {
    const path = request.path.replace(/^\/mdm\/v2/, '');
    const key = request.status >= 200 && request.status < 300 ? path : `${path} (HTTP ${request.status})`;
    byPath.set(key, (byPath.get(key) ?? 0) + 1);
  }
  return byPath;
}
