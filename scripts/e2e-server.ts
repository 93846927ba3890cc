import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hashPassword } from '@vpp/core/auth/password-hashing';
import { openDatabase } from '@vpp/db/database';
import { launchProduct } from './launch/launch-product.ts';

// The product as the browser tests see it: a throwaway embedded PostgreSQL, the built console on
// port 8181, an admin and a manager with known passwords. Playwright starts and stops it.
export const E2E_PORT = 8181;
export const E2E_PASSWORD = 'correct-horse-battery';

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-e2e-'));
const product = await launchProduct({
  env: { DATA_DIR: dataDir, PORT: String(E2E_PORT), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
  ephemeral: true,
  defaultAdmin: () => ({ email: 'admin@example.test', password: E2E_PASSWORD }),
});

const database = openDatabase(product.config.DATABASE_URL);
await database.prisma.account.upsert({
  where: { email: 'manager@example.test' },
  create: {
    email: 'manager@example.test',
    displayName: 'Mia Manager',
    role: 'MANAGER',
    passwordHash: await hashPassword(E2E_PASSWORD),
  },
  update: {},
});
await database.close();
console.log(`e2e server ready at ${product.url}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await product.stop();
    await rm(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
}
