import type { Database, Db } from '@vpp/db/database';
import { type Sql, withTransaction } from '@vpp/db/transaction';

const WINDOW_MS = 15 * 60 * 1000;

export interface AttemptLimit {
  /** Counter key, e.g. `sign-in:email:a@b.c`. */
  key: string;
  /** Attempts in one window that the key may have in flight or failed. */
  limit: number;
}

export type Reservation = { granted: true; keys: string[] } | { granted: false; retryAfterSeconds: number };

/**
 * Reserves one attempt on every key before the password is checked, in fixed 15-minute windows kept
 * in the database so that every API replica sees the same count.
 *
 * Each key is bumped by one upsert that reads and moves the counter in the same statement; its row
 * lock makes concurrent attempts on a key take turns, so N parallel attempts see 1, 2, …, N and only
 * the first `limit` are granted. When any key is over its limit the transaction rolls back and no key
 * is charged. Keys are locked in sorted order so two attempts sharing both keys cannot deadlock.
 */
export async function reserveSignInAttempt(
  database: Pick<Database, 'pool'>,
  limits: AttemptLimit[],
  now: Date,
): Promise<Reservation> {
  const sorted = [...limits].sort((a, b) => a.key.localeCompare(b.key));
  const resetAt = new Date(now.getTime() + WINDOW_MS);
  try {
    await withTransaction(database, async (tx) => {
      let blockedUntil = 0;
      for (const { key, limit } of sorted) {
        const { rows } = await tx.query<{ hits: number; reset_at: Date }>(
          `INSERT INTO rate_limit_buckets AS bucket (key, hits, reset_at) VALUES ($1, 1, $3)
           ON CONFLICT (key) DO UPDATE SET
             hits = CASE WHEN bucket.reset_at <= $2 THEN 1 ELSE bucket.hits + 1 END,
             reset_at = CASE WHEN bucket.reset_at <= $2 THEN $3 ELSE bucket.reset_at END
           RETURNING hits, reset_at`,
          [key, now, resetAt],
        );
        const row = rows[0];
        if (row && row.hits > limit) blockedUntil = Math.max(blockedUntil, row.reset_at.getTime());
      }
      if (blockedUntil > 0) throw new OverLimit(blockedUntil);
    });
  } catch (error) {
    if (!(error instanceof OverLimit)) throw error;
    return {
      granted: false,
      retryAfterSeconds: Math.max(1, Math.ceil((error.until - now.getTime()) / 1000)),
    };
  }
  return { granted: true, keys: sorted.map(({ key }) => key) };
}

class OverLimit extends Error {
  constructor(readonly until: number) {
    super('over the sign-in limit');
  }
}

/**
 * Gives a reservation back: the attempt succeeded, or was never evaluated. A failed attempt keeps
 * it, so failures are what fills the window.
 */
export async function releaseSignInAttempt(sql: Sql, keys: string[], now: Date): Promise<void> {
  await sql.query(
    `UPDATE rate_limit_buckets SET hits = hits - 1
     WHERE key = ANY($1::text[]) AND hits > 0 AND reset_at > $2`,
    [keys, now],
  );
}

export async function pruneExpiredBuckets(db: Db, now: Date): Promise<number> {
  const { count } = await db.rateLimitBucket.deleteMany({ where: { resetAt: { lte: now } } });
  return count;
}
