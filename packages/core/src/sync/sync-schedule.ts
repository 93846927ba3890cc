import { createHash } from 'node:crypto';
import { Prisma } from '@vpp/db/client';
import type { DbClient } from '@vpp/db/database';
import { createTask } from 'node-cron';
import { scheduledSyncJob } from '../jobs/jobs.ts';
import { requestSync } from './request-sync.ts';
import { setNextSyncAt } from './sync-run-store.ts';

/** A scheduled sync is a full one when the token's last full sync is at least this old. */
export const FULL_SYNC_EVERY_MS = 7 * 24 * 60 * 60 * 1000;

export interface SyncSchedule {
  cron: string;
  /** Tokens start at a fixed offset within this window after each cron time, not all at once. */
  spreadMs: number;
}

/** Each token's fixed place in the spread window, so its syncs come at regular times. */
export function tokenOffsetMs(tokenId: string, spreadMs: number): number {
  if (spreadMs <= 0) return 0;
  return Number.parseInt(createHash('sha256').update(tokenId).digest('hex').slice(0, 12), 16) % spreadMs;
}

export function nextCronTimes(cron: string, count: number): Date[] {
  const task = createTask(cron, () => {});
  try {
    return task.getNextRuns(count);
  } finally {
    task.destroy();
  }
}

/** The token's next scheduled sync: the next cron time plus the token's offset. */
export function nextScheduledSync(schedule: SyncSchedule, tokenId: string): Date | null {
  const [next] = nextCronTimes(schedule.cron, 1);
  return next ? new Date(next.getTime() + tokenOffsetMs(tokenId, schedule.spreadMs)) : null;
}

/** Time between two scheduled syncs (the smallest gap of the next few), for the staleness rule. */
export function scheduleIntervalMs(cron: string): number {
  const times = nextCronTimes(cron, 6).map((time) => time.getTime());
  let smallest = Number.POSITIVE_INFINITY;
  for (let index = 1; index < times.length; index += 1) {
    smallest = Math.min(smallest, (times[index] ?? 0) - (times[index - 1] ?? 0));
  }
  return Number.isFinite(smallest) ? smallest : 12 * 60 * 60 * 1000;
}

/**
 * At each cron time: a job per token that can sync, at the token's offset in the spread window, and
 * the token's next sync shown, for every token in one statement. Tokens that another MDM holds, or
 * Apple revoked, or that expired wait for the admin instead.
 */
export async function scheduleSyncs(prisma: DbClient, schedule: SyncSchedule, now: Date): Promise<number> {
  const tokens = await prisma.vppToken.findMany({
    where: { revokedAt: null, expiresAt: { gt: now }, foreignMdmInfo: { equals: Prisma.DbNull } },
    select: { id: true },
  });
  if (tokens.length === 0) return 0;
  const ids = tokens.map((token) => token.id);
  const runAts = ids.map((id) => new Date(now.getTime() + tokenOffsetMs(id, schedule.spreadMs)));
  await prisma.$executeRawUnsafe(
    `WITH turns AS (
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[]) AS t(token_id, run_at)
     ), jobs AS (
       SELECT graphile_worker.add_jobs(array_agg(
                ROW($3::text, json_build_object('tokenId', t.token_id), NULL, t.run_at, 25::smallint,
                    $4::text || t.token_id::text, NULL, NULL)::graphile_worker.job_spec)) AS added
         FROM turns t
     )
     UPDATE vpp_tokens v SET next_sync_at = t.run_at
       FROM turns t WHERE v.id = t.token_id AND (SELECT count(*) FROM jobs) >= 0`,
    ids,
    runAts,
    scheduledSyncJob.id,
    scheduledSyncJob.key?.({ tokenId: '' }) ?? '',
  );
  return tokens.length;
}

/** A token's scheduled turn: incremental, or full when the last full sync is a week old. */
export async function startScheduledSync(
  prisma: DbClient,
  schedule: SyncSchedule,
  tokenId: string,
  now: Date,
): Promise<void> {
  const token = await prisma.vppToken.findUnique({
    where: { id: tokenId },
    select: { lastFullSyncAt: true },
  });
  if (!token) return;
  const full = !token.lastFullSyncAt || now.getTime() - token.lastFullSyncAt.getTime() >= FULL_SYNC_EVERY_MS;
  await requestSync(prisma, tokenId, full ? 'FULL' : 'INCREMENTAL', 'SCHEDULE');
  await setNextSyncAt(prisma, tokenId, nextScheduledSync(schedule, tokenId));
}
