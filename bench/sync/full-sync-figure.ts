import type { VppClientFactory } from '@vpp/apple-vpp-client';
import { assignmentsPageSchema } from '@vpp/apple-vpp-client/schemas';
import {
  createEmulator,
  type Emulator,
  generateScaledOrganisation,
  type StartedEmulator,
} from '@vpp/apple-vpp-emulator';
import { systemContext } from '@vpp/core/request-context';
import { runTokenSync, type SyncDeps } from '@vpp/core/sync/run-token-sync';
import { addToken } from '@vpp/core/tokens/manage-tokens';
import { MAX_TOKENS_PER_INSTALLATION } from '@vpp/core/tokens/token-service-deps';
import { quoteIdent } from '@vpp/db/pg-connection';
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
import type { CapturedStatement, StatementKind } from './statement-counter.ts';

// Figures 1 and 2: one token with many apps and assignments, synced in full from nothing, against
// COPY of the same rows; the process's peak memory while it syncs.

// How the product's page statement (reconcile-assignments.ts) begins, as the statement counter labels it.
export const PAGE_STATEMENT_MARK = 'WITH lease AS';

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
  pageStatement: CapturedStatement | null;
  pages: number;
}

/** The emulator (pacing lifted: see README), a fresh database and the token uploaded through addToken. */
export async function setUpFullSync(
  server: BenchServer,
  sizes: { apps: number; assignments: number },
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
    bench = openBenchDatabase(await server.createDatabase('bench_full_sync'));
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
  // A page from the middle of the walk, to EXPLAIN later if the rate falls short.
  bench.statements.captureNth(PAGE_STATEMENT_MARK, Math.max(1, Math.floor(expected.assignments / 2000)));
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
    pageStatement: bench.statements.captured,
    pages: pageKind?.count ?? 0,
  };
}

export interface CopyComparison {
  copy: LoadRate;
  others: LoadRate[];
}

/** COPY (the figure's yardstick) and set-based INSERTs of the rows the sync wrote. */
export async function measureBaselines(setup: FullSyncSetup): Promise<CopyComparison> {
  const { pool } = setup.bench.database;
  const rows: AssignmentRow[] = await readAssignmentRows(pool, setup.tokenId);
  const copy = await measureCopy(pool, rows);
  const others = [
    await measureCopy(pool, rows, 'all'),
    await measureUnnestInsert(pool, rows, 10_000),
    await measureUnnestInsert(pool, rows, 1_000),
    await measureUnnestInsert(pool, rows, 1_000, { upsert: true }),
  ];
  return { copy, others };
}

export interface FullSyncDiagnostics {
  /** The Apple walk alone (same client, 3 pages in flight, no database): pages per second. */
  appleWalkMs: number;
  appleWalkPages: number;
  jsonParseMsPerPage: number;
  zodParseMsPerPage: number;
  explain: string[];
  /** The sync's own page statement replayed over every row, on one and on two connections. */
  replay: { lanes: number; withoutForeignKey: boolean; rowsPerSecond: number }[] | string;
}

/**
 * Re-runs the captured page statement for every row the sync wrote (the token's rows deleted
 * first), page by page as its own autocommitted statement, on `lanes` connections at once: what
 * the page statement alone achieves, and what writing pages on two connections would gain.
 * The run's counters are put back afterwards.
 */
async function replayPageStatements(
  setup: FullSyncSetup,
  captured: CapturedStatement,
  rows: readonly AssignmentRow[],
  lanes: number,
): Promise<number> {
  const { pool } = setup.bench.database;
  const arrayParams = captured.values.flatMap((value, index) => (Array.isArray(value) ? [index] : []));
  const pageSize = (captured.values[arrayParams[0] ?? 0] as unknown[] | undefined)?.length ?? 1000;
  if (arrayParams.length !== 4)
    throw new Error(`the page statement takes ${arrayParams.length} arrays, not 4`);
  const syncRunId = captured.values[6];
  await pool.query('DELETE FROM license_assignments WHERE token_id = $1', [setup.tokenId]);
  await pool.query(`DELETE FROM sync_run_changes WHERE sync_run_id = $1 AND kind = 'ASSIGNMENTS_ADDED'`, [
    syncRunId,
  ]);
  await pool.query('VACUUM ANALYZE license_assignments');
  const pages: AssignmentRow[][] = [];
  for (let start = 0; start < rows.length; start += pageSize) pages.push(rows.slice(start, start + pageSize));
  const started = performance.now();
  await inLanes(pages, lanes, async (page) => {
    const values = [...captured.values];
    const columns = [
      page.map((row) => row.adamId),
      page.map((row) => row.pricingParam),
      page.map((row) => row.licenseType),
      page.map((row) => row.assignee),
    ];
    arrayParams.forEach((index, column) => {
      values[index] = columns[column];
    });
    await pool.query(captured.text, values);
  });
  const ms = performance.now() - started;
  const held = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM license_assignments WHERE token_id = $1',
    [setup.tokenId],
  );
  if (held.rows[0]?.n !== rows.length)
    throw new Error(`replay left ${held.rows[0]?.n} of ${rows.length} rows`);
  return (rows.length / ms) * 1000;
}

/** Where the time of a full sync goes, outside the product's code paths. */
export async function diagnoseFullSync(
  setup: FullSyncSetup,
  result: FullSyncResult,
): Promise<FullSyncDiagnostics> {
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

  const explain: string[] = [];
  const captured = result.pageStatement;
  if (captured) {
    // Replays one page as it ran during the sync (its rows new), inside a transaction rolled back.
    const db = await setup.bench.database.pool.connect();
    try {
      await db.query('BEGIN');
      await db.query(
        `DELETE FROM license_assignments l
          USING unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS p(adam_id, pricing_param, license_type, assignee)
          WHERE l.token_id = $1 AND l.adam_id = p.adam_id AND l.pricing_param = p.pricing_param
            AND l.license_type = p.license_type::"LicenseType" AND l.assignee = p.assignee`,
        captured.values.slice(0, 5),
      );
      await db.query(`DELETE FROM sync_run_changes WHERE sync_run_id = $1 AND kind = 'ASSIGNMENTS_ADDED'`, [
        captured.values[6],
      ]);
      const plan = await db.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS, TIMING) ${captured.text}`,
        captured.values,
      );
      for (const row of plan.rows) explain.push(row['QUERY PLAN']);
    } finally {
      await db.query('ROLLBACK').catch(() => {});
      db.release();
    }
  }
  let replay: FullSyncDiagnostics['replay'] = 'no page statement captured';
  if (captured) {
    const { pool } = setup.bench.database;
    const counters = await pool.query(
      'SELECT pages_fetched, next_page_index, assignments_added FROM sync_runs WHERE id = $1',
      [captured.values[6]],
    );
    try {
      const rows = await readAssignmentRows(pool, setup.tokenId);
      replay = [];
      for (const lanes of [1, 2]) {
        replay.push({
          lanes,
          withoutForeignKey: false,
          rowsPerSecond: await replayPageStatements(setup, captured, rows, lanes),
        });
      }
      // The same on two connections with license_assignments' foreign key to vpp_tokens dropped for
      // the replay (this scratch database only), to price the per-row RI trigger.
      const foreignKey = await pool.query<{ name: string; definition: string }>(
        `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
          WHERE conrelid = 'license_assignments'::regclass AND contype = 'f'`,
      );
      const fk = foreignKey.rows[0];
      if (fk) {
        await pool.query(`ALTER TABLE license_assignments DROP CONSTRAINT ${quoteIdent(fk.name)}`);
        try {
          replay.push({
            lanes: 2,
            withoutForeignKey: true,
            rowsPerSecond: await replayPageStatements(setup, captured, rows, 2),
          });
        } finally {
          await pool.query(
            `ALTER TABLE license_assignments ADD CONSTRAINT ${quoteIdent(fk.name)} ${fk.definition}`,
          );
        }
      }
    } catch (error) {
      replay = `replay failed: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      const saved = counters.rows[0];
      if (saved) {
        await pool.query(
          'UPDATE sync_runs SET pages_fetched = $2, next_page_index = $3, assignments_added = $4 WHERE id = $1',
          [captured.values[6], saved.pages_fetched, saved.next_page_index, saved.assignments_added],
        );
      }
    }
  }
  return { appleWalkMs, appleWalkPages, jsonParseMsPerPage, zodParseMsPerPage, explain, replay };
}
