import { loadConfigOrExit } from '@vpp/config/process-env';
import { createLogger } from '@vpp/core/logging';
import { openDatabase } from '@vpp/db/database';
import { startApi } from './server.ts';

// The API alone, as a production replica runs it (docker-compose). `npm start` runs everything.
const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL, 'api');
const database = openDatabase(config.DATABASE_URL, { applicationName: 'vpp-console-api' });
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
