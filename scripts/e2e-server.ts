import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CONTROL_BASE_PATH } from '@vpp/apple-vpp-emulator';
import { hashPassword } from '@vpp/core/auth/password-hashing';
import { installFatalErrorHandlers } from '@vpp/core/services/fatal-errors';
import { startTestIdentityProvider } from '../test/oidc/test-identity-provider.ts';
import { launchProduct } from './launch/launch-product.ts';

// The product as the browser tests see it: a throwaway embedded PostgreSQL, the built console on
// port 8181, an admin and a manager with known passwords. Playwright starts and stops it.
const portArgument = process.argv.indexOf('--port');
export const E2E_PORT = portArgument > 0 ? Number(process.argv[portArgument + 1]) : 8181;
export const E2E_PASSWORD = 'correct-horse-battery';
/** Where the browser tests find the demo organisation's `.vpptoken` files (gitignored). */
const E2E_DEMO_TOKENS_DIR = path.resolve(import.meta.dirname, '..', 'e2e', '.demo-tokens', String(E2E_PORT));

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-e2e-'));
let launched: Awaited<ReturnType<typeof launchProduct>> | undefined;
installFatalErrorHandlers(
  () => launched?.services.logger ?? { fatal: (obj, msg) => console.error(msg, obj) },
  { cleanup: async () => launched?.stop() },
);
// The organisation's identity provider for the single sign-on test: a real OpenID Provider in this
// process, on an ephemeral port. Its sign-in page takes any password; the login name picks the person.
const identityProvider = await startTestIdentityProvider({
  people: {
    'sso-admin': { email: 'sso-admin@example.test', name: 'Sam SSO', groups: ['vpp-admins'] },
    'sso-manager': { email: 'sso-manager@example.test', name: 'Mo SSO', groups: ['vpp-managers'] },
    'sso-nobody': { email: 'sso-nobody@example.test', name: 'Nic SSO', groups: ['staff'] },
  },
  redirectUris: () => [`http://127.0.0.1:${E2E_PORT}/api/auth/oidc/callback`],
  postLogoutRedirectUris: () => [`http://127.0.0.1:${E2E_PORT}/login`],
});
const product = await launchProduct({
  env: {
    DATA_DIR: dataDir,
    PORT: String(E2E_PORT),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    OIDC_ISSUER: identityProvider.issuer,
    OIDC_CLIENT_ID: identityProvider.clientId,
    OIDC_CLIENT_SECRET: identityProvider.clientSecret,
    OIDC_ROLE_CLAIM: 'groups',
    OIDC_ROLE_MAP: 'vpp-admins=ADMIN,vpp-managers=MANAGER',
    OIDC_PROVIDER_NAME: 'Test IdP',
    OIDC_SCOPES: 'openid email profile groups',
  },
  ephemeral: true,
  // The browser tests import devices by serial number: the generic fleet installs on any of them.
  demoMdm: 'fleet',
  defaultAdmin: () => ({ email: 'admin@example.test', password: E2E_PASSWORD }),
});
launched = product;

await product.services.database.prisma.account.upsert({
  where: { email: 'manager@example.test' },
  create: {
    email: 'manager@example.test',
    displayName: 'Mia Manager',
    role: 'MANAGER',
    passwordHash: await hashPassword(E2E_PASSWORD),
  },
  update: {},
});

// The emulator writes its token files into the throwaway data folder; the tests read them from a
// fixed one, with a manifest naming each file's location and the emulator's control API (to play
// another MDM). A new server generates a new organisation, so files of an earlier run are removed.
await rm(E2E_DEMO_TOKENS_DIR, { recursive: true, force: true });
await mkdir(E2E_DEMO_TOKENS_DIR, { recursive: true });
if (product.emulator) {
  const locations = [];
  for (const token of product.emulator.tokenFiles) {
    const file = path.basename(token.file);
    await copyFile(token.file, path.join(E2E_DEMO_TOKENS_DIR, file));
    locations.push({ file, locationId: token.locationId, locationName: token.locationName });
  }
  const controlUrl = new URL(CONTROL_BASE_PATH, product.emulator.baseUrl).href;
  await writeFile(
    path.join(E2E_DEMO_TOKENS_DIR, 'manifest.json'),
    `${JSON.stringify({ controlUrl, locations }, null, 2)}\n`,
  );
}

console.log(`e2e server ready at ${product.url}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await product.stop();
    await identityProvider.close();
    await rm(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
}
