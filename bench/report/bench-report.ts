// `npm run bench:report [-- --quick]`: the license-count report at 3,000 tokens × 200 apps (issue 6,
// "Speed"): p95 latency of a JSON page (50 rows sorted by in use) at 20 concurrent requests
// (autocannon), and the full CSV export's time and the API process's memory above idle.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hashPassword } from '@vpp/core/auth/password-hashing';
import { installFatalErrorHandlers } from '@vpp/core/services/fatal-errors';
import { findFreePort } from '@vpp/db/embedded-postgres';
import autocannon from 'autocannon';
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
const repoRoot = path.resolve(import.meta.dirname, '../..');

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
  `VPP Console report benchmark: Node ${process.version}, ${os.cpus().length} CPUs (load average ${os
    .loadavg()
    .map((load) => fmt(load, 2))
    .join(' ')}), embedded PostgreSQL (fsync off)`,
);

const server = await startBenchServer();
let api: ReturnType<typeof spawn> | undefined;
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
  await bench.database.prisma.account.create({
    data: {
      email: 'bench@example.test',
      passwordHash: await hashPassword('bench-password-123'),
      role: 'MANAGER',
    },
  });

  // The API as production runs it: its own process, so its memory is its own.
  const port = await findFreePort();
  api = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'apps/api/src/main.ts')], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: bench.url,
      SESSION_SECRET: 'bench-session-secret-long-enough-to-pass',
      TOKEN_ENCRYPTION_KEY: server.encryptionKey,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    const ready = await fetch(`${base}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (attempt > 200) throw new Error('the API did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.test', password: 'bench-password-123' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const pageUrl = `${base}/api/reports/license-counts?sort=-inUse&pageSize=50`;
  // Warm up the API (module loading, JIT, connection pool) before measuring.
  for (let index = 0; index < 20; index += 1)
    await fetch(pageUrl, { headers: { cookie } }).then((r) => r.text());
  const idleRss = rssBytes(api.pid!);

  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: pageUrl, connections: CONNECTIONS, duration: DURATION_S, headers: { cookie } },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 200) latencies.push(responseTime);
    });
  });
  latencies.sort((a, b) => a - b);
  const p95 = percentile(latencies, 0.95);
  console.log(
    `1. JSON page (50 rows, sorted by in use) over ${fmt(rows)} rows, ${CONNECTIONS} concurrent for ${DURATION_S} s: ` +
      `p50 ${fmt(percentile(latencies, 0.5), 1)} ms, p95 ${fmt(p95, 1)} ms (target < 100 ms) ${p95 < 100 ? 'met' : 'MISSED'}, ` +
      `p99 ${fmt(percentile(latencies, 0.99), 1)} ms; ${fmt(result.requests.average, 0)} requests/s; ${result.non2xx} non-2xx`,
  );

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
  console.log(
    `2. CSV export of every row: ${fmt(lines - 1)} rows, ${fmt(bytes / 1024 / 1024, 1)} MB in ${fmt(csvMs / 1000, 2)} s ` +
      `(${fmt((lines - 1) / (csvMs / 1000))} rows/s)`,
  );
  console.log(
    `3. API process memory: idle ${fmt(idleRss / 1024 / 1024)} MB, peak during the export ${fmt(peakRss / 1024 / 1024)} MB, ` +
      `+${fmt(above / 1024 / 1024)} MB (target < 200 MB) ${above < 200 * 1024 * 1024 ? 'met' : 'MISSED'}`,
  );
  await bench.close();
} finally {
  api?.kill('SIGTERM');
  await server.stop();
}
