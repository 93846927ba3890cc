import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { hashPassword } from '@vpp/core/auth/password-hashing';
import type { DbClient } from '@vpp/db/database';
import { findFreePort } from '@vpp/db/embedded-postgres';

const repoRoot = path.resolve(import.meta.dirname, '..');

export interface BenchApi {
  process: ChildProcess;
  base: string;
  /** A manager's session cookie. */
  cookie: string;
}

/**
 * The API as production runs it: its own process (so its memory is its own) on the bench's
 * database, ready, with a manager signed in.
 */
export async function startBenchApi(options: {
  databaseUrl: string;
  encryptionKey: string;
  prisma: DbClient;
}): Promise<BenchApi> {
  await options.prisma.account.create({
    data: {
      email: 'bench@example.test',
      passwordHash: await hashPassword('bench-password-123'),
      role: 'MANAGER',
    },
  });
  const port = await findFreePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'apps/api/src/main.ts')], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: options.databaseUrl,
      SESSION_SECRET: 'bench-session-secret-long-enough-to-pass',
      TOKEN_ENCRYPTION_KEY: options.encryptionKey,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    const ready = await fetch(`${base}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (attempt > 300) throw new Error('the API did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.test', password: 'bench-password-123' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { process: child, base, cookie };
}
