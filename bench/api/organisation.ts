import type pg from 'pg';

// An organisation at scale, written straight into the tables with set-based SQL (generate_series):
// tokens, store apps, license assignments, applications with deployments (one of them with a big
// target list), audit entries and sync runs. Used by `npm run bench:api` at the issue's sizes and
// by the statement-count test at small ones. Names are varied enough for searches and sorts.

export interface OrganisationSize {
  tokens: number;
  storeApps: number;
  assignments: number;
  applications: number;
  bigDeploymentTargets: number;
  auditEntries: number;
  syncRuns: number;
}

export const ISSUE_SIZE: OrganisationSize = {
  tokens: 3001,
  storeApps: 60_000,
  assignments: 610_000,
  applications: 501,
  bigDeploymentTargets: 10_000,
  auditEntries: 100_000,
  syncRuns: 189_000,
};

const WORDS = [
  'Keynote',
  'Pages',
  'Numbers',
  'Swift Playgrounds',
  'Clips',
  'GarageBand',
  'iMovie',
  'Notability',
  'Explain Everything',
  'Book Creator',
  'Seesaw',
  'Kahoot',
  'Duolingo',
  'Khan Academy',
  'Scratch',
  'Minecraft Education',
  'Procreate',
  'Microsoft Word',
  'Microsoft Excel',
  'Google Docs',
];

const sqlWords = `ARRAY[${WORDS.map((word) => `'${word}'`).join(', ')}]`;

/** Fills an empty, migrated database; returns the ids a benchmark pages and searches with. */
export async function buildOrganisation(
  pool: pg.Pool,
  size: OrganisationSize,
): Promise<{ tokenIds: string[]; storeAppIds: string[] }> {
  const q = (text: string, params: unknown[] = []) => pool.query(text, params);
  await q(
    `INSERT INTO vpp_tokens (id, name, apple_id, type, org_name, location_name, location_uid,
                             s_token_encrypted, s_token_sha256, expires_at, last_synced_at,
                             last_successful_sync_at, last_sync_error, revoked_at, updated_at)
     SELECT gen_random_uuid(), 'School ' || lpad(i::text, 5, '0'), 'vpp' || i || '@example.test',
            (CASE WHEN i % 3 = 0 THEN 'BUSINESS' ELSE 'EDUCATION' END)::"TokenType",
            'District ' || (i % 40), 'Location ' || i, 'loc-' || i, '\\x00'::bytea, md5(i::text),
            now() + ((i % 400) - 20) * interval '1 day', now() - interval '1 hour', now() - interval '1 hour',
            CASE WHEN i % 50 = 0 THEN 'Apple said no' END, CASE WHEN i % 97 = 0 THEN now() END, now()
       FROM generate_series(1, $1::int) i`,
    [size.tokens],
  );
  await q(
    `WITH t AS (SELECT array_agg(id ORDER BY name) AS ids FROM vpp_tokens)
     INSERT INTO store_apps (id, token_id, adam_id, pricing_param, product_type, name, bundle_id, platforms,
                             device_assignable, total_count, assigned_count, available_count, retired_count,
                             unlimited, updated_at)
     SELECT gen_random_uuid(), t.ids[1 + i % cardinality(t.ids)], (100000000 + i)::text, 'STDQ',
            (CASE WHEN i % 25 = 0 THEN 'BOOK' ELSE 'APP' END)::"ProductType",
            (${sqlWords})[1 + i % ${WORDS.length}] || ' ' || (i % 997), 'com.example.app' || i, '{iOS}',
            i % 7 <> 0,
            CASE WHEN i % 20 = 0 THEN 2147483647 ELSE 10 + i % 500 END,
            (i * 7) % 300, CASE WHEN i % 20 = 0 THEN 2147483647 ELSE 10 + i % 500 - (i * 7) % 300 END,
            i % 5, i % 20 = 0, now()
       FROM generate_series(1, $1::int) i, t`,
    [size.storeApps],
  );
  await q(
    `WITH s AS (SELECT array_agg(token_id ORDER BY id) AS tokens, array_agg(adam_id ORDER BY id) AS adams
                  FROM store_apps)
     INSERT INTO license_assignments (token_id, adam_id, pricing_param, license_type, assignee)
     SELECT s.tokens[1 + i % cardinality(s.tokens)], s.adams[1 + i % cardinality(s.adams)], 'STDQ',
            'DEVICE'::"LicenseType", 'SER' || lpad(i::text, 9, '0')
       FROM generate_series(1, $1::int) i, s`,
    [size.assignments],
  );
  await q(
    `INSERT INTO applications (id, name, store_app_id, updated_at)
     SELECT gen_random_uuid(), s.name || ' (' || s.adam_id || ')', s.id, now()
       FROM (SELECT id, name, adam_id FROM store_apps ORDER BY adam_id LIMIT $1) s`,
    [size.applications],
  );
  await q(
    `INSERT INTO collections (id, name, type, updated_at) VALUES
       (gen_random_uuid(), 'All devices', 'DEVICE', now()), (gen_random_uuid(), 'All pupils', 'USER', now())`,
  );
  // One deployment per application, two for every tenth; the first application's is the big one.
  await q(
    `INSERT INTO deployments (id, application_id, collection_id, action, purpose, status, created_at)
     SELECT gen_random_uuid(), a.id, (SELECT id FROM collections ORDER BY name LIMIT 1),
            'INSTALL', 'REQUIRED', (CASE WHEN n = 2 THEN 'STOPPED' ELSE 'ACTIVE' END)::"DeploymentStatus",
            now() - n * interval '1 day'
       FROM applications a, generate_series(1, 2) n
      WHERE n = 1 OR abs(hashtext(a.id::text)) % 10 = 0`,
  );
  await q(
    `INSERT INTO deployment_targets (id, deployment_id, license_type, assignee, state, updated_at)
     SELECT gen_random_uuid(), d.id, 'DEVICE', 'SER' || d.id || '-' || i,
            (ARRAY['PENDING', 'LICENSED', 'INSTALLED'])[1 + i % 3]::"TargetState", now()
       FROM deployments d, generate_series(1, 5) i`,
  );
  await q(
    `INSERT INTO deployment_targets (id, deployment_id, license_type, assignee, state, updated_at)
     SELECT gen_random_uuid(), d.id, 'DEVICE', 'BIG' || lpad(i::text, 6, '0'),
            (ARRAY['PENDING', 'LICENSED', 'INSTALLED', 'FAILED'])[1 + i % 4]::"TargetState", now()
       FROM (SELECT d.id FROM deployments d JOIN applications a ON a.id = d.application_id
              ORDER BY a.name, a.id, d.created_at DESC LIMIT 1) d, generate_series(1, $1::int) i`,
    [size.bigDeploymentTargets],
  );
  await q(
    `INSERT INTO audit_entries (id, at, actor_email, action, target_type, target_id, summary)
     SELECT gen_random_uuid(), now() - i * interval '7 seconds', 'admin' || (i % 12) || '@example.test',
            (ARRAY['token.create', 'token.update', 'application.create', 'deployment.create',
                   'account.sign-in', 'settings.update'])[1 + i % 6],
            (ARRAY['token', 'token', 'application', 'deployment', 'account', 'settings'])[1 + i % 6],
            gen_random_uuid()::text,
            'Changed ' || (${sqlWords})[1 + i % ${WORDS.length}] || ' for School ' || lpad((i % 3001)::text, 5, '0')
       FROM generate_series(1, $1::int) i`,
    [size.auditEntries],
  );
  await q(
    `WITH t AS (SELECT array_agg(id ORDER BY name) AS ids FROM vpp_tokens)
     INSERT INTO sync_runs (id, token_id, kind, trigger, status, queued_at, started_at, finished_at,
                            pages_fetched, apps_added, assignments_added, error)
     SELECT gen_random_uuid(), t.ids[1 + i % cardinality(t.ids)],
            (CASE WHEN i % 14 = 0 THEN 'FULL' ELSE 'INCREMENTAL' END)::"SyncKind", 'SCHEDULE',
            (CASE WHEN i % 31 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END)::"SyncStatus",
            now() - i * interval '4 minutes', now() - i * interval '4 minutes',
            now() - i * interval '4 minutes' + interval '20 seconds', 1 + i % 5, i % 3, i % 11,
            CASE WHEN i % 31 = 0 THEN 'Apple did not answer' END
       FROM generate_series(1, $1::int) i, t`,
    [size.syncRuns],
  );
  for (const table of [
    'vpp_tokens',
    'store_apps',
    'license_assignments',
    'applications',
    'deployments',
    'deployment_targets',
    'audit_entries',
    'sync_runs',
  ]) {
    await q(`VACUUM ANALYZE ${table}`);
  }
  const tokens = await q('SELECT id FROM vpp_tokens ORDER BY name');
  const apps = await q('SELECT id FROM store_apps ORDER BY adam_id LIMIT 100');
  return {
    tokenIds: tokens.rows.map((row: { id: string }) => row.id),
    storeAppIds: apps.rows.map((row: { id: string }) => row.id),
  };
}
