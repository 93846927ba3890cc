import { type Database, openDatabase } from './database.ts';
import { createDatabaseFromTemplate, dropDatabase } from './test-databases.ts';

/**
 * A fresh, migrated database for one test file, copied from the run's template. The server URL is
 * put in the environment by the test run's global setup.
 */
export async function openTestDatabase(serverUrl: string | undefined): Promise<Database & { url: string }> {
  if (!serverUrl) throw new Error('VPP_TEST_DATABASE_SERVER_URL is not set: run the tests through vitest.');
  const url = await createDatabaseFromTemplate(serverUrl);
  const database = openDatabase(url, { maxConnections: 10, applicationName: 'vpp-console-test' });
  return {
    ...database,
    url,
    async close() {
      await database.close();
      await dropDatabase(url);
    },
  };
}
