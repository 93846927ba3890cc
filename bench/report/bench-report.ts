/// <reference path="../../packages/core/src/pg-copy-streams.d.ts" />
// `npm run bench:report [-- --quick]`: the license-count report at 3,000 tokens × 200 apps (issues 6
// and 12): p95 latency of JSON pages at 20 concurrent requests (autocannon) over varied URLs (every
// request a token filter, sort and page of its own, so the report's totals cache is always cold),
// against `/api/auth/me` at the same concurrency in the same run; the full CSV export against COPY
// of the same rows; and the API process's memory above idle during the export.

import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { installFatalErrorHandlers } from '@vpp/core/services/fatal-errors';
import autocannon from 'autocannon';
import { to as copyTo } from 'pg-copy-streams';
import { startBenchApi } from '../api-process.ts';
import { type BenchRow, describeLoad, writeResults } from '../results.ts';
import { openBenchDatabase, startBenchServer } from '../sync/bench-environment.ts';

// A benchmark that fails does so loudly: logged, non-zero, never left hanging.
installFatalErrorHandlers({ fatal: (obj, msg) => console.error(msg, obj) });

const { values: args } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, connections: { type: 'string', default: '20' } },
});
const TOKENS = args.quick ? 300 : 3000;
const APPS_PER_TOKEN = 200;
const CONNECTIONS = Number(args.connections);
const DURATION_S = args.quick ? 5 : 15;
const fmt = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Resident memory of a process, from /proc (Linux). */
function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(status.match(/^VmRSS:\s+(\d+)\s+kB/m)?.[1] ?? 0);
  return kb * 1024;
}

function percentile(sorted: number[], share: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? 0;
}

console.log(
  `VPP Console report benchmark: Node ${process.version}, ${describeLoad()}, embedded PostgreSQL (fsync off)`,
);

/** `connections` concurrent requests for DURATION_S over `paths` in turn; latencies of the 200s, sorted. */
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
  return { latencies, result, sent: next };
}

const server = await startBenchServer();
let api: ChildProcess | undefined;
try {
  const bench = openBenchDatabase(await server.createDatabase('bench_report'));
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
  await pool.query('VACUUM ANALYZE store_apps');
  await pool.query('ANALYZE vpp_tokens');
  const rows = TOKENS * APPS_PER_TOKEN;
  console.log(
    `seeded ${fmt(TOKENS)} tokens × ${APPS_PER_TOKEN} apps = ${fmt(rows)} rows in ${fmt((performance.now() - seedStarted) / 1000, 1)} s`,
  );
  const started = await startBenchApi({
    databaseUrl: bench.url,
    encryptionKey: server.encryptionKey,
    prisma: bench.database.prisma,
  });
  api = started.process;
  const { base, cookie } = started;
  // Every request its own token filter (the totals cache keys on the filter), sort and page.
  const tokens = await pool.query<{ id: string }>('SELECT id FROM vpp_tokens ORDER BY md5(id::text)');
  const sorts = ['-inUse', 'appName', '-totalPurchased', 'available', '-retired', 'tokenName'];
  const pagePaths = tokens.rows.map(
    (token, index) =>
      `/api/reports/license-counts?tokenId=${token.id}&sort=${sorts[index % sorts.length]}&page=${(index % 4) + 1}&pageSize=50`,
  );
  // Warm up the API (module loading, JIT, connection pool) on other URLs before measuring.
  for (let index = 0; index < 20; index += 1) {
    await fetch(`${base}/api/reports/license-counts?sort=-inUse&pageSize=50&page=${index + 1}`, {
      headers: { cookie },
    }).then((r) => r.text());
    await fetch(`${base}/api/auth/me`, { headers: { cookie } }).then((r) => r.text());
  }
  const idleRss = rssBytes(api.pid!);
  const rowsOut: BenchRow[] = [];

  const floor = await load(base, cookie, ['/api/auth/me']);
  const floorP95 = percentile(floor.latencies, 0.95);
  const pages = await load(base, cookie, pagePaths);
  const p95 = percentile(pages.latencies, 0.95);
  const cold = Math.min(pages.sent, pagePaths.length);
  console.log(
    `1. JSON pages (50 rows; ${fmt(pages.sent)} requests over ${fmt(pagePaths.length)} different token filters, ` +
      `sorts and pages: the first ${fmt(cold)} with a cold totals cache) over ${fmt(rows)} rows, ${CONNECTIONS} concurrent ` +
      `for ${DURATION_S} s: p50 ${fmt(percentile(pages.latencies, 0.5), 1)} ms, p95 ${fmt(p95, 1)} ms ` +
      `(target < 100 ms) ${p95 < 100 ? 'met' : 'MISSED'}, p99 ${fmt(percentile(pages.latencies, 0.99), 1)} ms; ` +
      `${fmt(pages.result.requests.average, 0)} requests/s; ${pages.result.non2xx} non-2xx`,
  );
  console.log(
    `   baseline, same run and concurrency: GET /api/auth/me p50 ${fmt(percentile(floor.latencies, 0.5), 1)} ms, ` +
      `p95 ${fmt(floorP95, 1)} ms (${fmt(floor.result.requests.average, 0)} requests/s); report p95 ÷ that: ${fmt(p95 / Math.max(floorP95, 0.1), 1)}`,
  );
  rowsOut.push({
    what: `report JSON page, varied URLs, cold totals cache (${fmt(rows)} rows, ${CONNECTIONS} concurrent)`,
    measured: `p95 ${fmt(p95, 1)} ms`,
    baseline: `/api/auth/me p95 ${fmt(floorP95, 1)} ms`,
    value: p95,
    target: 'p95 < 100 ms',
    met: p95 < 100 && pages.result.non2xx === 0,
  });

  let peakRss = rssBytes(api.pid!);
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssBytes(api!.pid!));
  }, 50);
  const csvStarted = performance.now();
  const csv = await fetch(`${base}/api/reports/license-counts?format=csv`, { headers: { cookie } });
  let bytes = 0;
  let lines = 0;
  for await (const chunk of csv.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    for (const byte of chunk) if (byte === 10) lines += 1;
  }
  const csvMs = performance.now() - csvStarted;
  clearInterval(sampler);
  const above = peakRss - idleRss;
  const csvRows = lines - 1;
  // The baseline: COPY of the same rows and columns, in CSV, straight from PostgreSQL.
  const copyClient = await pool.connect();
  const copyStarted = performance.now();
  let copyBytes = 0;
  try {
    const copy = copyClient.query(
      copyTo(`COPY (
        SELECT s.name, s.adam_id, t.name, t.type, CASE WHEN s.unlimited THEN 'unlimited' ELSE s.total_count::text END,
               s.assigned_count, CASE WHEN s.unlimited THEN 'unlimited' ELSE s.available_count::text END,
               s.retired_count, coalesce(dep.n, 0), t.last_successful_sync_at
          FROM store_apps s JOIN vpp_tokens t ON t.id = s.token_id
          LEFT JOIN (SELECT a.store_app_id, count(DISTINCT a.id) AS n FROM applications a
                       JOIN deployments d ON d.application_id = a.id AND d.status <> 'STOPPED'
                      GROUP BY a.store_app_id) dep ON dep.store_app_id = s.id
         ORDER BY t.name, s.name, s.id) TO STDOUT WITH (FORMAT csv, HEADER)`),
    );
    for await (const chunk of copy as AsyncIterable<Buffer>) copyBytes += chunk.byteLength;
  } finally {
    copyClient.release();
  }
  const copyMs = performance.now() - copyStarted;
  const csvRatio = copyMs / csvMs;
  console.log(
    `2. CSV export of every row: ${fmt(csvRows)} rows, ${fmt(bytes / 1024 / 1024, 1)} MB in ${fmt(csvMs / 1000, 2)} s ` +
      `(${fmt(csvRows / (csvMs / 1000))} rows/s); COPY of the same query to CSV: ${fmt(copyBytes / 1024 / 1024, 1)} MB in ` +
      `${fmt(copyMs / 1000, 2)} s; ratio ${fmt(csvRatio, 2)} of COPY's rate (target ≥ 0.7) ${csvRatio >= 0.7 ? 'met' : 'MISSED'}`,
  );
  rowsOut.push({
    what: `CSV export, ${fmt(csvRows)} rows`,
    measured: `${fmt(csvMs / 1000, 2)} s`,
    baseline: `COPY of the same query ${fmt(copyMs / 1000, 2)} s`,
    value: csvRatio,
    target: '≥ 0.7 × COPY',
    met: csvRatio >= 0.7,
  });
  console.log(
    `3. API process memory: idle ${fmt(idleRss / 1024 / 1024)} MB, peak during the export ${fmt(peakRss / 1024 / 1024)} MB, ` +
      `+${fmt(above / 1024 / 1024)} MB (target < 200 MB) ${above < 200 * 1024 * 1024 ? 'met' : 'MISSED'}`,
  );
  rowsOut.push({
    what: 'API memory during the CSV export, above idle',
    measured: `+${fmt(above / 1024 / 1024)} MB`,
    baseline: `idle ${fmt(idleRss / 1024 / 1024)} MB`,
    value: above / 1024 / 1024,
    target: '< 200 MB',
    met: above < 200 * 1024 * 1024,
  });
  writeResults('report', rowsOut);
  console.log(`(${describeLoad()} at the end)`);
  await bench.close();
} finally {
  api?.kill('SIGTERM');
  await server.stop();
}
