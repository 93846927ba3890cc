import { loadConfigOrExit } from '@vpp/config/process-env';
import { ensureFirstAdmin } from '@vpp/core/accounts/ensure-first-admin';
import { installFatalErrorHandlers } from '@vpp/core/services/fatal-errors';
import { buildServices } from '@vpp/core/services/services';
import { waitForDatabase } from '@vpp/db/database-availability';
import { startApi } from './server.ts';

// The API alone, as a production replica runs it (docker-compose). `npm start` runs everything.
const config = loadConfigOrExit();
const services = buildServices(config, {}, { name: 'vpp-console-api' });
const { logger, database } = services;
let api: Awaited<ReturnType<typeof startApi>> | undefined;
installFatalErrorHandlers(logger, {
  cleanup: async () => {
    await api?.close();
    await services.close();
  },
});
// Started before the database (compose, a host reboot): wait for it with backoff instead of crashing.
await waitForDatabase(database.pool, { logger, what: 'api start-up' });
if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
  const outcome = await ensureFirstAdmin(database.prisma, {
    email: config.ADMIN_EMAIL,
    password: config.ADMIN_PASSWORD,
  });
  if (outcome.created) logger.info({ email: outcome.email }, 'created the first admin account');
}
api = await startApi(services);
logger.info({ port: api.port }, 'API listening');

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    logger.info({ signal }, 'shutting down');
    await api?.close();
    await services.close();
    process.exit(0);
  });
}
