import { randomUUID } from 'node:crypto';
import type { VppClientFactory } from '@vpp/apple-vpp-client';
import { assignmentsPageSchema } from '@vpp/apple-vpp-client/schemas';
import {
  createEmulator,
  type Emulator,
  generateScaledOrganisation,
  type StartedEmulator,
} from '@vpp/apple-vpp-emulator';
import { systemContext } from '@vpp/core/request-context';
import {
  mergeNotedAssignments,
  type PageWrite,
  removeAssignmentsNotSeen,
  writeAssignmentsPage,
} from '@vpp/core/sync/reconcile-assignments';
import { requestSync } from '@vpp/core/sync/request-sync';
import { runTokenSync, type SyncDeps } from '@vpp/core/sync/run-token-sync';
import { renewLease, startPass, takeLease } from '@vpp/core/sync/sync-run-store';
import { addToken } from '@vpp/core/tokens/manage-tokens';
import { MAX_TOKENS_PER_INSTALLATION } from '@vpp/core/tokens/token-service-deps';
import { type Sql, type Transaction, withTransaction } from '@vpp/db/transaction';
import {
  appleClientsFor,
  appleRequestsByPath,
  type BenchDatabase,
  type BenchServer,
  inLanes,
  openBenchDatabase,
  syncDepsFor,
} from './bench-environment.ts';
import {
  type AssignmentRow,
  type LoadRate,
  measureCopy,
  measureUnnestInsert,
  readAssignmentRows,
} from './copy-baseline.ts';
import { type MemoryPeak, measurePeakMemory } from './memory-sampler.ts';
import type { StatementKind } from './statement-counter.ts';

// One token with many apps and assignments, synced in full from nothing, against COPY of the same
// rows in the same run; the process's peak memory while it syncs; the weekly full re-sync of it.

// How the product's page write (reconcile-assignments.ts) begins, as the statement counter labels it.
export const PAGE_STATEMENT_MARK = 'COPY ';

export interface FullSyncSetup {
  emulator: Emulator;
  apple: StartedEmulator;
  bench: BenchDatabase;
  appleClients: VppClientFactory;
  deps: SyncDeps;
  tokenId: string;
  locationId: string;
  close(): Promise<void>;
}

export interface FullSyncResult {
  assignments: number;
  apps: number;
  syncMs: number;
  syncRowsPerSecond: number;
  memory: MemoryPeak;
  statements: { total: number; kinds: StatementKind[] };
  appleRequests: number;
  appleRequestsByPath: Map<string, number>;
  emulatorServerMs: number;
  pages: number;
}

/** The emulator (pacing lifted: see README), a fresh database and the token uploaded through addToken. */
export async function setUpFullSync(
  server: BenchServer,
  sizes: { apps: number; assignments: number },
  databaseName = 'bench_full_sync',
): Promise<FullSyncSetup> {
  const organisation = generateScaledOrganisation({
    tokens: 1,
    apps: sizes.apps,
    assignments: sizes.assignments,
    seed: 1,
  });
  const emulator = createEmulator({
    organisation,
    rateLimit: false,
    eventDelayMs: 20,
    requestLogSize: 100_000,
    // Our client paces itself to the service config's maxRequestPerSecond (Apple: 15 per token).
    // Lifted here so the figure measures the product's reconcile pipeline, not Apple's quota.
    limits: { maxRequestPerSecond: 1_000_000 },
  });
  const apple = await emulator.start({ port: 0, host: '127.0.0.1' });
  let bench: BenchDatabase | undefined;
  try {
    bench = openBenchDatabase(await server.createDatabase(databaseName));
    return await uploadToken(server, emulator, apple, bench);
  } catch (error) {
    await bench?.close();
    await emulator.close();
    throw error;
  }
}

async function uploadToken(
  server: BenchServer,
  emulator: Emulator,
  apple: StartedEmulator,
  bench: BenchDatabase,
): Promise<FullSyncSetup> {
  const appleClients = appleClientsFor(apple.baseUrl);
  const location = emulator.organisation.locations[0];
  if (!location) throw new Error('the scaled organisation has no location');
  const token = await addToken(
    {
      prisma: bench.database.prisma,
      cipher: server.cipher,
      appleClients,
      now: () => new Date(),
      maxTokens: MAX_TOKENS_PER_INSTALLATION,
      // The defaults of SYNC_SCHEDULE and SYNC_SPREAD_MINUTES.
      schedule: { cron: '0 6,18 * * *', spreadMs: 60 * 60_000 },
    },
    systemContext('bench'),
    {
      name: 'Bench token',
      description: '',
      categories: [],
      appleId: 'bench@example.test',
      type: 'BUSINESS',
      takeOver: false,
    },
    Buffer.from(location.currentToken.vppToken),
  );
  return {
    emulator,
    apple,
    bench,
    appleClients,
    deps: syncDepsFor(bench, server, appleClients),
    tokenId: token.id,
    locationId: location.id,
    async close() {
      await bench.close();
      await emulator.close();
    },
  };
}

export async function runFullSync(setup: FullSyncSetup): Promise<FullSyncResult> {
  const { bench, emulator, deps } = setup;
  const { pool } = bench.database;
  const run = await pool.query<{ id: string }>(
    `SELECT active_sync_run_id AS id FROM vpp_tokens WHERE id = $1 AND active_sync_run_id IS NOT NULL`,
    [setup.tokenId],
  );
  const syncRunId = run.rows[0]?.id;
  if (!syncRunId) throw new Error('the upload queued no sync run');
  const expected = emulator.control.describeLocation(setup.locationId).counts;

  emulator.control.clearRequests();
  bench.statements.start();
  const { result, memory } = await measurePeakMemory(async () => {
    const started = performance.now();
    const outcome = await runTokenSync(deps, syncRunId, { number: 1, isLast: false });
    return { outcome, ms: performance.now() - started };
  });
  const statements = bench.statements.stop();
  if (result.outcome.result !== 'succeeded') {
    throw new Error(`the full sync did not succeed: ${JSON.stringify(result.outcome)}`);
  }
  const held = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM license_assignments WHERE token_id = $1',
    [setup.tokenId],
  );
  const assignments = held.rows[0]?.n ?? 0;
  if (assignments !== expected.assignments) {
    throw new Error(`the sync holds ${assignments} assignments, Apple ${expected.assignments}`);
  }
  const requests = emulator.control.requests();
  const pageKind = statements.kinds.find((kind) => kind.label.startsWith(PAGE_STATEMENT_MARK));
  return {
    assignments,
    apps: expected.assets,
    syncMs: result.ms,
    syncRowsPerSecond: (assignments / result.ms) * 1000,
    memory,
    statements,
    appleRequests: requests.length,
    appleRequestsByPath: appleRequestsByPath(emulator),
    emulatorServerMs: requests.reduce((sum, request) => sum + request.durationMs, 0),
    pages: pageKind?.count ?? 0,
  };
}

/** COPY of the rows the sync wrote, into a table with license_assignments' primary key: the yardstick. */
export async function measureCopyBaseline(setup: FullSyncSetup): Promise<LoadRate> {
  const { pool } = setup.bench.database;
  const rows: AssignmentRow[] = await readAssignmentRows(pool, setup.tokenId);
  return measureCopy(pool, rows);
}

/** Other ways to load the same rows, for --diagnose. */
export async function measureOtherLoads(setup: FullSyncSetup): Promise<LoadRate[]> {
  const { pool } = setup.bench.database;
  const rows: AssignmentRow[] = await readAssignmentRows(pool, setup.tokenId);
  return [
    await measureCopy(pool, rows, 'all'),
    await measureUnnestInsert(pool, rows, 1_000),
    await measureUnnestInsert(pool, rows, 1_000, { upsert: true }),
  ];
}

export interface ResyncResult {
  ms: number;
  assignmentsAdded: number;
  assignmentsRemoved: number;
  statements: { total: number; kinds: StatementKind[] };
}

/** The weekly full sync: the same token, every row already held, nothing changed at Apple. */
export async function runFullResync(setup: FullSyncSetup): Promise<ResyncResult> {
  const { bench, deps, emulator } = setup;
  const { pool } = bench.database;
  const { syncRunId } = await requestSync(bench.database.prisma, setup.tokenId, 'FULL', 'SCHEDULE');
  bench.statements.start();
  const started = performance.now();
  const outcome = await runTokenSync(deps, syncRunId, { number: 1, isLast: false });
  const ms = performance.now() - started;
  const statements = bench.statements.stop();
  if (outcome.result !== 'succeeded')
    throw new Error(`the re-sync did not succeed: ${JSON.stringify(outcome)}`);
  const run = await pool.query<{ assignments_added: number; assignments_removed: number }>(
    'SELECT assignments_added, assignments_removed FROM sync_runs WHERE id = $1',
    [syncRunId],
  );
  const held = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM license_assignments WHERE token_id = $1',
    [setup.tokenId],
  );
  const expected = emulator.control.describeLocation(setup.locationId).counts.assignments;
  if (held.rows[0]?.n !== expected)
    throw new Error(`after the re-sync: ${held.rows[0]?.n} held, Apple ${expected}`);
  return {
    ms,
    assignmentsAdded: run.rows[0]?.assignments_added ?? -1,
    assignmentsRemoved: run.rows[0]?.assignments_removed ?? -1,
    statements,
  };
}

export interface FullSyncDiagnostics {
  /** The Apple walk alone (same client, 3 pages in flight, no database). */
  appleWalkMs: number;
  appleWalkPages: number;
  jsonParseMsPerPage: number;
  zodParseMsPerPage: number;
  /** The product's page write (COPY into the run's pass keys), every page, under the run's live lease. */
  pageWrites: { rows: number; ms: number; notedRows: number };
  /** EXPLAIN ANALYZE of the run's final merge and removal, under the live lease, rolled back. */
  merge: { deleted: number; plan: string[] };
  removal: { plan: string[] };
}

class RollBack extends Error {}

/**
 * Where the time of a full sync goes, measured on a run that holds a live lease: a FULL run is
 * queued and its lease taken as the worker takes it; every Apple page is written through the
 * product's page write (COPY into the run's pass keys, lease-checked); then, in a transaction that
 * is rolled back, a tenth of the token's rows are deleted and the run's final merge and removal
 * are EXPLAIN ANALYZEd (the merge puts that tenth back).
 */
export async function diagnoseFullSync(setup: FullSyncSetup): Promise<FullSyncDiagnostics> {
  const location = setup.emulator.control.describeLocation(setup.locationId);
  const client = setup.appleClients.forToken(location.vppToken);
  const walkStarted = performance.now();
  let appleWalkPages = 0;
  for await (const _page of client.iterateAssignments({}, { pagesInFlight: 3 })) appleWalkPages += 1;
  const appleWalkMs = performance.now() - walkStarted;

  const response = await fetch(`${setup.apple.baseUrl}/assignments?pageIndex=0`, {
    headers: { authorization: `Bearer ${location.vppToken}` },
  });
  const raw = await response.text();
  const rounds = 50;
  let parsed: unknown;
  let started = performance.now();
  for (let i = 0; i < rounds; i++) parsed = JSON.parse(raw);
  const jsonParseMsPerPage = (performance.now() - started) / rounds;
  started = performance.now();
  for (let i = 0; i < rounds; i++) assignmentsPageSchema.parse(parsed);
  const zodParseMsPerPage = (performance.now() - started) / rounds;

  const { database } = setup.bench;
  const { pool } = database;
  const { syncRunId } = await requestSync(database.prisma, setup.tokenId, 'FULL', 'MANUAL');
  const run = await takeLease(pool, syncRunId, setup.deps.workerId, 10 * 60_000);
  if (!run) throw new Error('could not take the lease of the diagnostic run');
  const passId = randomUUID();
  await startPass(pool, syncRunId, passId, true);
  const write: PageWrite = {
    syncRunId,
    leaseOwner: setup.deps.workerId,
    tokenId: setup.tokenId,
    passId,
    direct: false,
  };
  const pages = [];
  for await (const page of client.iterateAssignments({}, { pagesInFlight: 3 })) pages.push(page.assignments);
  let rows = 0;
  started = performance.now();
  await inLanes(pages, 2, async (assignments) => {
    rows += assignments.length;
    await writeAssignmentsPage(database, assignments, write);
  });
  const pageWritesMs = performance.now() - started;
  const noted = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM sync_pass_keys WHERE run_id = $1',
    [syncRunId],
  );

  const explain = (tx: Transaction, plan: string[]): Sql => ({
    query: (async (text: string, values?: unknown[]) => {
      const result = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
      for (const row of result.rows) plan.push(row['QUERY PLAN']);
      return { ...result, rows: [] };
    }) as Sql['query'],
  });
  const mergePlan: string[] = [];
  const removalPlan: string[] = [];
  let deleted = 0;
  await withTransaction(database, async (tx) => {
    if (!(await renewLease(tx, syncRunId, setup.deps.workerId, 10 * 60_000))) throw new Error('lease lost');
    const gone = await tx.query(
      `DELETE FROM license_assignments WHERE token_id = $1 AND hashtext(assignee || adam_id) % 10 = 0`,
      [setup.tokenId],
    );
    deleted = gone.rowCount ?? 0;
    await mergeNotedAssignments(explain(tx, mergePlan), syncRunId, setup.tokenId);
    await removeAssignmentsNotSeen(explain(tx, removalPlan), syncRunId, setup.tokenId, passId);
    throw new RollBack();
  }).catch((error: unknown) => {
    if (!(error instanceof RollBack)) throw error;
  });
  return {
    appleWalkMs,
    appleWalkPages,
    jsonParseMsPerPage,
    zodParseMsPerPage,
    pageWrites: { rows, ms: pageWritesMs, notedRows: noted.rows[0]?.n ?? 0 },
    merge: { deleted, plan: mergePlan },
    removal: { plan: removalPlan },
  };
}
