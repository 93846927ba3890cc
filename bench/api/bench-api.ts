// `npm run bench:api [-- --quick]`: the read side and the console at the issue's scale (issue 12):
// 3,001 tokens, 60,000 store apps, 610,000 assignments, 501 applications, a 10,000-target
// deployment, 100,000 audit entries and 189,000 sync runs, written straight into the tables. Each
// endpoint is asked ≥ 50 times over varied URLs (pages, sorts, searches): p50/p95 and the most SQL
// statements one request took, next to `/api/auth/me` measured in the same run. Then the console's
// cold load in headless Chromium (new browser context each time): time until the dashboard's data
// is on screen and bytes transferred, next to a fresh context's load of an empty page. Rows go to
// bench/.results/api.json too.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { parseConfig } from '@vpp/config/config';
import { hashPassword } from '@vpp/core/auth/password-hashing';
import { createLogger } from '@vpp/core/logging';
import { installFatalErrorHandlers } from '@vpp/core/services/fatal-errors';
import { createApp } from '../../apps/api/src/app.ts';
import { buildAppDeps } from '../../apps/api/src/server.ts';
import { openBenchDatabase, startBenchServer } from '../sync/bench-environment.ts';
import { buildOrganisation, ISSUE_SIZE, type OrganisationSize } from './organisation.ts';

installFatalErrorHandlers({ fatal: (obj, msg) => console.error(msg, obj) });

const { values: args } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, requests: { type: 'string', default: '60' } },
});
const QUICK_SIZE: OrganisationSize = {
  tokens: 3001,
  storeApps: 60_000,
  assignments: 100_000,
  applications: 501,
  bigDeploymentTargets: 10_000,
  auditEntries: 100_000,
  syncRuns: 189_000,
};
const SIZE = args.quick ? QUICK_SIZE : ISSUE_SIZE;
const REQUESTS = Math.max(50, Number(args.requests));
const COLD_LOADS = 7;
const repoRoot = path.resolve(import.meta.dirname, '../..');
const webDist = path.join(repoRoot, 'apps/web/dist');
const fmt = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

interface Row {
  what: string;
  measured: string;
  baseline: string | null;
  value: number;
  target: string;
  met: boolean;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

const load = { loadavg1: os.loadavg()[0] ?? 0, cpus: os.cpus().length };
console.log(
  `VPP Console API benchmark${args.quick ? ' (quick: 100k assignments)' : ''}: Node ${process.version}, ${load.cpus} CPUs (load average ${os
    .loadavg()
    .map((value) => fmt(value, 2))
    .join(' ')}), embedded PostgreSQL (fsync off)`,
);

if (!existsSync(path.join(webDist, 'index.html'))) {
  console.log('building the console (apps/web/dist is missing) …');
  execFileSync('npm', ['run', 'build', '-w', '@vpp/web'], { cwd: repoRoot, stdio: 'inherit' });
}

const server = await startBenchServer();
let http: Server | undefined;
const rows: Row[] = [];
try {
  const bench = openBenchDatabase(await server.createDatabase('bench_api'));
  const { pool } = bench.database;
  const seedStarted = performance.now();
  const organisation = await buildOrganisation(pool, SIZE);
  console.log(
    `organisation: ${fmt(SIZE.tokens)} tokens, ${fmt(SIZE.storeApps)} store apps, ${fmt(SIZE.assignments)} assignments, ${fmt(SIZE.applications)} applications, a ${fmt(SIZE.bigDeploymentTargets)}-target deployment, ${fmt(SIZE.auditEntries)} audit entries, ${fmt(SIZE.syncRuns)} sync runs (written in ${fmt((performance.now() - seedStarted) / 1000, 1)} s)`,
  );

  const config = parseConfig({
    DATABASE_URL: bench.url,
    SESSION_SECRET: 'bench-session-secret-long-enough-to-pass',
    TOKEN_ENCRYPTION_KEY: server.encryptionKey,
    LOG_LEVEL: 'silent',
    WEB_DIST_DIR: webDist,
    LOGIN_RATE_LIMIT_PER_15_MIN: '1000',
  });
  const { app } = createApp(buildAppDeps(config, bench.database, createLogger('silent', 'bench')));
  http = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const password = 'bench-password-123456';
  await bench.database.prisma.account.create({
    data: { email: 'bench@example.test', passwordHash: await hashPassword(password), role: 'ADMIN' },
  });
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: 'bench@example.test', password }),
  });
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.getSetCookie() ?? []).map((value) => value.split(';')[0]).join('; ');

  async function measure(urls: string[]): Promise<{ p50: number; p95: number; statements: number }> {
    const times: number[] = [];
    let statements = 0;
    // One warm-up pass over a few URLs (connection set-up, plans cached) before timing.
    for (const url of urls.slice(0, 3))
      await (await fetch(`${base}${url}`, { headers: { cookie } })).arrayBuffer();
    for (let i = 0; i < REQUESTS; i += 1) {
      const url = urls[i % urls.length] as string;
      bench.statements.start();
      const started = performance.now();
      const response = await fetch(`${base}${url}`, { headers: { cookie, 'accept-encoding': 'br, gzip' } });
      await response.arrayBuffer();
      times.push(performance.now() - started);
      statements = Math.max(statements, bench.statements.stop().total);
      if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status}`);
    }
    return { p50: quantile(times, 0.5), p95: quantile(times, 0.95), statements };
  }

  const me = await measure(['/api/auth/me']);
  const baseline = `/api/auth/me p50 ${fmt(me.p50, 1)} ms (${me.statements} statements)`;
  const syncPages = Math.ceil(SIZE.syncRuns / 50);
  const appPages = Math.ceil(SIZE.storeApps / 50);
  const auditPages = Math.ceil(SIZE.auditEntries / 50);
  const sorts = [
    'name',
    '-name',
    'inUse',
    '-inUse',
    'available',
    '-available',
    'total',
    '-total',
    'token',
    '-token',
    'adamId',
  ];
  const words = [
    'Keynote',
    'Pages',
    'Numbers',
    'Clips',
    'Seesaw',
    'Scratch',
    'Duolingo',
    'Procreate',
    'iMovie',
    'Kahoot',
  ];
  const spread = (pages: number, n: number) =>
    Array.from({ length: n }, (_, i) => 1 + Math.floor((i * (pages - 1)) / Math.max(1, n - 1)));
  const statuses = ['VALID', 'EXPIRING', 'EXPIRED', 'REVOKED', 'SYNC_ERROR', 'IN_USE_ELSEWHERE'];
  const endpoints: { what: string; target: number; urls: string[]; useP95?: boolean }[] = [
    { what: 'GET /api/dashboard', target: 30, urls: ['/api/dashboard'], useP95: true },
    {
      what: 'GET /api/sync-runs (first to last page, per token)',
      target: 20,
      urls: [
        ...spread(syncPages, 20).map((page) => `/api/sync-runs?page=${page}`),
        ...organisation.tokenIds.slice(0, 10).map((id) => `/api/sync-runs?tokenId=${id}`),
        `/api/sync-runs?pageSize=500&page=${Math.ceil(SIZE.syncRuns / 500)}`,
      ],
    },
    {
      what: 'GET /api/applications?pageSize=500',
      target: 60,
      urls: [
        '/api/applications?pageSize=500',
        '/api/applications?pageSize=500&page=2',
        '/api/applications?pageSize=500&search=Pages',
      ],
    },
    {
      what: 'GET /api/store-apps (sorts, searches, deep pages)',
      target: 25,
      urls: [
        ...sorts.flatMap((sort) =>
          spread(appPages, 3).map((page) => `/api/store-apps?sort=${sort}&page=${page}`),
        ),
        ...words.map(
          (word, i) => `/api/store-apps?search=${encodeURIComponent(word)}&sort=${sorts[i % sorts.length]}`,
        ),
        '/api/store-apps?search=100012345',
        '/api/store-apps?search=com.example.app777',
      ],
    },
    {
      what: 'audit-log search',
      target: 30,
      urls: [
        ...words.map((word) => `/api/audit-log?search=${encodeURIComponent(word)}`),
        ...spread(auditPages, 5).map((page) => `/api/audit-log?search=School&page=${page}`),
        '/api/audit-log?search=School%2000123',
        '/api/audit-log?search=deployment',
      ],
    },
    {
      what: 'token list filtered by status',
      target: 20,
      urls: statuses.flatMap((status) => [
        `/api/tokens?status=${status}`,
        `/api/tokens?status=${status}&page=2`,
      ]),
    },
  ];
  for (const endpoint of endpoints) {
    const result = await measure(endpoint.urls);
    const figure = endpoint.useP95 ? result.p95 : Math.max(result.p95, result.p50);
    const met = figure < endpoint.target && result.statements <= 5;
    rows.push({
      what: endpoint.what,
      measured: `p50 ${fmt(result.p50, 1)} ms, p95 ${fmt(result.p95, 1)} ms, ≤ ${result.statements} SQL statements/request (${REQUESTS} requests, ${endpoint.urls.length} URLs)`,
      baseline,
      value: figure,
      target: `p95 < ${endpoint.target} ms, ≤ 5 statements`,
      met,
    });
    console.log(`${met ? 'met   ' : 'MISSED'} ${endpoint.what}: ${rows.at(-1)?.measured}`);
  }

  // The console's cold load, in a fresh browser context each time (no cache, no connections).
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  try {
    const sessionValue = cookie.split('; ').map((pair) => {
      const [name, ...rest] = pair.split('=');
      return { name: name as string, value: rest.join('='), url: base };
    });
    async function coldLoad(url: string, ready: (page: import('@playwright/test').Page) => Promise<unknown>) {
      const context = await browser.newContext();
      await context.addCookies(sessionValue);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      let bytes = 0;
      cdp.on('Network.loadingFinished', (event) => {
        bytes += event.encodedDataLength;
      });
      const started = performance.now();
      await page.goto(url);
      await ready(page);
      const ms = performance.now() - started;
      await context.close();
      return { ms, bytes };
    }
    const floors: number[] = [];
    const loads: { ms: number; bytes: number }[] = [];
    for (let i = 0; i < COLD_LOADS; i += 1) {
      floors.push((await coldLoad(`${base}/healthz`, (page) => page.waitForLoadState('load'))).ms);
      loads.push(
        await coldLoad(`${base}/`, (page) => page.locator('.dashboard-grid').waitFor({ state: 'visible' })),
      );
    }
    const loadMs = quantile(
      loads.map((entry) => entry.ms),
      0.5,
    );
    const floorMs = quantile(floors, 0.5);
    const bytes = quantile(
      loads.map((entry) => entry.bytes),
      0.5,
    );
    const met = loadMs < 900;
    rows.push({
      what: 'console cold load to data on screen',
      measured: `${fmt(loadMs / 1000, 2)} s median of ${COLD_LOADS}; ${fmt(bytes / 1024)} KB transferred`,
      baseline: `fresh-browser floor (empty page) ${fmt(floorMs / 1000, 2)} s`,
      value: loadMs / 1000,
      target: '< 0.9 s',
      met,
    });
    console.log(
      `${met ? 'met   ' : 'MISSED'} console cold load: ${rows.at(-1)?.measured}; ${rows.at(-1)?.baseline}`,
    );
  } finally {
    await browser.close();
  }
  await bench.close();
} finally {
  await new Promise((resolve) => (http ? http.close(resolve) : resolve(undefined)));
  await server.stop();
}

const resultsDir = path.join(repoRoot, 'bench/.results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(path.join(resultsDir, 'api.json'), `${JSON.stringify({ load, rows }, null, 2)}\n`);
console.log('\n| what | measured | baseline, same run | target | |\n|---|---|---|---|---|');
for (const row of rows) {
  console.log(
    `| ${row.what} | ${row.measured} | ${row.baseline ?? '—'} | ${row.target} | ${row.met ? 'met' : 'MISSED'} |`,
  );
}
console.log(
  `load average (1 min) ${fmt(load.loadavg1, 2)} at start on ${load.cpus} CPUs; now ${fmt(os.loadavg()[0] ?? 0, 2)}`,
);
process.exit(0);
