// `npm run bench:sync [-- --quick] [-- --diagnose]`: the four sync figures of issue 4 ("Speed"),
// measured on a throwaway embedded PostgreSQL and an in-process Apple emulator. See bench/README.md.

import os from 'node:os';
import { parseArgs } from 'node:util';
import { installFatalErrorHandlers } from '@vpp/core/services/fatal-errors';
import { type BenchServer, startBenchServer } from './bench-environment.ts';
import {
  diagnoseFullSync,
  type FullSyncSetup,
  measureBaselines,
  runFullSync,
  setUpFullSync,
} from './full-sync-figure.ts';
import { runIncrementalSync } from './incremental-figure.ts';
import { type ManyTokensResult, runManyIncremental, setUpManyTokens } from './many-tokens-figure.ts';
import { quantileMs, type StatementKind } from './statement-counter.ts';

// A benchmark that fails does so loudly: logged, non-zero, never left hanging.
installFatalErrorHandlers({ fatal: (obj, msg) => console.error(msg, obj) });

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    diagnose: { type: 'boolean', default: false },
    'skip-worker': { type: 'boolean', default: false },
    'skip-many-tokens': { type: 'boolean', default: false },
  },
});
const scale = args.quick ? 10 : 1;
const SIZES = {
  full: { apps: 500 / scale, assignments: 200_000 / scale },
  many: { tokens: 3000 / scale, apps: 5, assignmentsPerToken: 10 },
  concurrency: 8,
  latencyMs: 50,
};

const fmt = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const seconds = (ms: number) => `${fmt(ms / 1000, 2)} s`;
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
const outcomes: { figure: string; met: boolean }[] = [];
const loadAverage = () =>
  os
    .loadavg()
    .map((load) => fmt(load, 2))
    .join(' ');

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

async function fullSyncFigures(server: BenchServer): Promise<FullSyncSetup> {
  const setup = await setUpFullSync(server, SIZES.full);
  try {
    const result = await runFullSync(setup);
    const { copy, others } = await measureBaselines(setup);
    const ratio = result.syncRowsPerSecond / copy.rowsPerSecond;
    outcomes.push({ figure: '1 full sync vs COPY', met: ratio >= 0.5 });
    console.log(
      `1. full sync ${result.assignments} assignments (${result.apps} apps, ${result.pages} pages): ` +
        `${fmt(result.syncRowsPerSecond)} rows/s (${seconds(result.syncMs)}); ` +
        `COPY: ${fmt(copy.rowsPerSecond)} rows/s (${seconds(copy.ms)}); ` +
        `ratio ${fmt(ratio, 2)} (target ≥ 0.5) ${verdict(ratio >= 0.5)}`,
    );
    for (const other of others) {
      console.log(`   ${other.label}: ${fmt(other.rowsPerSecond)} rows/s (${seconds(other.ms)})`);
    }
    const dbMs = result.statements.kinds.reduce((sum, kind) => sum + kind.totalMs, 0);
    console.log(
      `   during the sync: ${fmt(result.statements.total)} SQL statements taking ${seconds(dbMs)}; ` +
        `${fmt(result.appleRequests)} Apple requests (${printByPath(result.appleRequestsByPath)}), ` +
        `the in-process emulator busy ${seconds(result.emulatorServerMs)}`,
    );

    const { memory } = result;
    const memoryMet = memory.rssAboveBaselineMb < 256 && memory.heapAboveBaselineMb < 256;
    outcomes.push({ figure: '2 peak memory', met: memoryMet });
    console.log(
      `2. peak memory during (1), above idle: RSS +${fmt(memory.rssAboveBaselineMb)} MB, ` +
        `heap +${fmt(memory.heapAboveBaselineMb)} MB (peak RSS ${fmt(memory.peakRssMb)} MB, ` +
        `heap ${fmt(memory.peakHeapMb)} MB; idle RSS ${fmt(memory.baselineRssMb)} MB, ` +
        `heap ${fmt(memory.baselineHeapMb)} MB; ${memory.samples} samples) (target < 256 MB) ${verdict(memoryMet)}`,
    );

    if (ratio < 0.5 || args.diagnose) {
      const diagnostics = await diagnoseFullSync(setup, result);
      console.log('   where the full sync spends its time:');
      printStatements(result.statements.kinds, 8);
      console.log(
        `      Apple walk alone (same client, 3 pages in flight, no database): ${fmt(diagnostics.appleWalkPages)} pages in ` +
          `${seconds(diagnostics.appleWalkMs)} (${fmt((result.assignments / diagnostics.appleWalkMs) * 1000)} assignments/s)`,
      );
      console.log(
        `      per 1,000-assignment page: JSON.parse ${fmt(diagnostics.jsonParseMsPerPage, 2)} ms, ` +
          `zod parse ${fmt(diagnostics.zodParseMsPerPage, 2)} ms`,
      );
      if (typeof diagnostics.replay === 'string') {
        console.log(`      page statement replayed: ${diagnostics.replay}`);
      } else {
        for (const replay of diagnostics.replay) {
          console.log(
            `      the sync's page statement replayed over all rows, autocommitted, on ${replay.lanes} connection(s)` +
              `${replay.withoutForeignKey ? ', foreign key to vpp_tokens dropped' : ''}: ` +
              `${fmt(replay.rowsPerSecond)} rows/s (ratio ${fmt(replay.rowsPerSecond / copy.rowsPerSecond, 2)} of COPY)`,
          );
        }
      }
      const executionMs = diagnostics.explain
        .map((line) => /Execution Time: ([\d.]+) ms/.exec(line)?.[1])
        .find((value) => value !== undefined);
      const triggerMs = diagnostics.explain
        .filter((line) => line.startsWith('Trigger for constraint'))
        .map((line) => `${/constraint (\S+)/.exec(line)?.[1]} ${/time=([\d.]+)/.exec(line)?.[1]} ms`);
      if (executionMs) {
        console.log(
          `      one page statement (EXPLAIN ANALYZE below): ${executionMs} ms, of which foreign-key checks: ${triggerMs.join(', ') || 'none'}`,
        );
      }
      if (diagnostics.explain.length > 0) {
        console.log('      EXPLAIN ANALYZE of one page statement (its rows new, rolled back):');
        for (const line of diagnostics.explain) console.log(`        ${line}`);
      }
    }
    return setup;
  } catch (error) {
    await setup.close();
    throw error;
  }
}

async function incrementalFigure(setup: FullSyncSetup): Promise<void> {
  const result = await runIncrementalSync(setup);
  const others = result.appleRequests.length - result.assetPages;
  const requestsMet = others <= 2;
  const statementsMet = result.syncStatements.total <= 10;
  outcomes.push({ figure: '3 incremental Apple requests', met: requestsMet });
  outcomes.push({ figure: '3 incremental SQL statements', met: statementsMet });
  const paths = new Map<string, number>();
  for (const request of result.appleRequests) {
    const key = `${request.method} ${request.path}${request.status >= 300 ? ` (HTTP ${request.status})` : ''}`;
    paths.set(key, (paths.get(key) ?? 0) + 1);
  }
  console.log(
    `3. incremental sync, nothing changed (${result.kind}, ${seconds(result.ms)}): ` +
      `Apple requests ${result.appleRequests.length} = ${result.assetPages} asset page(s) + ${others} ` +
      `(target: asset pages + at most 2) ${verdict(requestsMet)}; ` +
      `SQL statements ${result.syncStatements.total} per token (target ≤ 10) ${verdict(statementsMet)}`,
  );
  console.log(`   Apple: ${printByPath(paths)}`);
  console.log(
    `   rows added: ${result.assignmentsAdded} assignments, ${result.appsAdded} apps; ` +
      `queueing the run (requestSync, not counted above): ${result.enqueueStatements} statements`,
  );
  console.log('   statements:');
  printStatements(result.syncStatements.kinds, 30);
}

function printManyTokens(result: ManyTokensResult, headline: boolean): void {
  const ratio = result.wallMs / result.boundMs;
  const met = ratio <= 1.5;
  const text =
    `${result.tokens} tokens incremental, nothing changed, latency ${result.latencyMs} ms, ` +
    `concurrency ${result.concurrency}, ${result.mode === 'worker' ? 'through the worker' : 'runTokenSync direct'}: ` +
    `wall ${seconds(result.wallMs)}; bound ${seconds(result.boundMs)} ` +
    `(${fmt(result.appleRequests)} requests × ${result.latencyMs} ms ÷ ${result.concurrency}); ` +
    `ratio ${fmt(ratio, 2)} (target ≤ 1.5) ${verdict(met)}`;
  if (headline) {
    outcomes.push({ figure: `4 ${result.tokens} tokens (${result.mode})`, met });
    console.log(`4. ${text}`);
  } else {
    console.log(`   ${text}`);
  }
  console.log(
    `   Apple: ${printByPath(result.appleRequestsByPath)}; failed runs ${result.failed}; ` +
      `${fmt(result.statements.total)} SQL statements (${fmt(result.statements.total / result.tokens, 1)} per token); ` +
      `queueing the runs beforehand: ${seconds(result.enqueueMs)}`,
  );
  if (!met || args.diagnose) {
    console.log('   statements:');
    printStatements(result.statements.kinds, 12);
  }
}

async function manyTokensFigure(server: BenchServer): Promise<void> {
  const setup = await setUpManyTokens(server, SIZES.many, SIZES.concurrency);
  try {
    console.log(
      `   (set-up: ${setup.tokenIds.length} tokens, ${SIZES.many.apps} apps and ${SIZES.many.assignmentsPerToken} ` +
        `assignments each, fully synced at zero latency in ${seconds(setup.initialSyncMs)})`,
    );
    const options = { concurrency: SIZES.concurrency, latencyMs: SIZES.latencyMs };
    if (!args['skip-worker']) {
      printManyTokens(await runManyIncremental(setup, server, 'worker', options), true);
      printManyTokens(await runManyIncremental(setup, server, 'direct', options), false);
    } else {
      printManyTokens(await runManyIncremental(setup, server, 'direct', options), true);
    }
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
    `VPP Console sync benchmark${args.quick ? ' (--quick: sizes ÷ 10)' : ''}: Node ${process.version}, ` +
      `${os.cpus().length} CPUs (load average ${loadAverage()}), embedded PostgreSQL (fsync off), in-process Apple emulator`,
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
    const fullSync = await fullSyncFigures(server);
    try {
      await incrementalFigure(fullSync);
    } finally {
      await fullSync.close();
    }
    if (!args['skip-many-tokens']) await manyTokensFigure(server);
  } finally {
    if (!interrupted) await server.stop();
  }
  const missed = outcomes.filter((outcome) => !outcome.met);
  console.log(
    `targets met: ${outcomes.length - missed.length} of ${outcomes.length}` +
      (missed.length > 0 ? ` (missed: ${missed.map((outcome) => outcome.figure).join('; ')})` : '') +
      `; total ${seconds(performance.now() - started)}; load average now ${loadAverage()} ` +
      '(other work on the machine skews every figure)',
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
