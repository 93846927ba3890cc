import type { Database } from '@vpp/db/database';
import { withTransaction } from '@vpp/db/transaction';
import { progressDeploymentJob } from '../jobs/jobs.ts';
import { lockStoreApp, retryShortfalls, storeAppsWithShortfalls } from './deployment-store.ts';

/**
 * After a sync: install targets that failed for want of a license get one if the token now has
 * licenses free (bought since), in the same stable order as at creation, under the app's row lock.
 * Returns how many targets were given another try.
 */
export async function retryLicenseShortfalls(
  database: Pick<Database, 'pool'>,
  tokenId: string,
): Promise<number> {
  let retried = 0;
  for (const storeAppId of await storeAppsWithShortfalls(database.pool, tokenId)) {
    retried += await withTransaction(database, async (tx) => {
      const app = await lockStoreApp(tx, storeAppId);
      if (!app || app.free === 0) return 0;
      const { deploymentIds, reserved } = await retryShortfalls(tx, storeAppId, app.free);
      for (const deploymentId of deploymentIds) {
        await progressDeploymentJob.enqueue(tx, { deploymentId });
      }
      return reserved;
    });
  }
  return retried;
}
