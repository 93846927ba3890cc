import { AppError } from '@vpp/contracts/errors';
import type { Paged } from '@vpp/contracts/paging';
import type { SyncRun } from '@vpp/contracts/tokens';
import type { SyncRunChange, SyncRun as SyncRunRow } from '@vpp/db/client';
import type { Db } from '@vpp/db/database';
import type { Sql } from '@vpp/db/transaction';
import { type SyncRunPageQuery, type SyncRunViewRow, selectSyncRunPage } from './sync-run-store.ts';

export function toSyncRun(row: SyncRunViewRow | SyncRunRow): SyncRun {
  return {
    id: row.id,
    tokenId: row.tokenId,
    kind: row.kind,
    trigger: row.trigger,
    status: row.status,
    queuedAt: row.queuedAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    pagesFetched: row.pagesFetched,
    changes: {
      appsAdded: row.appsAdded,
      appsRemoved: row.appsRemoved,
      countsChanged: row.countsChanged,
      assignmentsAdded: row.assignmentsAdded,
      assignmentsRemoved: row.assignmentsRemoved,
    },
    error: row.error,
  };
}

/** Sync runs, newest first: two statements at any page size, keyset-paged when `after` is given. */
export async function listSyncRuns(sql: Sql, query: SyncRunPageQuery): Promise<Paged<SyncRun>> {
  const { total, rows } = await selectSyncRunPage(sql, query);
  return { total, page: query.page, pageSize: query.pageSize, items: rows.map(toSyncRun) };
}

export async function getSyncRun(db: Db, id: string): Promise<SyncRun> {
  const row = await db.syncRun.findUnique({ where: { id } });
  if (!row) throw new AppError('NOT_FOUND', 'No such sync run.');
  return toSyncRun(row);
}

export async function listSyncRunChanges(db: Db, id: string): Promise<SyncRunChange[]> {
  await getSyncRun(db, id);
  return db.syncRunChange.findMany({
    where: { syncRunId: id },
    orderBy: [{ kind: 'asc' }, { appName: 'asc' }],
  });
}
