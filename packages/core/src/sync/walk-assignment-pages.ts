import { randomUUID } from 'node:crypto';
import type { VppClient } from '@vpp/apple-vpp-client';
import type { Assignment } from '@vpp/apple-vpp-client/schemas';
import { type PageWrite, writeAssignmentsPage } from './reconcile-assignments.ts';
import type { SyncDeps } from './sync-deps.ts';
import { SyncInterrupted } from './sync-failures.ts';
import { LeaseLostError } from './sync-run-lease.ts';
import { type LeasedRun, recordPageProgress, restartPass, startPass } from './sync-run-store.ts';

/** Writes at once, each on its own connection (PostgreSQL gets a core per write). */
const CONCURRENT_PAGE_WRITES = 2;
/** Pages are written a few at a time (one transaction and one COPY per batch of about this many rows). */
const BATCH_ROWS = 4000;

export interface WalkResult {
  versionId: string;
  pagesNotRecorded: number;
  nextPageIndex: number;
  pagesWritten: number;
}

/**
 * Walks the assignment pages from the run's resume point, writing them in batches of a few pages,
 * up to two batches at once. The
 * resume point moves only past pages that are all committed; a page after it may be written again
 * on resume, which the merge makes harmless. Returns the new checkpoint (versionId).
 */
export async function walkAssignmentPages(
  deps: SyncDeps,
  run: LeasedRun,
  client: VppClient,
  kind: 'FULL' | 'INCREMENTAL',
  sinceVersionId: string | null,
): Promise<WalkResult> {
  const { pool } = deps.database;
  let startPage = run.nextPageIndex;
  let passId = run.passId;
  let notesKeys = run.passNotesKeys;
  if (kind === 'FULL' && !passId) {
    passId = randomUUID();
    startPage = 0;
    // A token that holds nothing yet has nothing to remove at the end: its first pass notes no keys.
    const holds = await pool.query('SELECT 1 FROM license_assignments WHERE token_id = $1 LIMIT 1', [
      run.tokenId,
    ]);
    notesKeys = (holds.rowCount ?? 0) > 0;
    await startPass(pool, run.id, passId, notesKeys);
  }
  const write: PageWrite = {
    syncRunId: run.id,
    leaseOwner: deps.workerId,
    tokenId: run.tokenId,
    passId: kind === 'FULL' && passId ? passId : run.id,
    direct: kind === 'FULL' && !notesKeys && startPage === 0,
  };
  let passVersionId = startPage > 0 ? run.passVersionId : null;
  const query = kind === 'INCREMENTAL' && sinceVersionId ? { sinceVersionId } : {};
  const walk = client.iterateAssignments(query, { startPageIndex: startPage, pagesInFlight: 3 });
  const writing = new Set<Promise<void>>();
  const committed = new Set<number>();
  let recordedUpTo = startPage;
  let contiguousUpTo = startPage;
  let firstPage = true;
  let pagesWritten = 0;
  let failure: { error: unknown } | null = null;
  let batch: { indexes: number[]; assignments: Assignment[] } = { indexes: [], assignments: [] };
  const advance = () => {
    while (committed.delete(contiguousUpTo)) contiguousUpTo += 1;
  };
  const flush = async () => {
    if (batch.indexes.length === 0) return;
    const { indexes, assignments } = batch;
    batch = { indexes: [], assignments: [] };
    const pending: Promise<void> = writeAssignmentsPage(deps.database, assignments, write).then(() => {
      for (const index of indexes) committed.add(index);
    });
    writing.add(pending);
    void pending.then(
      () => writing.delete(pending),
      (error: unknown) => {
        writing.delete(pending);
        failure ??= { error };
      },
    );
    if (writing.size >= CONCURRENT_PAGE_WRITES) await Promise.race(writing).catch(() => {});
  };
  let interrupted = false;
  for await (const page of walk) {
    if (failure) break;
    // The worker is stopping: end at this page boundary; the pages before it are committed below.
    if (deps.signal?.aborted) {
      interrupted = true;
      break;
    }
    const pageVersion = page.versionId ?? walk.firstPageVersionId ?? '';
    if (passVersionId === null) {
      passVersionId = pageVersion;
    } else if (firstPage && startPage > 0 && pageVersion !== passVersionId) {
      // Apple's data changed since the interrupted pass began: page boundaries may have moved, so
      // start the pass again rather than miss rows.
      await restartPass(pool, run.id);
      return walkAssignmentPages(
        deps,
        { ...run, nextPageIndex: 0, passId: null, passVersionId: null },
        client,
        kind,
        sinceVersionId,
      );
    }
    firstPage = false;
    const index = page.currentPageIndex;
    if (page.assignments.length === 0) {
      committed.add(index);
    } else {
      pagesWritten += 1;
      batch.indexes.push(index);
      for (const assignment of page.assignments) batch.assignments.push(assignment);
      if (batch.assignments.length >= BATCH_ROWS) await flush();
    }
    advance();
    // Progress every few pages: a crash re-reads at most those.
    if (contiguousUpTo - recordedUpTo >= 4) {
      const recorded = await recordPageProgress(pool, run.id, deps.workerId, {
        nextPageIndex: contiguousUpTo,
        pagesFetched: contiguousUpTo - recordedUpTo,
        passVersionId: passVersionId ?? pageVersion,
      });
      if (!recorded) throw new LeaseLostError(run.id);
      recordedUpTo = contiguousUpTo;
    }
  }
  if (!failure) await flush();
  await Promise.allSettled(writing);
  // A write that failed fails the walk: the pages after the resume point are written again.
  if (failure) throw (failure as { error: unknown }).error;
  advance();
  if (interrupted) {
    if (contiguousUpTo > recordedUpTo && passVersionId !== null) {
      const recorded = await recordPageProgress(pool, run.id, deps.workerId, {
        nextPageIndex: contiguousUpTo,
        pagesFetched: contiguousUpTo - recordedUpTo,
        passVersionId,
      });
      if (!recorded) throw new LeaseLostError(run.id);
    }
    throw new SyncInterrupted(run.id);
  }
  return {
    versionId: passVersionId ?? walk.firstPageVersionId ?? sinceVersionId ?? '',
    pagesNotRecorded: contiguousUpTo - recordedUpTo,
    nextPageIndex: contiguousUpTo,
    pagesWritten,
  };
}
