import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pruneOldSyncRuns } from '@vpp/core/sync/sync-run-retention';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation } from '../../../bench/api/organisation.ts';
import { StatementCounter } from '../../../bench/sync/statement-counter.ts';
import { startTestApp, type TestApp } from './test-app.ts';

// The read side at scale (issue #12): every list and the dashboard cost a fixed, small number of
// SQL statements whatever the page size (no round trip per row), counted on the pool every
// statement of the API goes through. Also: the token status filter in SQL agrees with the domain
// rule, retention keeps what it must, and the console is served compressed with the right caching.

const MAX_STATEMENTS = 5;

let app: TestApp;
let agent: Awaited<ReturnType<TestApp['signedInAgent']>>;
const counter = new StatementCounter();
let organisation: { tokenIds: string[]; storeAppIds: string[] };

async function statementsFor(url: string): Promise<{ statements: number; body: unknown }> {
  counter.start();
  const response = await agent.get(url);
  const { total } = counter.stop();
  expect(response.status, `${url}: ${response.text.slice(0, 300)}`).toBe(200);
  return { statements: total, body: response.body };
}

beforeAll(async () => {
  app = await startTestApp();
  counter.attach(app.database.pool);
  organisation = await buildOrganisation(app.database.pool, {
    tokens: 40,
    storeApps: 700,
    assignments: 2000,
    applications: 520,
    bigDeploymentTargets: 600,
    auditEntries: 700,
    syncRuns: 700,
  });
  // Tokens in every status the domain rule knows (the generator makes expired and expiring ones).
  const [a, b, c, d] = organisation.tokenIds.slice(30);
  const pool = app.database.pool;
  const far = [a, b, c, d, organisation.tokenIds[39]];
  await pool.query(
    `UPDATE vpp_tokens SET expires_at = now() + interval '300 days' WHERE id = ANY($1::uuid[])`,
    [far],
  );
  await pool.query('UPDATE vpp_tokens SET revoked_at = now() WHERE id = $1', [a]);
  await pool.query(`UPDATE vpp_tokens SET foreign_mdm_info = '{"name": "Other MDM"}' WHERE id = $1`, [b]);
  await pool.query(`UPDATE vpp_tokens SET last_sync_error = 'Apple said no' WHERE id = $1`, [c]);
  // JSON null is no other MDM, as the domain rule reads it.
  await pool.query(`UPDATE vpp_tokens SET foreign_mdm_info = 'null'::jsonb WHERE id = $1`, [d]);
  agent = await app.signedInAgent('admin');
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe('statements per request', () => {
  it('the baseline: /api/auth/me is the session check and the account, two statements', async () => {
    const { statements } = await statementsFor('/api/auth/me');
    expect(statements).toBeLessThanOrEqual(2);
  });

  const endpoints = (pageSize: number) => [
    '/api/dashboard',
    `/api/sync-runs?pageSize=${pageSize}`,
    `/api/sync-runs?pageSize=${pageSize}&page=2`,
    `/api/applications?pageSize=${pageSize}`,
    `/api/applications?pageSize=${pageSize}&search=Keynote`,
    `/api/store-apps?pageSize=${pageSize}`,
    `/api/store-apps?pageSize=${pageSize}&sort=-inUse&page=2`,
    `/api/store-apps?pageSize=${pageSize}&sort=token&search=Pages`,
    `/api/audit-log?pageSize=${pageSize}&search=School`,
    `/api/tokens?pageSize=${pageSize}&status=EXPIRING`,
    `/api/tokens?pageSize=${pageSize}`,
  ];

  for (const pageSize of [10, 500]) {
    it(`every list and the dashboard take at most ${MAX_STATEMENTS} statements at page size ${pageSize}`, async () => {
      const counts: Record<string, number> = {};
      for (const url of endpoints(pageSize)) {
        const { statements, body } = await statementsFor(url);
        counts[url] = statements;
        const paged = body as { items?: unknown[]; total?: number };
        if (paged.items) {
          // A real page: as many rows as asked for, or all there are.
          expect(paged.items.length, url).toBe(
            Math.min(pageSize, Math.max(0, (paged.total ?? 0) - (url.includes('page=2') ? pageSize : 0))),
          );
        }
      }
      for (const [url, statements] of Object.entries(counts)) {
        expect(statements, `${url} took ${statements} statements`).toBeLessThanOrEqual(MAX_STATEMENTS);
      }
    });
  }

  it('applications come with their store app and every deployment with its target counts', async () => {
    const { body } = await statementsFor('/api/applications?pageSize=500');
    const items = (body as { items: { deployments: { counts: Record<string, number> }[] }[] }).items;
    const targets = items
      .flatMap((item) => item.deployments)
      .map((d) => Object.values(d.counts).reduce((a, b) => a + b, 0));
    expect(Math.max(...targets)).toBe(605);
    expect(targets.filter((n) => n === 5).length).toBeGreaterThan(400);
  });
});

describe('token status in SQL', () => {
  it('filters exactly the tokens the domain rule gives each status', async () => {
    const all = (await agent.get('/api/tokens?pageSize=500')).body as {
      total: number;
      items: { id: string; status: string }[];
    };
    expect(all.total).toBe(40);
    const statuses = new Set(all.items.map((token) => token.status));
    expect(statuses.size).toBeGreaterThanOrEqual(6);
    for (const status of ['VALID', 'EXPIRING', 'EXPIRED', 'REVOKED', 'IN_USE_ELSEWHERE', 'SYNC_ERROR']) {
      const filtered = (await agent.get(`/api/tokens?pageSize=500&status=${status}`)).body as {
        total: number;
        items: { id: string; status: string }[];
      };
      const expected = all.items.filter((token) => token.status === status).map((token) => token.id);
      expect(filtered.items.map((token) => token.id).sort(), status).toEqual(expected.sort());
      expect(filtered.total).toBe(expected.length);
    }
  });
});

describe('sync-run paging', () => {
  it('pages newest first, and keyset paging (after) continues where a page ended', async () => {
    const first = (await agent.get('/api/sync-runs?pageSize=50')).body as {
      items: { id: string; queuedAt: string }[];
    };
    const second = (await agent.get('/api/sync-runs?pageSize=50&page=2')).body as { items: { id: string }[] };
    const last = first.items.at(-1)?.id;
    const after = (await agent.get(`/api/sync-runs?pageSize=50&after=${last}`)).body as {
      items: { id: string }[];
    };
    expect(after.items.map((run) => run.id)).toEqual(second.items.map((run) => run.id));
    const times = first.items.map((run) => run.queuedAt);
    expect(times).toEqual([...times].sort().reverse());
  });
});

describe('sync-run retention', () => {
  it("deletes old finished runs with their changes, never a token's active or last successful run", async () => {
    const pool = app.database.pool;
    const [tokenId] = organisation.tokenIds;
    const old = await pool.query<{ id: string; status: string }>(
      `INSERT INTO sync_runs (id, token_id, kind, trigger, status, queued_at)
       SELECT gen_random_uuid(), $1, 'INCREMENTAL', 'SCHEDULE', s::"SyncStatus", now() - interval '900 days' + n * interval '1 hour'
         FROM unnest(ARRAY['SUCCEEDED', 'FAILED', 'SUCCEEDED', 'RUNNING']) WITH ORDINALITY AS x(s, n)
       RETURNING id, status::text`,
      [tokenId],
    );
    const [oldSucceeded, oldFailed, , running] = old.rows;
    await pool.query(
      `INSERT INTO sync_run_changes (id, sync_run_id, kind, adam_id, pricing_param) VALUES (gen_random_uuid(), $1, 'APP_ADDED', '1', 'STDQ')`,
      [oldSucceeded?.id],
    );
    await pool.query('UPDATE vpp_tokens SET active_sync_run_id = $1 WHERE id = $2', [running?.id, tokenId]);
    // A second token whose only successful run is old: that run stays.
    const lonelyToken = organisation.tokenIds[1];
    await pool.query(`DELETE FROM sync_runs WHERE token_id = $1`, [lonelyToken]);
    const lonely = await pool.query<{ id: string }>(
      `INSERT INTO sync_runs (id, token_id, kind, trigger, status, queued_at)
       VALUES (gen_random_uuid(), $1, 'FULL', 'UPLOAD', 'SUCCEEDED', now() - interval '800 days'),
              (gen_random_uuid(), $1, 'FULL', 'UPLOAD', 'FAILED', now() - interval '700 days') RETURNING id`,
      [lonelyToken],
    );
    const before = Number((await pool.query('SELECT count(*) FROM sync_runs')).rows[0].count);

    const removed = await pruneOldSyncRuns(pool, new Date(), { retentionDays: 400, batchSize: 2 });

    const left = new Set(
      (await pool.query<{ id: string }>('SELECT id FROM sync_runs')).rows.map((row) => row.id),
    );
    expect(left.has(oldSucceeded?.id ?? '')).toBe(false);
    expect(left.has(oldFailed?.id ?? '')).toBe(false);
    expect(left.has(running?.id ?? '')).toBe(true);
    expect(left.has(lonely.rows[0]?.id ?? '')).toBe(true);
    expect(left.has(lonely.rows[1]?.id ?? '')).toBe(false);
    expect(removed).toBe(4);
    expect(left.size).toBe(before - 4);
    const changes = await pool.query(
      'SELECT count(*)::int AS n FROM sync_run_changes WHERE sync_run_id = $1',
      [oldSucceeded?.id],
    );
    expect(changes.rows[0].n).toBe(0);
    await pool.query('UPDATE vpp_tokens SET active_sync_run_id = NULL WHERE id = $1', [tokenId]);
  });
});

describe('console delivery', () => {
  let web: TestApp;
  let dist: string;
  beforeAll(async () => {
    dist = await mkdtemp(path.join(os.tmpdir(), 'vpp-web-dist-'));
    await mkdir(path.join(dist, 'assets'));
    await writeFile(
      path.join(dist, 'index.html'),
      `<!doctype html><title>VPP</title>${'<!-- padding -->'.repeat(200)}`,
    );
    await writeFile(
      path.join(dist, 'assets', 'index-AbC123.js'),
      `console.log(${JSON.stringify('x'.repeat(5000))});`,
    );
    web = await startTestApp({ WEB_DIST_DIR: dist });
  });
  afterAll(async () => {
    await web?.close();
    await rm(dist, { recursive: true, force: true });
  });

  it('serves hashed assets immutable and brotli-compressed, index.html revalidated', async () => {
    const asset = await request(web.app).get('/assets/index-AbC123.js').set('accept-encoding', 'br, gzip');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-encoding']).toBe('br');
    const page = await request(web.app).get('/tokens').set('accept-encoding', 'gzip');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-encoding']).toBe('gzip');
  });

  it('compresses JSON answers for a client that accepts it', async () => {
    const signedIn = await web.signedInAgent('admin');
    const response = await signedIn.get('/api/openapi.json').set('accept-encoding', 'gzip');
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
  });
});
