import path from 'node:path';
import { readProcessEnv } from '@vpp/config/process-env';
import { installFatalErrorHandlers } from '@vpp/core/services/fatal-errors';
import { ConfigError, type LaunchedProduct, launchProduct } from './launch/launch-product.ts';
import { generatePassword } from './launch/local-secrets.ts';

// `npm start`: the whole product on one port, with an embedded PostgreSQL unless DATABASE_URL is set.
let product: LaunchedProduct | undefined;
installFatalErrorHandlers(
  () => product?.services.logger ?? { fatal: (obj, msg) => console.error(msg, obj) },
  { cleanup: async () => product?.stop() },
);
try {
  product = await launchProduct({
    env: readProcessEnv(),
    defaultAdmin: () => ({ email: 'admin@vpp-console.local', password: generatePassword() }),
    onFirstAdmin: ({ email, password, generated }) => {
      console.log('\nFirst admin account created. Sign in with:');
      console.log(`  email:    ${email}`);
      // A password the user chose (ADMIN_PASSWORD) is theirs already: never echoed.
      console.log(generated ? `  password: ${password}` : '  password: the ADMIN_PASSWORD you set');
      if (generated) console.log('  (shown once; change it under My account)');
      console.log('');
    },
  });
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  throw error;
}
console.log(`VPP Console is running at ${product.url}`);
console.log(`Data folder: ${product.dataDir}`);
console.log(
  product.embeddedPostgres
    ? `Database: embedded PostgreSQL in ${path.join(product.dataDir, 'postgres')}`
    : 'Database: DATABASE_URL',
);
console.log(`API docs: ${product.url}/api/docs`);
if (product.emulator) {
  console.log(`Apple's API: the bundled emulator at ${product.emulator.baseUrl} (demo organisation)`);
  console.log('Demo .vpptoken files to upload under Tokens → Add token:');
  for (const file of product.emulator.tokenFiles)
    console.log(`  ${path.resolve(file.file)}  (${file.locationName})`);
  if (product.emulator.nanoMdmUrl) {
    console.log(
      `Devices: the bundled emulator speaking NanoMDM at ${product.emulator.nanoMdmUrl} (MDM_KIND=emulator); its devices appear under Devices`,
    );
  }
} else {
  console.log(`Apple's API: ${product.config.APPLE_VPP_BASE_URL}`);
}
console.log('Press Ctrl-C to stop.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await product?.stop();
    console.log('Stopped.');
    process.exit(0);
  });
}
