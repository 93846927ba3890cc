// `npm run bench:sync [-- --quick] [-- --diagnose] [-- --repeats N]`: the sync figures of issues 4
// and 12, each against a baseline measured in the same run, repeated (median), on a throwaway
// embedded PostgreSQL and an in-process Apple emulator. See bench/README.md.

import { parseArgs } from 'node:util';
import { parseConfig } from '@vpp/config/config';
import { installFatalErrorHandlers } from '@vpp/core/services/fatal-errors';
import { type BenchRow, describeLoad, fmt, median, writeResults } from '../results.ts';
import { type BenchServer, startBenchServer } from './bench-environment.ts';
import type { LoadRate } from './copy-baseline.ts';
import {
  diagnoseFullSync,
  type FullSyncResult,
  type FullSyncSetup,
  measureCopyBaseline,
  measureOtherLoads,
  type ResyncResult,
  runFullResync,
  runFullSync,
  setUpFullSync,
} from './full-sync-figure.ts';
import { type IncrementalResult, runIncrementalSync } from './incremental-figure.ts';
import { type ManyTokensResult, runManyIncremental, setUpManyTokens } from './many-tokens-figure.ts';
import { quantileMs, type StatementKind } from './statement-counter.ts';

// A benchmark that fails does so loudly: logged, non-zero, never left hanging.
installFatalErrorHandlers({ fatal: (obj, msg) => console.error(msg, obj) });

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    diagnose: { type: 'boolean', default: false },
    'skip-many-tokens': { type: 'boolean', default: false },
    'skip-scaling': { type: 'boolean', default: false },
    repeats: { type: 'string', default: '3' },
  },
});
const scale = args.quick ? 10 : 1;
const REPEATS = Math.max(1, Number(args.repeats));
// The worker's own default (SYNC_CONCURRENCY): Apple's request limit is per token.
const CONCURRENCY = parseConfig({
  DATABASE_URL: 'postgres://bench@127.0.0.1/bench',
  SESSION_SECRET: 'bench-session-secret-long-enough-to-pass',
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
}).SYNC_CONCURRENCY;
const SIZES = {
  full: { apps: 500 / scale, assignments: 200_000 / scale },
  scaling: [50_000 / scale, 800_000 / scale],
  many: { tokens: 3000 / scale, apps: 5, assignmentsPerToken: 10 },
  latencyMs: 50,
};
const TARGETS = { copyRatio: 0.8, resyncRatio: 1.3, boundRatio: 1.1, statementsPerToken: 5, memoryMb: 256 };

const seconds = (ms: number) => `${fmt(ms / 1000, 2)} s`;
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
const rows: BenchRow[] = [];
const n = (count: number) => fmt(count);

/** Statement kinds, slowest in total first: count, total, median and 95th percentile per statement. */
function printStatements(kinds: StatementKind[], limit = 20): void {
  console.log(
    `      ${'count'.padStart(6)}  ${'total'.padStart(11)}  ${'median'.padStart(8)}  ${'p95'.padStart(8)}  statement`,
  );
  for (const kind of kinds.slice(0, limit)) {
    console.log(
      `      ${fmt(kind.count).padStart(6)}  ${`${fmt(kind.totalMs, 1)} ms`.padStart(11)}  ` +
        `${`${fmt(quantileMs(kind, 0.5), 2)} ms`.padStart(8)}  ${`${fmt(quantileMs(kind, 0.95), 2)} ms`.padStart(8)}  ${kind.label}`,
    );
  }
  if (kinds.length > limit) console.log(`      … ${kinds.length - limit} more kinds`);
}

function printByPath(byPath: Map<string, number>): string {
  return [...byPath.entries()].map(([path, count]) => `${path} ${fmt(count)}`).join(', ');
}

interface Repeat {
  first: FullSyncResult;
  copy: LoadRate;
  resync: ResyncResult;
  incremental: IncrementalResult;
}

/** One repeat: a fresh database and emulator, the first full sync, COPY, the weekly re-sync, an incremental one. */
async function fullSyncRepeat(server: BenchServer, index: number): Promise<Repeat> {
  const setup = await setUpFullSync(server, SIZES.full, `bench_full_sync_${index}`);
  try {
    const first = await runFullSync(setup);
    const copy = await measureCopyBaseline(setup);
    const resync = await runFullResync(setup);
    const incremental = await runIncrementalSync(setup);
    const ratio = first.syncRowsPerSecond / copy.rowsPerSecond;
    console.log(
      `   repeat ${index}: full sync ${n(first.assignments)} assignments (${first.apps} apps, ${first.pages} page writes) ` +
        `${n(first.syncRowsPerSecond)} rows/s (${seconds(first.syncMs)}); COPY ${n(copy.rowsPerSecond)} rows/s ` +
        `(${seconds(copy.ms)}); ratio ${fmt(ratio, 2)} | re-sync ${seconds(resync.ms)} = ${fmt(resync.ms / first.syncMs, 2)} × ` +
        `the first (added ${resync.assignmentsAdded}, removed ${resync.assignmentsRemoved}) | incremental ` +
        `${incremental.syncStatements.total} statements | peak RSS +${n(first.memory.rssAboveBaselineMb)} MB | ${describeLoad()}`,
    );
    if (args.diagnose && index === 1) await printDiagnostics(setup, first, copy, resync);
    return { first, copy, resync, incremental };
  } finally {
    await setup.close();
  }
}

async function printDiagnostics(
  setup: FullSyncSetup,
  first: FullSyncResult,
  copy: LoadRate,
  resync: ResyncResult,
): Promise<void> {
  console.log('   --diagnose, repeat 1: statements of the first full sync');
  printStatements(first.statements.kinds, 10);
  const dbMs = first.statements.kinds.reduce((sum, kind) => sum + kind.totalMs, 0);
  console.log(
    `      ${n(first.statements.total)} SQL statements taking ${seconds(dbMs)}; ${n(first.appleRequests)} Apple requests ` +
      `(${printByPath(first.appleRequestsByPath)}), the in-process emulator busy ${seconds(first.emulatorServerMs)}`,
  );
  console.log('   statements of the weekly re-sync');
  printStatements(resync.statements.kinds, 10);
  for (const other of await measureOtherLoads(setup)) {
    console.log(
      `   ${other.label}: ${n(other.rowsPerSecond)} rows/s (${seconds(other.ms)}; ${fmt(other.rowsPerSecond / copy.rowsPerSecond, 2)} of COPY)`,
    );
  }
  const d = await diagnoseFullSync(setup);
  console.log(
    `   Apple walk alone (same client, 3 pages in flight, no database): ${n(d.appleWalkPages)} pages in ${seconds(d.appleWalkMs)} ` +
      `(${n((first.assignments / d.appleWalkMs) * 1000)} assignments/s); per 1,000-assignment page: JSON.parse ` +
      `${fmt(d.jsonParseMsPerPage, 2)} ms, zod ${fmt(d.zodParseMsPerPage, 2)} ms`,
  );
  console.log(
    `   under a live lease (a FULL run taken as the worker takes it): the product's page write (COPY into the run's ` +
      `pass keys), 2 at once: ${n(d.pageWrites.rows)} rows in ${seconds(d.pageWrites.ms)} = ` +
      `${n((d.pageWrites.rows / d.pageWrites.ms) * 1000)} rows/s (${fmt(((d.pageWrites.rows / d.pageWrites.ms) * 1000) / copy.rowsPerSecond, 2)} of COPY); ` +
      `${n(d.pageWrites.notedRows)} keys noted`,
  );
  console.log(
    `   the run's final merge, with ${n(d.merge.deleted)} of the token's rows deleted first (rolled back afterwards), EXPLAIN ANALYZE:`,
  );
  for (const line of d.merge.plan) console.log(`        ${line}`);
  console.log("   the run's final removal of what the pass did not see, EXPLAIN ANALYZE:");
  for (const line of d.removal.plan) console.log(`        ${line}`);
}

async function fullSyncFigures(server: BenchServer): Promise<void> {
  console.log(
    `1-4. full sync of one token, ${n(SIZES.full.assignments)} assignments, ${REPEATS} repeats (each: fresh database, ` +
      'first sync, COPY of the same rows, weekly full re-sync, incremental sync with nothing changed)',
  );
  const repeats: Repeat[] = [];
  for (let index = 1; index <= REPEATS; index += 1) repeats.push(await fullSyncRepeat(server, index));
  const size = n(SIZES.full.assignments);

  const ratio = median(repeats.map((r) => r.first.syncRowsPerSecond / r.copy.rowsPerSecond));
  const syncRate = median(repeats.map((r) => r.first.syncRowsPerSecond));
  const copyRate = median(repeats.map((r) => r.copy.rowsPerSecond));
  const ratioMet = ratio >= TARGETS.copyRatio;
  console.log(
    `1. full sync, ${size} assignments: median ${n(syncRate)} rows/s; COPY median ${n(copyRate)} rows/s; ` +
      `median ratio ${fmt(ratio, 2)} (target ≥ ${TARGETS.copyRatio} × COPY) ${verdict(ratioMet)}`,
  );
  rows.push({
    what: `full sync, ${size} assignments`,
    measured: `${n(syncRate)} rows/s`,
    baseline: `COPY ${n(copyRate)} rows/s`,
    value: ratio,
    target: `≥ ${TARGETS.copyRatio} × COPY`,
    met: ratioMet,
  });

  const resyncRatio = median(repeats.map((r) => r.resync.ms / r.first.syncMs));
  const resyncMs = median(repeats.map((r) => r.resync.ms));
  const firstMs = median(repeats.map((r) => r.first.syncMs));
  const resyncMet = resyncRatio <= TARGETS.resyncRatio;
  console.log(
    `2. weekly full re-sync, ${size} rows already held, nothing changed: median ${seconds(resyncMs)}; the first sync ` +
      `median ${seconds(firstMs)}; median ratio ${fmt(resyncRatio, 2)} (target ≤ ${TARGETS.resyncRatio} × the first) ${verdict(resyncMet)}`,
  );
  rows.push({
    what: `weekly full re-sync, ${size} rows held`,
    measured: seconds(resyncMs),
    baseline: `first sync ${seconds(firstMs)}`,
    value: resyncRatio,
    target: `≤ ${TARGETS.resyncRatio} × the first`,
    met: resyncMet,
  });

  const statements = Math.max(...repeats.map((r) => r.incremental.syncStatements.total));
  const incremental = repeats[0]?.incremental;
  const appleOthers = incremental ? incremental.appleRequests.length - incremental.assetPages : 0;
  const statementsMet = statements <= TARGETS.statementsPerToken;
  console.log(
    `3. incremental sync, nothing changed: ${statements} SQL statements (the most of ${REPEATS} repeats; target ≤ ` +
      `${TARGETS.statementsPerToken}) ${verdict(statementsMet)}; Apple requests ${incremental?.appleRequests.length} = ` +
      `${incremental?.assetPages} asset page(s) + ${appleOthers}; queueing the run (requestSync): ${incremental?.enqueueStatements} statements`,
  );
  if (incremental) printStatements(incremental.syncStatements.kinds, 10);
  rows.push({
    what: 'incremental sync, nothing changed, one token',
    measured: `${statements} statements`,
    baseline: null,
    value: statements,
    target: `≤ ${TARGETS.statementsPerToken} statements`,
    met: statementsMet,
  });

  const memory = median(repeats.map((r) => r.first.memory.rssAboveBaselineMb));
  const heap = median(repeats.map((r) => r.first.memory.heapAboveBaselineMb));
  const memoryMet = memory < TARGETS.memoryMb;
  console.log(
    `4. peak memory during the full sync, above idle: median RSS +${n(memory)} MB, heap +${n(heap)} MB ` +
      `(target < ${TARGETS.memoryMb} MB) ${verdict(memoryMet)}`,
  );
  rows.push({
    what: `peak memory, full sync of ${size}`,
    measured: `RSS +${n(memory)} MB`,
    baseline: `idle RSS ${n(median(repeats.map((r) => r.first.memory.baselineRssMb)))} MB`,
    value: memory,
    target: `< ${TARGETS.memoryMb} MB above idle`,
    met: memoryMet,
  });
  scalingAt200k = { rate: syncRate, ratio, memory };
}

let scalingAt200k: { rate: number; ratio: number; memory: number } | null = null;

async function scalingTable(server: BenchServer): Promise<void> {
  const measured = new Map<number, { rate: number; ratio: number; memory: number }>();
  for (const assignments of SIZES.scaling) {
    const setup = await setUpFullSync(
      server,
      { apps: SIZES.full.apps, assignments },
      `bench_scaling_${assignments}`,
    );
    try {
      const first = await runFullSync(setup);
      const copy = await measureCopyBaseline(setup);
      measured.set(assignments, {
        rate: first.syncRowsPerSecond,
        ratio: first.syncRowsPerSecond / copy.rowsPerSecond,
        memory: first.memory.rssAboveBaselineMb,
      });
    } finally {
      await setup.close();
    }
  }
  if (scalingAt200k) measured.set(SIZES.full.assignments, scalingAt200k);
  console.log('5. scaling, one full sync per size (the middle size: the medians of 1):');
  console.log(
    `   ${'assignments'.padStart(11)}  ${'rows/s'.padStart(9)}  ${'× COPY'.padStart(7)}  peak RSS above idle`,
  );
  for (const [assignments, figure] of [...measured.entries()].sort((a, b) => a[0] - b[0])) {
    const met = figure.memory < TARGETS.memoryMb;
    console.log(
      `   ${n(assignments).padStart(11)}  ${n(figure.rate).padStart(9)}  ${fmt(figure.ratio, 2).padStart(7)}  +${n(figure.memory)} MB ${verdict(met)}`,
    );
    if (assignments !== SIZES.full.assignments) {
      rows.push({
        what: `scaling: full sync, ${n(assignments)} assignments`,
        measured: `${n(figure.rate)} rows/s, RSS +${n(figure.memory)} MB`,
        baseline: `COPY (ratio ${fmt(figure.ratio, 2)})`,
        value: figure.memory,
        target: `< ${TARGETS.memoryMb} MB above idle`,
        met,
      });
    }
  }
}

async function manyTokensFigure(server: BenchServer): Promise<void> {
  const setup = await setUpManyTokens(server, SIZES.many, CONCURRENCY);
  try {
    console.log(
      `6. ${n(setup.tokenIds.length)} tokens (${SIZES.many.apps} apps and ${SIZES.many.assignmentsPerToken} assignments each, ` +
        `fully synced at zero latency in ${seconds(setup.initialSyncMs)}), incremental with nothing changed, Apple latency ` +
        `${SIZES.latencyMs} ms, through the worker at SYNC_CONCURRENCY ${CONCURRENCY} (its default), ${REPEATS} repeats`,
    );
    const results: ManyTokensResult[] = [];
    for (let index = 1; index <= REPEATS; index += 1) {
      const result = await runManyIncremental(setup, server, 'worker', {
        concurrency: CONCURRENCY,
        latencyMs: SIZES.latencyMs,
      });
      results.push(result);
      console.log(
        `   repeat ${index}: wall ${seconds(result.wallMs)}; bound ${seconds(result.boundMs)} (${n(result.appleRequests)} ` +
          `requests × ${result.latencyMs} ms ÷ ${result.concurrency}); ratio ${fmt(result.wallMs / result.boundMs, 2)}; ` +
          `${fmt(result.statements.total / result.tokens, 2)} statements/token (of which the job queue's ` +
          `${fmt(result.queueStatements / result.tokens, 2)}); failed ${result.failed}; queued in ` +
          `${result.enqueueStatements} statement(s), ${seconds(result.enqueueMs)} | ${describeLoad()}`,
      );
      if (args.diagnose && index === 1) {
        console.log(`   Apple: ${printByPath(result.appleRequestsByPath)}`);
        printStatements(result.statements.kinds, 14);
      }
    }
    const ratio = median(results.map((r) => r.wallMs / r.boundMs));
    const wall = median(results.map((r) => r.wallMs));
    const bound = median(results.map((r) => r.boundMs));
    const perToken = median(results.map((r) => r.statements.total / r.tokens));
    const enqueue = Math.max(...results.map((r) => r.enqueueStatements));
    const tokens = n(setup.tokenIds.length);
    const ratioMet = ratio <= TARGETS.boundRatio && results.every((r) => r.failed === 0);
    const perTokenMet = perToken <= TARGETS.statementsPerToken;
    console.log(
      `   median: wall ${seconds(wall)}, bound ${seconds(bound)}, ratio ${fmt(ratio, 2)} (target ≤ ${TARGETS.boundRatio}) ` +
        `${verdict(ratioMet)}; ${fmt(perToken, 2)} statements/token (target ≤ ${TARGETS.statementsPerToken}) ${verdict(perTokenMet)}; ` +
        `queueing ${tokens} runs: ${enqueue} statement(s) (target 1) ${verdict(enqueue === 1)}`,
    );
    rows.push(
      {
        what: `${tokens} tokens, nothing changed, ${SIZES.latencyMs} ms Apple latency`,
        measured: seconds(wall),
        baseline: `bound ${seconds(bound)}`,
        value: ratio,
        target: `≤ ${TARGETS.boundRatio} × bound`,
        met: ratioMet,
      },
      {
        what: `${tokens} tokens: SQL statements per token (job queue included)`,
        measured: `${fmt(perToken, 2)} per token`,
        baseline: null,
        value: perToken,
        target: `≤ ${TARGETS.statementsPerToken}`,
        met: perTokenMet,
      },
      {
        what: `queueing ${tokens} runs`,
        measured: `${enqueue} statement(s)`,
        baseline: null,
        value: enqueue,
        target: '1 statement',
        met: enqueue === 1,
      },
    );
  } finally {
    await setup.close();
  }
}

// Output piped into a reader that quits early (`| head`) must not skip the clean-up.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

async function main(): Promise<number> {
  console.log(
    `VPP Console sync benchmark${args.quick ? ' (--quick: sizes ÷ 10)' : ''}: Node ${process.version}, ${describeLoad()}, ` +
      'embedded PostgreSQL (fsync off), in-process Apple emulator; every figure against a baseline of the same run',
  );
  const started = performance.now();
  const server = await startBenchServer();
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    console.error('interrupted: cleaning up');
    server.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await fullSyncFigures(server);
    if (!args['skip-scaling']) await scalingTable(server);
    if (!args['skip-many-tokens']) await manyTokensFigure(server);
  } finally {
    if (!interrupted) await server.stop();
  }
  writeResults(args.quick ? 'sync-quick' : 'sync', rows);
  const missed = rows.filter((row) => !row.met);
  console.log(
    `targets met: ${rows.length - missed.length} of ${rows.length}` +
      (missed.length > 0 ? ` (missed: ${missed.map((row) => row.what).join('; ')})` : '') +
      `; total ${seconds(performance.now() - started)}; ${describeLoad()} now (other work on the machine skews ` +
      'absolute figures; the ratios compare with baselines taken alongside)',
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
