import { loadConfigOrExit } from '@vpp/config/process-env';
import { ensureFirstAdmin } from '@vpp/core/accounts/ensure-first-admin';
import { createLogger } from '@vpp/core/logging';
import { openDatabase } from '@vpp/db/database';
import { startApi } from './server.ts';

// The API alone, as a production replica runs it (docker-compose). `npm start` runs everything.
const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL, 'api');
const database = openDatabase(config.DATABASE_URL, { applicationName: 'vpp-console-api' });
if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
  const outcome = await ensureFirstAdmin(database.prisma, {
    email: config.ADMIN_EMAIL,
    password: config.ADMIN_PASSWORD,
  });
  if (outcome.created) logger.info({ email: outcome.email }, 'created the first admin account');
}
const api = await startApi(config, database, logger);
logger.info({ port: api.port }, 'API listening');

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    logger.info({ signal }, 'shutting down');
    await api.close();
    await database.close();
    process.exit(0);
  });
}
