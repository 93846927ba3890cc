import { loadConfigOrExit } from '@vpp/config/process-env';
import { installFatalErrorHandlers } from '@vpp/core/services/fatal-errors';
import { buildServices } from '@vpp/core/services/services';
import { waitForDatabase } from '@vpp/db/database-availability';
import { startWorker } from './worker.ts';

// The worker alone, as a production replica runs it; `npm start` runs it inside one process.
const config = loadConfigOrExit();
const services = buildServices(config, {}, { name: 'vpp-console-worker' });
let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
installFatalErrorHandlers(services.logger, {
  cleanup: async () => {
    await worker?.stop();
    await services.close();
  },
});
// Started before the database (compose, a host reboot): wait for it with backoff instead of crashing.
await waitForDatabase(services.database.pool, { logger: services.logger, what: 'worker start-up' });
worker = await startWorker(services);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    services.logger.info({ signal }, 'shutting down');
    await worker?.stop();
    await services.close();
    process.exit(0);
  });
}
