import path from 'node:path';
import { readProcessEnv } from '@vpp/config/process-env';
import { ConfigError, launchProduct } from './launch/launch-product.ts';
import { generatePassword } from './launch/local-secrets.ts';

// `npm start`: the whole product on one port, with an embedded PostgreSQL unless DATABASE_URL is set.
try {
  const product = await launchProduct({
    env: readProcessEnv(),
    defaultAdmin: () => ({ email: 'admin@vpp-console.local', password: generatePassword() }),
    onFirstAdmin: ({ email, password }) => {
      console.log('\nFirst admin account created. Sign in with:');
      console.log(`  email:    ${email}`);
      console.log(`  password: ${password}`);
      console.log('  (shown once; change it under My account)\n');
    },
  });
  console.log(`VPP Console is running at ${product.url}`);
  console.log(
    product.embeddedPostgres ? 'Database: embedded PostgreSQL in .data/postgres' : 'Database: DATABASE_URL',
  );
  console.log(`API docs: ${product.url}/api/docs`);
  if (product.emulator) {
    console.log(`Apple's API: the bundled emulator at ${product.emulator.baseUrl} (demo organisation)`);
    console.log('Demo .vpptoken files to upload under Tokens → Add token:');
    for (const file of product.emulator.tokenFiles)
      console.log(`  ${path.relative(process.cwd(), file.file)}  (${file.locationName})`);
  } else {
    console.log(`Apple's API: ${product.config.APPLE_VPP_BASE_URL}`);
  }
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      console.log('Stopping…');
      await product.stop();
      process.exit(0);
    });
  }
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  throw error;
}
