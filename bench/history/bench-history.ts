// `npm run bench:history [-- --quick]`: the cost of license history at scale (issue 14, done-when 3).
//
// 1. Rows and bytes per year for 3,000 tokens × 200 apps with a change every day. Measured on a
//    generated sample — SAMPLE_APPS apps × 365 daily points written into the real
//    license_history_points table (with its primary-key index) — then extrapolated linearly:
//    bytes per point = (table + index + TOAST bytes after VACUUM) ÷ sample points, times
//    600,000 apps × 365 points. Retention (docs/license-intelligence.md) keeps 2 years of daily
//    points plus the finer points of the last 30 days, so the steady state is also printed (with
//    FINER_PER_DAY points a day in the last 30 days).
// 2. The license report's p95 with `asOf` a past date at that size: 3,000 tokens × 200 apps, each
//    app with POINTS_PER_APP history points spread over the last year (a B-tree descent per app
//    finds the point in force, so the depth of history changes the cost by log(points) only),
//    20 concurrent requests for varied URLs (each its own token filter, sort, page and past date,
//    so the totals cache is always cold), against /api/auth/me at the same concurrency. Target:
//    p95 < 150 ms.

import type { ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { installFatalErrorHandlers } from '@vpp/core/services/fatal-errors';
import autocannon from 'autocannon';
import { startBenchApi } from '../api-process.ts';
import { type BenchRow, describeLoad, fmt, writeResults } from '../results.ts';
import { openBenchDatabase, startBenchServer } from '../sync/bench-environment.ts';

installFatalErrorHandlers({ fatal: (obj, msg) => console.error(msg, obj) });

const { values: args } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, connections: { type: 'string', default: '20' } },
});
const TOKENS = args.quick ? 300 : 3000;
const APPS_PER_TOKEN = 200;
const FULL_APPS = 3000 * APPS_PER_TOKEN;
const SAMPLE_APPS = args.quick ? 200 : 2000;
const POINTS_PER_APP = args.quick ? 4 : 8;
const FINER_PER_DAY = 4;
const CONNECTIONS = Number(args.connections);
const DURATION_S = args.quick ? 5 : 15;
const TARGET_MS = 150;

function percentile(sorted: number[], share: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? 0;
}

async function load(base: string, cookie: string, paths: string[]) {
  const latencies: number[] = [];
  let next = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections: CONNECTIONS,
        duration: DURATION_S,
        headers: { cookie },
        requests: [
          {
            setupRequest: (request) => {
              const path = paths[next % paths.length] as string;
              next += 1;
              return { ...request, path };
            },
          },
        ],
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 200) latencies.push(responseTime);
    });
  });
  latencies.sort((a, b) => a - b);
  return { latencies, result };
}

const gb = (bytes: number) => `${fmt(bytes / 1024 ** 3, 1)} GB`;

console.log(
  `VPP Console history benchmark: Node ${process.version}, ${describeLoad()}, embedded PostgreSQL (fsync off)`,
);

const server = await startBenchServer();
let api: ChildProcess | undefined;
try {
  const rowsOut: BenchRow[] = [];

  // ------------------------------------------------------------------ 1. size per year, from a sample
  const sampleDb = openBenchDatabase(await server.createDatabase('bench_history_sample'));
  const sample = sampleDb.database.pool;
  await sample.query(
    `INSERT INTO vpp_tokens (id, name, apple_id, type, org_name, location_uid, s_token_encrypted, s_token_sha256,
                             expires_at, created_at, updated_at)
     VALUES (gen_random_uuid(), 'Sample', 'vpp@example.test', 'BUSINESS', 'Bench Org', 'uid-sample', '\\x00'::bytea,
             'x', now() + interval '200 days', now(), now())`,
  );
  await sample.query(
    `INSERT INTO store_apps (id, token_id, adam_id, pricing_param, product_type, name, device_assignable, total_count,
                             assigned_count, available_count, retired_count, updated_at)
     SELECT gen_random_uuid(), t.id, (300000000 + a)::text, 'STDQ', 'APP', 'App ' || a, true, 1000, 0, 1000, 0, now()
       FROM vpp_tokens t CROSS JOIN generate_series(1, $1) AS a`,
    [SAMPLE_APPS],
  );
  // Only the daily points are measured: the insert trigger's first points go.
  await sample.query('TRUNCATE license_history_points');
  const sampleStarted = performance.now();
  await sample.query(
    `INSERT INTO license_history_points (store_app_id, at, total_count, assigned_count, available_count)
     SELECT s.id, date_trunc('day', now()) - make_interval(days => d) + interval '23 hours',
            1000, 500 + (d % 97), 500 - (d % 97)
       FROM store_apps s CROSS JOIN generate_series(1, 365) AS d`,
  );
  await sample.query('VACUUM ANALYZE license_history_points');
  const measured = await sample.query<{ points: string; heap: string; index: string; total: string }>(
    `SELECT (SELECT count(*) FROM license_history_points)::text AS points,
            pg_relation_size('license_history_points')::text AS heap,
            pg_indexes_size('license_history_points')::text AS index,
            pg_total_relation_size('license_history_points')::text AS total`,
  );
  const m = measured.rows[0]!;
  const samplePoints = Number(m.points);
  const perPoint = Number(m.total) / samplePoints;
  const perYearRows = FULL_APPS * 365;
  const perYearBytes = perYearRows * perPoint;
  const steadyRows = FULL_APPS * 730 + FULL_APPS * 30 * FINER_PER_DAY;
  console.log(
    `1. sample: ${fmt(SAMPLE_APPS)} apps × 365 daily points = ${fmt(samplePoints)} points written in ` +
      `${fmt((performance.now() - sampleStarted) / 1000, 1)} s; table ${fmt(Number(m.heap) / 1024 / 1024, 1)} MB + ` +
      `index ${fmt(Number(m.index) / 1024 / 1024, 1)} MB = ${fmt(perPoint, 1)} bytes a point`,
  );
  console.log(
    `   extrapolated to ${fmt(3000)} tokens × ${APPS_PER_TOKEN} apps = ${fmt(FULL_APPS)} apps changing every day: ` +
      `${fmt(perYearRows)} rows and ${gb(perYearBytes)} a year (rows = apps × 365; bytes = rows × bytes a point); ` +
      `steady state with 2 years daily + 30 days at ${FINER_PER_DAY} points a day: ${fmt(steadyRows)} rows, ${gb(steadyRows * perPoint)}`,
  );
  rowsOut.push({
    what: `history size a year, ${fmt(FULL_APPS)} apps × 365 daily changes (extrapolated from ${fmt(samplePoints)} points)`,
    measured: `${fmt(perYearRows)} rows, ${gb(perYearBytes)}`,
    baseline: `${fmt(perPoint, 1)} bytes a point (table + index)`,
    value: perYearBytes / 1024 ** 3,
    target: 'printed (no target)',
    met: true,
  });
  await sampleDb.close();

  // ------------------------------------------------------------------ 2. "as of" report at full size
  const bench = openBenchDatabase(await server.createDatabase('bench_history'));
  const { pool } = bench.database;
  const seedStarted = performance.now();
  await pool.query(
    `INSERT INTO vpp_tokens (id, name, description, apple_id, type, org_name, location_uid, s_token_encrypted,
                             s_token_sha256, expires_at, last_updated_at, last_successful_sync_at, created_at, updated_at)
     SELECT gen_random_uuid(), 'Location ' || lpad(n::text, 4, '0'), '', 'vpp@example.test',
            CASE WHEN n % 3 = 0 THEN 'EDUCATION'::"TokenType" ELSE 'BUSINESS'::"TokenType" END,
            'Bench Org', 'uid-' || n, '\\x00'::bytea, md5(n::text), now() + interval '200 days', now(), now(), now(), now()
       FROM generate_series(1, $1) AS n`,
    [TOKENS],
  );
  await pool.query(
    `INSERT INTO store_apps (id, token_id, adam_id, pricing_param, product_type, name, device_assignable, total_count,
                             assigned_count, available_count, retired_count, unlimited, updated_at)
     SELECT gen_random_uuid(), t.id, (300000000 + a)::text, 'STDQ', 'APP', 'App ' || lpad(a::text, 3, '0'), a % 4 <> 0,
            100 + (hashtext(t.id::text || a) & 1023), (hashtext(a || t.id::text) & 63), 0, a % 5, false, now()
       FROM vpp_tokens t CROSS JOIN generate_series(1, $1) AS a`,
    [APPS_PER_TOKEN],
  );
  await pool.query('UPDATE store_apps SET available_count = greatest(0, total_count - assigned_count)');
  // History: POINTS_PER_APP points a year apart evenly, the oldest a year ago (the insert trigger's
  // points of today stay).
  await pool.query(
    `INSERT INTO license_history_points (store_app_id, at, total_count, assigned_count, available_count)
     SELECT s.id, now() - make_interval(days => (365 * k) / $1), s.total_count,
            greatest(0, s.assigned_count - k), s.total_count - greatest(0, s.assigned_count - k)
       FROM store_apps s CROSS JOIN generate_series(1, $1) AS k
     ON CONFLICT DO NOTHING`,
    [POINTS_PER_APP],
  );
  await pool.query('VACUUM ANALYZE store_apps');
  await pool.query('VACUUM ANALYZE license_history_points');
  await pool.query('ANALYZE vpp_tokens');
  const points = await pool.query<{ n: string; size: string }>(
    `SELECT count(*)::text AS n, pg_total_relation_size('license_history_points')::text AS size FROM license_history_points`,
  );
  const apps = TOKENS * APPS_PER_TOKEN;
  console.log(
    `2. seeded ${fmt(TOKENS)} tokens × ${APPS_PER_TOKEN} apps = ${fmt(apps)} apps with ${fmt(Number(points.rows[0]!.n))} ` +
      `history points (${gb(Number(points.rows[0]!.size))}) in ${fmt((performance.now() - seedStarted) / 1000, 1)} s`,
  );
  const started = await startBenchApi({
    databaseUrl: bench.url,
    encryptionKey: server.encryptionKey,
    prisma: bench.database.prisma,
  });
  api = started.process;
  const { base, cookie } = started;
  const tokens = await pool.query<{ id: string }>('SELECT id FROM vpp_tokens ORDER BY md5(id::text)');
  const sorts = ['-inUse', 'appName', '-totalPurchased', 'available', '-retired', 'tokenName'];
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  const pagePaths = tokens.rows.map(
    (token, index) =>
      `/api/reports/license-counts?tokenId=${token.id}&asOf=${day(20 + (index % 330))}&sort=${sorts[index % sorts.length]}` +
      `&page=${(index % 4) + 1}&pageSize=50`,
  );
  const check = await fetch(`${base}${pagePaths[0]}`, { headers: { cookie } });
  const checked = (await check.json()) as { items: unknown[]; total: number };
  if (check.status !== 200 || checked.items.length === 0)
    throw new Error(`the as-of report answered ${check.status}`);
  for (let index = 0; index < 20; index += 1) {
    await fetch(`${base}${pagePaths[pagePaths.length - 1 - index]}`, { headers: { cookie } }).then((r) =>
      r.text(),
    );
    await fetch(`${base}/api/auth/me`, { headers: { cookie } }).then((r) => r.text());
  }
  console.log(`   (${describeLoad()} before measuring)`);
  const floor = await load(base, cookie, ['/api/auth/me']);
  const floorP95 = percentile(floor.latencies, 0.95);
  const pages = await load(base, cookie, pagePaths);
  const p95 = percentile(pages.latencies, 0.95);
  console.log(
    `   "as of" JSON pages (50 rows, a past date 20–350 days ago, each request its own token filter, sort and page) ` +
      `over ${fmt(apps)} apps, ${CONNECTIONS} concurrent for ${DURATION_S} s: p50 ${fmt(percentile(pages.latencies, 0.5), 1)} ms, ` +
      `p95 ${fmt(p95, 1)} ms (target < ${TARGET_MS} ms) ${p95 < TARGET_MS ? 'met' : 'MISSED'}, ` +
      `p99 ${fmt(percentile(pages.latencies, 0.99), 1)} ms; ${fmt(pages.result.requests.average)} requests/s; ` +
      `${pages.result.non2xx} non-2xx`,
  );
  console.log(
    `   baseline, same run and concurrency: GET /api/auth/me p95 ${fmt(floorP95, 1)} ms; report p95 ÷ that: ` +
      `${fmt(p95 / Math.max(floorP95, 0.1), 1)}`,
  );
  rowsOut.push({
    what: `report "as of" a past date, ${fmt(apps)} apps with history, ${CONNECTIONS} concurrent`,
    measured: `p95 ${fmt(p95, 1)} ms`,
    baseline: `/api/auth/me p95 ${fmt(floorP95, 1)} ms`,
    value: p95,
    target: `p95 < ${TARGET_MS} ms`,
    met: p95 < TARGET_MS && pages.result.non2xx === 0,
  });
  writeResults('history', rowsOut);
  console.log(`(${describeLoad()} at the end)`);
  await bench.close();
} finally {
  api?.kill('SIGTERM');
  await server.stop();
}
