import { enqueueJobWithPg } from '@vpp/job-queue/job-queue';
import type pg from 'pg';
import { PROGRESS_DEPLOYMENT_TASK } from './deployment-tasks.ts';

/**
 * After a sync: install targets that failed for want of a license get one if the token now has
 * licenses free (bought since), in the same stable order as at creation, under the app's row lock.
 * Returns how many targets were given another try.
 */
export async function retryLicenseShortfalls(pool: pg.Pool, tokenId: string): Promise<number> {
  const apps = await pool.query<{ store_app_id: string }>(
    `SELECT DISTINCT a.store_app_id FROM deployment_targets t
       JOIN deployments d ON d.id = t.deployment_id JOIN applications a ON a.id = d.application_id
       JOIN store_apps s ON s.id = a.store_app_id
      WHERE s.token_id = $1 AND d.status = 'ACTIVE' AND d.action = 'INSTALL'
        AND t.state = 'FAILED' AND t.error_code = 'NO_LICENSE_AVAILABLE'`,
    [tokenId],
  );
  let retried = 0;
  for (const { store_app_id: storeAppId } of apps.rows) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const app = await client.query<{ free: number }>(
        'SELECT greatest(0, available_count - reserved_count) AS free FROM store_apps WHERE id = $1 FOR UPDATE',
        [storeAppId],
      );
      const free = app.rows[0]?.free ?? 0;
      const picked = await client.query<{ deployment_id: string }>(
        `WITH waiting AS (
           SELECT DISTINCT ON (t.license_type, t.assignee) t.id, t.deployment_id
             FROM deployment_targets t JOIN deployments d ON d.id = t.deployment_id
             JOIN applications a ON a.id = d.application_id
            WHERE a.store_app_id = $1 AND d.status = 'ACTIVE' AND d.action = 'INSTALL'
              AND t.state = 'FAILED' AND t.error_code = 'NO_LICENSE_AVAILABLE'
            ORDER BY t.license_type, t.assignee, d.created_at, t.id
            LIMIT $2
         )
         UPDATE deployment_targets t SET state = 'PENDING', reserved = true, error = NULL, error_code = NULL,
                event_id = NULL, command_sent_at = NULL, updated_at = now()
           FROM waiting w WHERE t.id = w.id
         RETURNING t.deployment_id`,
        [storeAppId, free],
      );
      if (picked.rowCount) {
        await client.query('UPDATE store_apps SET reserved_count = reserved_count + $2 WHERE id = $1', [
          storeAppId,
          picked.rowCount,
        ]);
        for (const deploymentId of new Set(picked.rows.map((row) => row.deployment_id))) {
          await enqueueJobWithPg(
            client,
            PROGRESS_DEPLOYMENT_TASK,
            { deploymentId },
            { jobKey: `deployment:${deploymentId}` },
          );
        }
        retried += picked.rowCount;
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
  return retried;
}
