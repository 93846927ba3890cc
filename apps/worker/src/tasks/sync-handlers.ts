import { syncDepsFrom } from '@vpp/core/services/services';
import { forgetOrphanPassKeys } from '@vpp/core/sync/reconcile-assignments';
import { resumeStalledSyncRuns } from '@vpp/core/sync/request-sync';
import { runTokenSync } from '@vpp/core/sync/run-token-sync';
import { pruneOldSyncRuns } from '@vpp/core/sync/sync-run-retention';
import { scheduleSyncs, startScheduledSync } from '@vpp/core/sync/sync-schedule';
import type { JobContext, JobHandler } from '../worker-task.ts';

const scheduleOf = (config: JobContext['config']) => ({
  cron: config.SYNC_SCHEDULE,
  spreadMs: config.SYNC_SPREAD_MINUTES * 60_000,
});

export const syncToken: JobHandler<'sync-token'> = async ({ syncRunId }, context) => {
  const outcome = await runTokenSync({ ...syncDepsFrom(context), signal: context.signal }, syncRunId, {
    number: context.attempt,
    isLast: context.attempt >= context.maxAttempts,
  });
  context.logger.info({ syncRunId, outcome }, 'sync job done');
};

export const scheduleAllSyncs: JobHandler<'schedule-syncs'> = async (_payload, context) => {
  const count = await scheduleSyncs(context.database.prisma, scheduleOf(context.config), context.now());
  context.logger.info(
    { tokens: count, spreadMinutes: context.config.SYNC_SPREAD_MINUTES },
    'scheduled syncs',
  );
};

export const runScheduledSync: JobHandler<'scheduled-sync'> = async ({ tokenId }, context) => {
  await startScheduledSync(context.database.prisma, scheduleOf(context.config), tokenId, context.now());
};

export const resumeStalledSyncs: JobHandler<'resume-stalled-syncs'> = async (_payload, context) => {
  const resumed = await resumeStalledSyncRuns(context.database.prisma);
  if (resumed > 0) context.logger.warn({ resumed }, 'resumed stalled sync runs');
};

export const forgetPassKeysOfEndedRuns: JobHandler<'forget-orphan-pass-keys'> = async (_payload, context) => {
  const forgotten = await forgetOrphanPassKeys(context.database.pool);
  if (forgotten > 0) context.logger.info({ forgotten }, 'removed pass keys of ended sync runs');
};

export const pruneOldRuns: JobHandler<'prune-old-sync-runs'> = async (_payload, context) => {
  const removed = await pruneOldSyncRuns(context.database.pool, context.now(), {
    retentionDays: context.config.SYNC_RUN_RETENTION_DAYS,
  });
  if (removed > 0)
    context.logger.info(
      { removed, retentionDays: context.config.SYNC_RUN_RETENTION_DAYS },
      'deleted old sync runs',
    );
};
