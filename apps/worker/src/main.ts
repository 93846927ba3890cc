import { loadConfigOrExit } from '@vpp/config/process-env';
import { createLogger } from '@vpp/core/logging';
import { openDatabase } from '@vpp/db/database';
import { startWorker } from './worker.ts';

// The worker alone, as a production replica runs it; `npm start` runs it inside one process.
const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL, 'worker');
const database = openDatabase(config.DATABASE_URL, { applicationName: 'vpp-console-worker' });
const worker = await startWorker({ config, database, logger, now: () => new Date() });

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    logger.info({ signal }, 'shutting down');
    await worker.stop();
    await database.close();
    process.exit(0);
  });
}
