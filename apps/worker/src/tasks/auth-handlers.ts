import { pruneExpiredSessions } from '@vpp/core/auth/sessions';
import { pruneExpiredBuckets } from '@vpp/core/auth/sign-in-attempts';
import type { JobHandler } from '../worker-task.ts';

/** Deletes sign-in counters whose window has ended and expired sessions, so both tables stay small. */
export const pruneRateLimitBuckets: JobHandler<'prune-rate-limit-buckets'> = async (_payload, context) => {
  const removed = await pruneExpiredBuckets(context.database.prisma, context.now());
  if (removed > 0) context.logger.info({ removed }, 'pruned expired sign-in counters');
  const sessions = await pruneExpiredSessions(context.database.prisma, context.now());
  if (sessions > 0) context.logger.info({ removed: sessions }, 'pruned expired sessions');
};
