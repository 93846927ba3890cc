import { pruneExpiredSessions } from '@vpp/core/auth/sessions';
import { pruneExpiredBuckets } from '@vpp/core/auth/sign-in-attempts';
import type { WorkerTask } from '../worker-task.ts';

export const PRUNE_RATE_LIMIT_BUCKETS = 'prune-rate-limit-buckets';

/** Deletes sign-in counters whose window has ended and expired sessions, so both tables stay small. */
export const pruneRateLimitBuckets: WorkerTask = async (_payload, { database, logger, now }) => {
  const removed = await pruneExpiredBuckets(database.prisma, now());
  if (removed > 0) logger.info({ removed }, 'pruned expired sign-in counters');
  const sessions = await pruneExpiredSessions(database.prisma, now());
  if (sessions > 0) logger.info({ removed: sessions }, 'pruned expired sessions');
};
