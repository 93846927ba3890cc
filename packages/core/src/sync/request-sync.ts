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
  if (token.active_sync_run_id) return { syncRunId: token.active_sync_run_id, created: false };
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
