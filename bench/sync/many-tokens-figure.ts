import { parseVppTokenFile } from '@vpp/apple-vpp-client/vpptoken-file';
import { createEmulator, type Emulator, generateScaledOrganisation } from '@vpp/apple-vpp-emulator';
import { parseConfig } from '@vpp/config/config';
import { createLogger } from '@vpp/core/logging';
import { requestSyncs } from '@vpp/core/sync/request-sync';
import { runTokenSync, type SyncDeps } from '@vpp/core/sync/run-token-sync';
import { FULL_SYNC_EVERY_MS } from '@vpp/core/sync/sync-schedule';
import { tokenFingerprint } from '@vpp/core/tokens/token-cipher';
import { poolConfigFromUrl } from '@vpp/db/pg-connection';
import { startWorker } from '@vpp/worker/worker';
import pg from 'pg';
import {
  appleClientsFor,
  appleRequestsByPath,
  type BenchDatabase,
  type BenchServer,
  inLanes,
  openBenchDatabase,
  syncDepsFor,
} from './bench-environment.ts';
import type { StatementKind } from './statement-counter.ts';

// Figure 4: many small tokens, all fully synced, then an incremental sync of every one with nothing
// changed while Apple answers in 50 ms, at the worker's concurrency. The bound is what the Apple
// round trips alone take when `concurrency` of them overlap: requests × latency ÷ concurrency.

export interface ManyTokensSetup {
  emulator: Emulator;
  bench: BenchDatabase;
  baseUrl: string;
  tokenIds: string[];
  initialSyncMs: number;
  close(): Promise<void>;
}

export interface ManyTokensResult {
  mode: 'direct' | 'worker';
  tokens: number;
  concurrency: number;
  latencyMs: number;
  wallMs: number;
  boundMs: number;
  appleRequests: number;
  appleRequestsByPath: Map<string, number>;
  statements: { total: number; kinds: StatementKind[] };
  enqueueMs: number;
  enqueueStatements: number;
  /** Statements of the job queue itself (fetching and completing jobs), within `statements`. */
  queueStatements: number;
  failed: number;
}

export async function setUpManyTokens(
  server: BenchServer,
  sizes: { tokens: number; apps: number; assignmentsPerToken: number },
  concurrency: number,
): Promise<ManyTokensSetup> {
  const organisation = generateScaledOrganisation({
    tokens: sizes.tokens,
    apps: sizes.apps,
    assignments: sizes.tokens * sizes.assignmentsPerToken,
    seed: 2,
  });
  const emulator = createEmulator({
    organisation,
    rateLimit: false,
    eventDelayMs: 20,
    requestLogSize: sizes.tokens * 20,
  });
  const apple = await emulator.start({ port: 0, host: '127.0.0.1' });
  const bench = openBenchDatabase(await server.createDatabase('bench_many_tokens'));
  try {
    // Inserted directly (as addToken stores them): uploading 3,000 files one by one is not measured here.
    const rows = organisation.locations.map((location, index) => {
      const file = parseVppTokenFile(location.currentToken.vppToken);
      return {
        name: `Bench token ${index + 1}`,
        appleId: 'bench@example.test',
        type: location.type,
        orgName: file.orgName,
        locationName: location.locationName,
        locationUid: location.uId,
        sTokenEncrypted: server.cipher.encrypt(file.sToken),
        sTokenSha256: tokenFingerprint(file.sToken),
        expiresAt: file.expDate,
      } as const;
    });
    for (let start = 0; start < rows.length; start += 1000) {
      await bench.database.prisma.vppToken.createMany({ data: rows.slice(start, start + 1000) });
    }
    const tokens = await bench.database.prisma.vppToken.findMany({
      select: { id: true },
      orderBy: { name: 'asc' },
    });
    const tokenIds = tokens.map((token) => token.id);

    // The first, full sync of every token, at zero latency (set-up, not measured).
    const deps = syncDepsFor(bench, server, appleClientsFor(apple.baseUrl));
    const started = performance.now();
    const { runIds } = await queueRuns(bench, tokenIds, 'FULL');
    const failures = await runDirect(deps, runIds, concurrency);
    if (failures > 0) throw new Error(`${failures} initial full syncs failed`);
    return {
      emulator,
      bench,
      baseUrl: apple.baseUrl,
      tokenIds,
      initialSyncMs: performance.now() - started,
      async close() {
        await bench.close();
        await emulator.close();
      },
    };
  } catch (error) {
    await bench.close();
    await emulator.close();
    throw error;
  }
}

/** Queues a run of every token in one statement (requestSyncs), as the scheduler does. */
async function queueRuns(
  bench: BenchDatabase,
  tokenIds: string[],
  kind: 'FULL' | 'INCREMENTAL',
): Promise<{ runIds: string[]; statements: number }> {
  bench.statements.start();
  const queued = await requestSyncs(
    bench.database.prisma,
    tokenIds,
    kind,
    kind === 'FULL' ? 'UPLOAD' : 'SCHEDULE',
    FULL_SYNC_EVERY_MS,
  );
  const statements = bench.statements.stop().total;
  if (queued.length !== tokenIds.length)
    throw new Error(`queued ${queued.length} runs for ${tokenIds.length} tokens`);
  return { runIds: queued.map((run) => run.syncRunId), statements };
}

async function runDirect(deps: SyncDeps, runIds: string[], concurrency: number): Promise<number> {
  let failures = 0;
  await inLanes(runIds, concurrency, async (runId) => {
    const outcome = await runTokenSync(deps, runId, { number: 1, isLast: false });
    if (outcome.result !== 'succeeded') failures += 1;
  });
  return failures;
}

/** Waits until none of the runs is queued or running (on its own connection, not counted). */
async function waitForRuns(url: string, runIds: string[]): Promise<number> {
  const client = new pg.Client(poolConfigFromUrl(url));
  await client.connect();
  try {
    for (;;) {
      const result = await client.query<{ open: number; failed: number }>(
        `SELECT count(*) FILTER (WHERE status IN ('QUEUED', 'RUNNING'))::int AS open,
                count(*) FILTER (WHERE status = 'FAILED')::int AS failed
           FROM sync_runs WHERE id = ANY($1::uuid[])`,
        [runIds],
      );
      const row = result.rows[0];
      if (row && row.open === 0) return row.failed;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await client.end();
  }
}

/**
 * An incremental sync of every token with nothing changed: `direct` calls runTokenSync in
 * `concurrency` lanes; `worker` starts the product's worker with that concurrency on the queued jobs.
 */
export async function runManyIncremental(
  setup: ManyTokensSetup,
  server: BenchServer,
  mode: 'direct' | 'worker',
  options: { concurrency: number; latencyMs: number },
): Promise<ManyTokensResult> {
  const { emulator, bench } = setup;
  // Jobs of earlier runs (already finished) would only take the worker's slots to be skipped.
  await bench.database.pool.query(
    'SELECT graphile_worker.complete_jobs(ARRAY(SELECT id FROM graphile_worker.jobs))',
  );
  const enqueueStarted = performance.now();
  const { runIds, statements: enqueueStatements } = await queueRuns(bench, setup.tokenIds, 'INCREMENTAL');
  const enqueueMs = performance.now() - enqueueStarted;
  // A fresh client factory, as a freshly started worker has (its service config cache is empty).
  const appleClients = appleClientsFor(setup.baseUrl);
  emulator.control.setFaults({ latencyMs: options.latencyMs });
  emulator.control.clearRequests();
  bench.statements.start();
  let wallMs: number;
  let failed: number;
  try {
    const started = performance.now();
    if (mode === 'direct') {
      failed = await runDirect(syncDepsFor(bench, server, appleClients), runIds, options.concurrency);
      wallMs = performance.now() - started;
    } else {
      const config = parseConfig({
        DATABASE_URL: bench.url,
        SESSION_SECRET: 'bench-session-secret-that-is-long-enough',
        TOKEN_ENCRYPTION_KEY: server.encryptionKey,
        APPLE_VPP_BASE_URL: setup.baseUrl,
        LOG_LEVEL: 'silent',
        SYNC_CONCURRENCY: String(options.concurrency),
      });
      const worker = await startWorker({
        config,
        database: bench.database,
        logger: createLogger('silent', 'bench-worker'),
        now: () => new Date(),
        cipher: server.cipher,
        appleClients,
      });
      try {
        failed = await waitForRuns(bench.url, runIds);
        wallMs = performance.now() - started;
      } finally {
        await worker.stop();
      }
    }
  } finally {
    emulator.control.setFaults({ latencyMs: 0 });
  }
  const statements = bench.statements.stop();
  const appleRequests = emulator.control.requests().length;
  return {
    mode,
    tokens: runIds.length,
    concurrency: options.concurrency,
    latencyMs: options.latencyMs,
    wallMs,
    boundMs: (appleRequests * options.latencyMs) / options.concurrency,
    appleRequests,
    appleRequestsByPath: appleRequestsByPath(emulator),
    statements,
    enqueueMs,
    enqueueStatements,
    queueStatements: statements.kinds
      .filter(
        (kind) =>
          kind.label.includes('graphile_worker') ||
          /^(with j as|select \* from graphile_worker)/i.test(kind.label),
      )
      .reduce((sum, kind) => sum + kind.count, 0),
    failed,
  };
}
