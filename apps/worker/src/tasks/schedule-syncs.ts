import {
  SCHEDULE_SYNCS_TASK,
  SCHEDULED_SYNC_TASK,
  scheduleSyncs,
  startScheduledSync,
} from '@vpp/core/sync/sync-schedule';
import { z } from 'zod';
import type { WorkerTask } from '../worker-task.ts';

export { SCHEDULE_SYNCS_TASK, SCHEDULED_SYNC_TASK };

const scheduleOf = (config: { SYNC_SCHEDULE: string; SYNC_SPREAD_MINUTES: number }) => ({
  cron: config.SYNC_SCHEDULE,
  spreadMs: config.SYNC_SPREAD_MINUTES * 60_000,
});

/** Fired by SYNC_SCHEDULE: gives every token that can sync its turn within the spread window. */
export const scheduleAllSyncs: WorkerTask = async (_payload, { database, config, logger, now }) => {
  const count = await scheduleSyncs(database.prisma, scheduleOf(config), now());
  logger.info({ tokens: count, spreadMinutes: config.SYNC_SPREAD_MINUTES }, 'scheduled syncs');
};

const payloadSchema = z.object({ tokenId: z.uuid() });

/** One token's scheduled turn: starts an incremental sync (full once a week). */
export const runScheduledSync: WorkerTask = async (payload, { database, config, now }) => {
  const { tokenId } = payloadSchema.parse(payload);
  await startScheduledSync(database.prisma, scheduleOf(config), tokenId, now());
};
