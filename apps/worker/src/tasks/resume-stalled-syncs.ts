import { forgetOrphanPassKeys } from '@vpp/core/sync/reconcile-assignments';
import { resumeStalledSyncRuns } from '@vpp/core/sync/request-sync';
import type { WorkerTask } from '../worker-task.ts';

export const RESUME_STALLED_SYNCS = 'resume-stalled-syncs';

/** Gives runs whose worker died a fresh job; they resume from their last committed page. */
export const resumeStalledSyncs: WorkerTask = async (_payload, { database, logger }) => {
  const resumed = await resumeStalledSyncRuns(database.prisma);
  if (resumed > 0) logger.warn({ resumed }, 'resumed stalled sync runs');
  const forgotten = await forgetOrphanPassKeys(database.pool);
  if (forgotten > 0) logger.info({ forgotten }, 'removed pass keys of ended sync runs');
};
