import type { Db, DbClient } from '@vpp/db/database';
import type { SyncKind, SyncTrigger } from '@vpp/db/enums';
import { enqueueJob } from '@vpp/job-queue/job-queue';
import { recordAudit } from '../audit-log/record-audit.ts';
import type { RequestContext } from '../request-context.ts';

export const SYNC_TOKEN_TASK = 'sync-token';

export interface SyncRequestOutcome {
  syncRunId: string;
  /** False when a run was already queued or running for the token and is returned instead. */
  created: boolean;
}

/**
 * A run whose worker died holds the token's slot with a lease that has run out, or has no job left in
 * the queue: give it a fresh job so it resumes from its last committed page.
 */
export async function resumeIfStalled(tx: Db, syncRunId: string): Promise<boolean> {
  const [run] = await tx.$queryRaw<{ stalled: boolean }[]>`
    SELECT (r.status = 'RUNNING' AND (r.lease_expires_at IS NULL OR r.lease_expires_at < now()))
           OR NOT EXISTS (SELECT 1 FROM graphile_worker.jobs j WHERE j.key = 'sync-run:' || r.id::text
                             AND (j.locked_at IS NULL OR j.locked_at > now() - interval '4 hours')
                             AND j.attempts < j.max_attempts) AS stalled
      FROM sync_runs r WHERE r.id = ${syncRunId}::uuid AND r.status IN ('QUEUED', 'RUNNING')`;
  if (!run?.stalled) return false;
  await enqueueJob(tx, SYNC_TOKEN_TASK, { syncRunId }, { jobKey: `sync-run:${syncRunId}`, maxAttempts: 10 });
  return true;
}

/** Resumes every stalled run (a recurring job, so a crashed worker's runs finish without anyone asking). */
export async function resumeStalledSyncRuns(prisma: DbClient): Promise<number> {
  const active = await prisma.syncRun.findMany({
    where: { status: { in: ['QUEUED', 'RUNNING'] } },
    select: { id: true },
  });
  let resumed = 0;
  for (const run of active) {
    if (await prisma.$transaction((tx) => resumeIfStalled(tx, run.id))) resumed += 1;
  }
  return resumed;
}

/**
 * Queues a sync of one token, or returns the run already queued or running: the token's single
 * sync slot (`active_sync_run_id`) is taken in the same transaction that creates the run and the job.
 */
export async function requestSyncInTransaction(
  tx: Db,
  tokenId: string,
  kind: SyncKind,
  trigger: SyncTrigger,
): Promise<SyncRequestOutcome> {
  const [token] = await tx.$queryRaw<{ active_sync_run_id: string | null }[]>`
    SELECT active_sync_run_id FROM vpp_tokens WHERE id = ${tokenId}::uuid FOR UPDATE`;
  if (!token) throw new Error(`token ${tokenId} does not exist`);
  if (token.active_sync_run_id) {
    await resumeIfStalled(tx, token.active_sync_run_id);
    return { syncRunId: token.active_sync_run_id, created: false };
  }
  const run = await tx.syncRun.create({ data: { tokenId, kind, trigger } });
  await tx.vppToken.update({ where: { id: tokenId }, data: { activeSyncRunId: run.id } });
  await enqueueJob(
    tx,
    SYNC_TOKEN_TASK,
    { syncRunId: run.id },
    { jobKey: `sync-run:${run.id}`, maxAttempts: 10 },
  );
  return { syncRunId: run.id, created: true };
}

export function requestSync(
  prisma: DbClient,
  tokenId: string,
  kind: SyncKind,
  trigger: SyncTrigger,
): Promise<SyncRequestOutcome> {
  return prisma.$transaction((tx) => requestSyncInTransaction(tx, tokenId, kind, trigger));
}

/** The admin's "Sync" button: always a full sync; an existing queued or running run is returned instead. */
export async function startManualSync(
  prisma: DbClient,
  ctx: RequestContext,
  tokenId: string,
): Promise<SyncRequestOutcome> {
  return prisma.$transaction(async (tx) => {
    const outcome = await requestSyncInTransaction(tx, tokenId, 'FULL', 'MANUAL');
    if (outcome.created) {
      await recordAudit(tx, ctx, {
        action: 'token.sync',
        targetType: 'token',
        targetId: tokenId,
        summary: 'Started a full sync',
        after: { syncRunId: outcome.syncRunId },
      });
    }
    return outcome;
  });
}
