import { fork } from 'node:child_process';
import path from 'node:path';
import type { EmbeddedPostgresHandle, EmbeddedPostgresOptions } from '@vpp/db/embedded-postgres';

/** Starts the embedded PostgreSQL in its own process group (see postgres-host.ts). */
export function startHostedPostgres(
  options: Omit<EmbeddedPostgresOptions, 'onLog'>,
): Promise<EmbeddedPostgresHandle> {
  const host = fork(path.join(import.meta.dirname, 'postgres-host.ts'), [JSON.stringify(options)], {
    detached: true,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    host.once('exit', (code) => reject(new Error(`the embedded PostgreSQL did not start (exit ${code})`)));
    host.once('message', (started: { url: string; port: number }) => {
      host.removeAllListeners('exit');
      const exited = new Promise<void>((done) => host.once('exit', () => done()));
      resolve({
        ...started,
        async stop() {
          if (host.exitCode === null && host.connected) host.send('stop');
          await exited;
        },
      });
    });
  });
}
