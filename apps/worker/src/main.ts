import { loadConfigOrExit } from '@vpp/config/process-env';
import { installFatalErrorHandlers } from '@vpp/core/services/fatal-errors';
import { buildServices } from '@vpp/core/services/services';
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
worker = await startWorker(services);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    services.logger.info({ signal }, 'shutting down');
    await worker?.stop();
    await services.close();
    process.exit(0);
  });
}
