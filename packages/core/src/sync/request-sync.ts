import type { Db, DbClient } from '@vpp/db/database';
import type { SyncKind, SyncTrigger } from '@vpp/db/enums';
import { recordAudit } from '../audit-log/record-audit.ts';
import { syncTokenJob } from '../jobs/jobs.ts';
import type { RequestContext } from '../request-context.ts';
import { createRun, createRuns, isStalled, listActiveRunIds, lockSyncSlot } from './sync-run-store.ts';

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
  if (!(await isStalled(tx, syncRunId))) return false;
  await syncTokenJob.enqueue(tx, { syncRunId });
  return true;
}

/** Resumes every stalled run (a recurring job, so a crashed worker's runs finish without anyone asking). */
export async function resumeStalledSyncRuns(prisma: DbClient): Promise<number> {
  let resumed = 0;
  for (const id of await listActiveRunIds(prisma)) {
    if (await prisma.$transaction((tx) => resumeIfStalled(tx, id))) resumed += 1;
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
  const { activeSyncRunId } = await lockSyncSlot(tx, tokenId);
  if (activeSyncRunId) {
    await resumeIfStalled(tx, activeSyncRunId);
    return { syncRunId: activeSyncRunId, created: false };
  }
  const syncRunId = await createRun(tx, tokenId, kind, trigger);
  await syncTokenJob.enqueue(tx, { syncRunId });
  return { syncRunId, created: true };
}

export function requestSync(
  prisma: DbClient,
  tokenId: string,
  kind: SyncKind,
  trigger: SyncTrigger,
): Promise<SyncRequestOutcome> {
  return prisma.$transaction((tx) => requestSyncInTransaction(tx, tokenId, kind, trigger));
}

/**
 * Queues a sync of each listed token that has no run queued or running, in one statement (runs,
 * slots and jobs together); tokens with an active run keep it (a stalled one is resumed by the
 * recurring resume job). `SCHEDULED`: incremental, or full once the last full sync is a week old.
 */
export function requestSyncs(
  db: Db | DbClient,
  tokenIds: readonly string[],
  kind: SyncKind | 'SCHEDULED',
  trigger: SyncTrigger,
  fullEveryMs: number,
): Promise<{ tokenId: string; syncRunId: string }[]> {
  return createRuns(db, tokenIds, {
    kind,
    trigger,
    fullEveryMs,
    job: {
      identifier: syncTokenJob.id,
      keyPrefix: syncTokenJob.key?.({ syncRunId: '' }) ?? '',
      maxAttempts: syncTokenJob.maxAttempts ?? 25,
    },
  });
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
