import { AppError } from '@vpp/contracts/errors';
import type { Paged } from '@vpp/contracts/paging';
import type { SyncRun } from '@vpp/contracts/tokens';
import type { SyncRunChange, SyncRun as SyncRunRow } from '@vpp/db/client';
import type { Db } from '@vpp/db/database';

export function toSyncRun(row: SyncRunRow): SyncRun {
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

export async function listSyncRuns(
  db: Db,
  query: { tokenId?: string | undefined; page: number; pageSize: number },
): Promise<Paged<SyncRun>> {
  const where = query.tokenId ? { tokenId: query.tokenId } : {};
  const [total, rows] = await Promise.all([
    db.syncRun.count({ where }),
    db.syncRun.findMany({
      where,
      orderBy: [{ queuedAt: 'desc' }, { id: 'desc' }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
  ]);
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
