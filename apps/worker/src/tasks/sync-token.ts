import { runTokenSync } from '@vpp/core/sync/run-token-sync';
import { z } from 'zod';
import type { WorkerTask } from '../worker-task.ts';

export { SYNC_TOKEN_TASK } from '@vpp/core/sync/request-sync';

const payloadSchema = z.object({ syncRunId: z.uuid() });

/** One attempt at a token's sync run; transient failures throw so the queue retries with backoff. */
export const syncToken: WorkerTask = async (payload, deps) => {
  const { syncRunId } = payloadSchema.parse(payload);
  const outcome = await runTokenSync(
    {
      database: deps.database,
      cipher: deps.cipher,
      appleClients: deps.appleClients,
      logger: deps.logger,
      workerId: deps.workerId,
      leaseMs: deps.config.SYNC_LEASE_SECONDS * 1000,
      installationId: deps.installationId,
      ...(deps.config.APPLE_NOTIFICATIONS_BASE_URL
        ? {
            notifications: {
              baseUrl: deps.config.APPLE_NOTIFICATIONS_BASE_URL,
              encryptionKey: deps.config.TOKEN_ENCRYPTION_KEY,
            },
          }
        : {}),
    },
    syncRunId,
    { number: deps.attempt, isLast: deps.attempt >= deps.maxAttempts },
  );
  deps.logger.info({ syncRunId, outcome }, 'sync job done');
};
