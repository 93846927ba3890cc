import type { AlertKind, AlertScope, AlertThreshold } from '@vpp/contracts/alerts';
import type { Database } from '@vpp/db/database';
import { type Transaction, withTransaction } from '@vpp/db/transaction';
import { deliverAlertJob } from '../jobs/jobs.ts';
import { candidateSelect, cutoffOf } from '../reclaim/reclaim-candidates.ts';

// Evaluates alert rules and moves each (rule, subject) between FIRING and RECOVERED. A subject that
// moves into FIRING gets one delivery per channel of the rule, queued in the same transaction; a
// subject already FIRING gets nothing until it has RECOVERED (once per crossing). An evaluation
// after a sync or a deployment looks at one token's subjects; the hourly one looks at everything.

type SubjectType = 'STORE_APP' | 'TOKEN' | 'DEPLOYMENT';

interface Match {
  subject_type: SubjectType;
  subject_id: string;
  token_id: string;
  subject_name: string;
  message: string;
}

interface RuleRow {
  id: string;
  name: string;
  kind: AlertKind;
  threshold: AlertThreshold;
  scope: AlertScope | null;
  channel_ids: string[];
}

/** Builds the WHERE of a rule's match query: its scope, and the token an evaluation is limited to. */
class Conditions {
  readonly params: unknown[] = [];
  readonly list: string[] = [];
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
  add(condition: string): void {
    this.list.push(condition);
  }
  get sql(): string {
    return this.list.length > 0 ? `AND ${this.list.join(' AND ')}` : '';
  }
}

function scoped(rule: RuleRow, tokenId: string | undefined, storeAppAlias?: string): Conditions {
  const where = new Conditions();
  if (tokenId) where.add(`t.id = ${where.param(tokenId)}::uuid`);
  const scope = rule.scope ?? {};
  if (scope.tokenIds?.length) where.add(`t.id = ANY(${where.param(scope.tokenIds)}::uuid[])`);
  if (scope.storeAppIds?.length) {
    const ids = where.param(scope.storeAppIds);
    where.add(
      storeAppAlias
        ? `${storeAppAlias}.id = ANY(${ids}::uuid[])`
        : `EXISTS (SELECT 1 FROM store_apps x WHERE x.token_id = t.id AND x.id = ANY(${ids}::uuid[]))`,
    );
  }
  if (scope.categories?.length) {
    where.add(`EXISTS (SELECT 1 FROM token_categories tc JOIN categories c ON c.id = tc.category_id
                        WHERE tc.token_id = t.id AND c.name = ANY(${where.param(scope.categories)}::text[]))`);
  }
  return where;
}

/** The subjects a rule is firing for right now (within the evaluation's token, if any). */
async function matchesOf(
  tx: Transaction,
  rule: RuleRow,
  tokenId: string | undefined,
  now: Date,
): Promise<Match[]> {
  const threshold = rule.threshold;
  switch (rule.kind) {
    case 'LOW_LICENSES': {
      const where = scoped(rule, tokenId, 's');
      const available = where.param(threshold.available ?? null);
      const percent = where.param(threshold.percent ?? null);
      const result = await tx.query<Match>(
        `SELECT 'STORE_APP' AS subject_type, s.id AS subject_id, t.id AS token_id,
                s.name || ' (' || t.name || ')' AS subject_name,
                format('%s of %s licenses available', s.available_count, s.total_count) AS message
           FROM store_apps s JOIN vpp_tokens t ON t.id = s.token_id
          WHERE NOT s.unlimited
            AND ((${available}::int IS NOT NULL AND s.available_count <= ${available}::int)
              OR (${percent}::numeric IS NOT NULL AND s.total_count > 0
                  AND s.available_count * 100 <= ${percent}::numeric * s.total_count))
            ${where.sql}`,
        where.params,
      );
      return result.rows;
    }
    case 'EXHAUSTION_FORECAST': {
      const where = scoped(rule, tokenId, 's');
      const days = where.param(threshold.days ?? 0);
      const result = await tx.query<Match>(
        `SELECT 'STORE_APP' AS subject_type, s.id AS subject_id, t.id AS token_id,
                s.name || ' (' || t.name || ')' AS subject_name,
                format('Runs out in %s days at %s licenses a day (%s available)',
                       ceil(greatest(0, s.available_count) / r.per_day), round(r.per_day::numeric, 1),
                       s.available_count) AS message
           FROM store_apps s JOIN vpp_tokens t ON t.id = s.token_id
           JOIN license_burn_rates r ON r.store_app_id = s.id
          WHERE NOT s.unlimited AND r.per_day > 0
            AND ceil(greatest(0, s.available_count) / r.per_day) <= ${days}::int
            ${where.sql}`,
        where.params,
      );
      return result.rows;
    }
    case 'TOKEN_EXPIRING': {
      const where = scoped(rule, tokenId);
      const at = where.param(now);
      const days = where.param(threshold.days ?? 0);
      const result = await tx.query<Match>(
        `SELECT 'TOKEN' AS subject_type, t.id AS subject_id, t.id AS token_id, t.name AS subject_name,
                format('The token expires on %s', to_char(t.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')) AS message
           FROM vpp_tokens t
          WHERE t.revoked_at IS NULL AND t.expires_at > ${at}::timestamptz
            AND t.expires_at <= ${at}::timestamptz + make_interval(days => ${days}::int)
            ${where.sql}`,
        where.params,
      );
      return result.rows;
    }
    case 'TOKEN_UNUSABLE': {
      const where = scoped(rule, tokenId);
      const at = where.param(now);
      const result = await tx.query<Match>(
        `SELECT 'TOKEN' AS subject_type, t.id AS subject_id, t.id AS token_id, t.name AS subject_name,
                CASE WHEN t.revoked_at IS NOT NULL THEN 'Apple reports the token as revoked'
                     WHEN t.expires_at <= ${at}::timestamptz THEN 'The token has expired'
                     ELSE 'Another MDM manages this location' END AS message
           FROM vpp_tokens t
          WHERE (t.revoked_at IS NOT NULL OR t.expires_at <= ${at}::timestamptz OR t.foreign_mdm_info IS NOT NULL)
            ${where.sql}`,
        where.params,
      );
      return result.rows;
    }
    case 'SYNC_FAILING': {
      const where = scoped(rule, tokenId);
      const runs = where.param(threshold.runs ?? 1);
      const result = await tx.query<Match>(
        `SELECT 'TOKEN' AS subject_type, t.id AS subject_id, t.id AS token_id, t.name AS subject_name,
                format('The last %s syncs failed: %s', ${runs}::int, coalesce(last.error, 'no reason given')) AS message
           FROM vpp_tokens t
           CROSS JOIN LATERAL (
             SELECT count(*) FILTER (WHERE r.status = 'FAILED') AS failed, count(*) AS ended,
                    (array_agg(r.error ORDER BY r.queued_at DESC))[1] AS error
               FROM (SELECT status, error, queued_at FROM sync_runs
                      WHERE token_id = t.id AND status IN ('SUCCEEDED', 'FAILED')
                      ORDER BY queued_at DESC LIMIT ${runs}::int) r
           ) last
          WHERE last.failed = ${runs}::int ${where.sql}`,
        where.params,
      );
      return result.rows;
    }
    case 'DEPLOYMENT_SHORTFALL': {
      const where = scoped(rule, tokenId, 's');
      const result = await tx.query<Match>(
        `SELECT 'DEPLOYMENT' AS subject_type, d.id AS subject_id, t.id AS token_id,
                a.name || ' (' || t.name || ')' AS subject_name,
                format('%s targets are waiting for a license', count(*)) AS message
           FROM deployments d JOIN applications a ON a.id = d.application_id
           JOIN store_apps s ON s.id = a.store_app_id JOIN vpp_tokens t ON t.id = s.token_id
           JOIN deployment_targets dt ON dt.deployment_id = d.id
          WHERE d.status = 'ACTIVE' AND d.action = 'INSTALL' AND dt.state = 'FAILED'
            AND dt.error_code = 'NO_LICENSE_AVAILABLE' ${where.sql}
          GROUP BY d.id, a.name, t.id, t.name`,
        where.params,
      );
      return result.rows;
    }
    case 'RECLAIM_AVAILABLE': {
      // Per token: the reclaim rule's candidates there exceed `available` (default 0).
      const rule_ = threshold.reclaimRule ?? 'DEVICE_NOT_SEEN';
      const where = scoped(rule, tokenId, 's');
      const cutoff = where.param(cutoffOf(rule_, threshold.days, now));
      const over = where.param(threshold.available ?? 0);
      const candidates = candidateSelect(rule_)
        .replaceAll('$1::timestamptz', `${cutoff}::timestamptz`)
        .replaceAll('$2::uuid', 'NULL::uuid');
      const result = await tx.query<Match>(
        `SELECT 'TOKEN' AS subject_type, t.id AS subject_id, t.id AS token_id, t.name AS subject_name,
                format('%s licenses could be reclaimed (rule %s)', count(*), ${where.param(rule_)}::text) AS message
           FROM (${candidates} ${where.sql}) c JOIN vpp_tokens t ON t.id = c.token_id
          GROUP BY t.id, t.name
         HAVING count(*) > ${over}::int`,
        where.params,
      );
      return result.rows;
    }
  }
}

const KIND_TITLES: Record<AlertKind, string> = {
  LOW_LICENSES: 'Low on licenses',
  EXHAUSTION_FORECAST: 'Runs out soon',
  TOKEN_EXPIRING: 'Token expiring',
  TOKEN_UNUSABLE: 'Token unusable',
  SYNC_FAILING: 'Sync failing',
  DEPLOYMENT_SHORTFALL: 'Deployment short of licenses',
  RECLAIM_AVAILABLE: 'Licenses to reclaim',
};

/** One rule's verdicts, committed together with the deliveries they cause. */
async function applyRule(
  database: Pick<Database, 'pool'>,
  rule: RuleRow,
  tokenId: string | undefined,
  now: Date,
): Promise<{ fired: number; recovered: number }> {
  return withTransaction(database, async (tx) => {
    // One evaluation of a rule at a time: two at once could both see a subject cross.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`alert-rule:${rule.id}`]);
    const matches = await matchesOf(tx, rule, tokenId, now);
    const columns = [
      matches.map((match) => match.subject_type),
      matches.map((match) => match.subject_id),
      matches.map((match) => match.token_id),
      matches.map((match) => match.subject_name),
      matches.map((match) => match.message),
    ];
    const fired = await tx.query<{ subject_name: string; message: string }>(
      `INSERT INTO alert_states (rule_id, subject_type, subject_id, token_id, subject_name, state, message, fired_at)
       SELECT $1, m.subject_type, m.subject_id, m.token_id, m.subject_name, 'FIRING', m.message, $7
         FROM unnest($2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::text[])
              AS m(subject_type, subject_id, token_id, subject_name, message)
       ON CONFLICT (rule_id, subject_type, subject_id) DO UPDATE
         SET state = 'FIRING', message = excluded.message, subject_name = excluded.subject_name,
             token_id = excluded.token_id, fired_at = excluded.fired_at, recovered_at = NULL
         WHERE alert_states.state <> 'FIRING'
       RETURNING subject_name, message`,
      [rule.id, ...columns, now],
    );
    // Still firing: keep the message current (the dashboard shows it), without a new delivery.
    await tx.query(
      `UPDATE alert_states a SET message = m.message, subject_name = m.subject_name
         FROM unnest($2::text[], $3::uuid[], $4::text[], $5::text[]) AS m(subject_type, subject_id, subject_name, message)
        WHERE a.rule_id = $1 AND a.subject_type = m.subject_type AND a.subject_id = m.subject_id
          AND a.state = 'FIRING' AND (a.message <> m.message OR a.subject_name <> m.subject_name)`,
      [rule.id, columns[0], columns[1], columns[3], columns[4]],
    );
    const recovered = await tx.query(
      `UPDATE alert_states a SET state = 'RECOVERED', recovered_at = $3
        WHERE a.rule_id = $1 AND a.state = 'FIRING' AND ($2::uuid IS NULL OR a.token_id = $2)
          AND NOT EXISTS (SELECT 1 FROM unnest($4::text[], $5::uuid[]) AS m(subject_type, subject_id)
                           WHERE m.subject_type = a.subject_type AND m.subject_id = a.subject_id)`,
      [rule.id, tokenId ?? null, now, columns[0], columns[1]],
    );
    if (fired.rows.length > 0 && rule.channel_ids.length > 0) {
      const deliveries = await tx.query<{ id: string }>(
        `INSERT INTO alert_deliveries (id, channel_id, rule_id, purpose, subject, message, created_at)
         SELECT gen_random_uuid(), c.channel_id, $1, 'ALERT', $4 || ': ' || f.subject_name, f.message, $5
           FROM unnest($2::text[], $3::text[]) AS f(subject_name, message)
          CROSS JOIN unnest($6::uuid[]) AS c(channel_id)
         RETURNING id`,
        [
          rule.id,
          fired.rows.map((row) => row.subject_name),
          fired.rows.map((row) => row.message),
          `${KIND_TITLES[rule.kind]} (${rule.name})`,
          now,
          rule.channel_ids,
        ],
      );
      for (const delivery of deliveries.rows) await deliverAlertJob.enqueue(tx, { deliveryId: delivery.id });
    }
    return { fired: fired.rows.length, recovered: recovered.rowCount ?? 0 };
  });
}

/**
 * Evaluates every rule for one token's subjects (after its sync or a deployment of one of its apps),
 * or for everything (no token). A deployment id is resolved to its app's token.
 */
export async function evaluateAlerts(
  database: Pick<Database, 'pool'>,
  target: { tokenId?: string; deploymentId?: string },
  now: Date,
): Promise<{ fired: number; recovered: number }> {
  let tokenId = target.tokenId;
  if (!tokenId && target.deploymentId) {
    const owner = await database.pool.query<{ token_id: string }>(
      `SELECT s.token_id FROM deployments d JOIN applications a ON a.id = d.application_id
         JOIN store_apps s ON s.id = a.store_app_id WHERE d.id = $1`,
      [target.deploymentId],
    );
    tokenId = owner.rows[0]?.token_id;
    if (!tokenId) return { fired: 0, recovered: 0 };
  }
  const rules = await database.pool.query<RuleRow>(
    `SELECT r.id, r.name, r.kind, r.threshold, r.scope,
            coalesce(array_agg(rc.channel_id) FILTER (WHERE rc.channel_id IS NOT NULL), '{}') AS channel_ids
       FROM alert_rules r LEFT JOIN alert_rule_channels rc ON rc.rule_id = r.id
      GROUP BY r.id ORDER BY r.id`,
  );
  const total = { fired: 0, recovered: 0 };
  for (const rule of rules.rows) {
    const outcome = await applyRule(database, rule, tokenId, now);
    total.fired += outcome.fired;
    total.recovered += outcome.recovered;
  }
  return total;
}
