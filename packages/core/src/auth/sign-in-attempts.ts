import type { Db } from '@vpp/db/database';

const WINDOW_MS = 15 * 60 * 1000;

export interface AttemptCheck {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * Failed sign-ins counted per key in fixed 15-minute windows, in the database so that every API
 * replica sees the same count.
 */
export async function countFailedSignIn(db: Db, key: string, now: Date): Promise<void> {
  const resetAt = new Date(now.getTime() + WINDOW_MS);
  await db.$executeRaw`
    INSERT INTO rate_limit_buckets (key, hits, reset_at) VALUES (${key}, 1, ${resetAt})
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN rate_limit_buckets.reset_at <= ${now} THEN 1 ELSE rate_limit_buckets.hits + 1 END,
      reset_at = CASE WHEN rate_limit_buckets.reset_at <= ${now} THEN ${resetAt} ELSE rate_limit_buckets.reset_at END`;
}

/** `limits` maps each counter key to the number of failures that blocks it. */
export async function checkSignInAllowed(
  db: Db,
  limits: Map<string, number>,
  now: Date,
): Promise<AttemptCheck> {
  const buckets = await db.rateLimitBucket.findMany({
    where: { key: { in: [...limits.keys()] }, resetAt: { gt: now } },
  });
  const blocking = buckets.filter(
    (bucket) => bucket.hits >= (limits.get(bucket.key) ?? Number.POSITIVE_INFINITY),
  );
  if (blocking.length === 0) return { allowed: true, retryAfterSeconds: 0 };
  const until = Math.max(...blocking.map((bucket) => bucket.resetAt.getTime()));
  return { allowed: false, retryAfterSeconds: Math.ceil((until - now.getTime()) / 1000) };
}

export async function pruneExpiredBuckets(db: Db, now: Date): Promise<number> {
  const { count } = await db.rateLimitBucket.deleteMany({ where: { resetAt: { lte: now } } });
  return count;
}
