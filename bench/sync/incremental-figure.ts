import { requestSync } from '@vpp/core/sync/request-sync';
import { runTokenSync } from '@vpp/core/sync/run-token-sync';
import type { FullSyncSetup } from './full-sync-figure.ts';
import type { StatementKind } from './statement-counter.ts';

// Figure 3: the token of figure 1, already fully synced, synced again incrementally with nothing
// changed at Apple: what it asks Apple and how many statements it sends to PostgreSQL.

export interface IncrementalResult {
  kind: string;
  ms: number;
  appleRequests: { method: string; path: string; status: number }[];
  assetPages: number;
  syncStatements: { total: number; kinds: StatementKind[] };
  enqueueStatements: number;
  assignmentsAdded: number;
  appsAdded: number;
}

export async function runIncrementalSync(setup: FullSyncSetup): Promise<IncrementalResult> {
  const { bench, emulator, deps } = setup;
  const { pool } = bench.database;
  bench.statements.start();
  const { syncRunId } = await requestSync(bench.database.prisma, setup.tokenId, 'INCREMENTAL', 'SCHEDULE');
  const enqueueStatements = bench.statements.stop().total;

  emulator.control.clearRequests();
  bench.statements.start();
  const started = performance.now();
  const outcome = await runTokenSync(deps, syncRunId, { number: 1, isLast: false });
  const ms = performance.now() - started;
  const syncStatements = bench.statements.stop();
  if (outcome.result !== 'succeeded') {
    throw new Error(`the incremental sync did not succeed: ${JSON.stringify(outcome)}`);
  }
  const requests = emulator.control.requests().map((request) => ({
    method: request.method,
    path: request.path.replace(/^\/mdm\/v2/, ''),
    status: request.status,
  }));
  const run = await pool.query<{ kind: string; assignments_added: number; apps_added: number }>(
    'SELECT kind, assignments_added, apps_added FROM sync_runs WHERE id = $1',
    [syncRunId],
  );
  return {
    kind: run.rows[0]?.kind ?? '?',
    ms,
    appleRequests: requests,
    assetPages: requests.filter((request) => request.path === '/assets').length,
    syncStatements,
    enqueueStatements,
    assignmentsAdded: run.rows[0]?.assignments_added ?? -1,
    appsAdded: run.rows[0]?.apps_added ?? -1,
  };
}
