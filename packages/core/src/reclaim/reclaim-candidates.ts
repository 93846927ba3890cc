import {
  DEFAULT_RECLAIM_DAYS,
  type ReclaimCandidate,
  type ReclaimRule,
  reclaimRulesWithDays,
} from '@vpp/contracts/reclaim';
import type { Sql } from '@vpp/db/transaction';

// The licenses a reclaim rule finds, as one SQL query over the licenses Apple holds for us
// (license_assignments) and what the inventory knows of their holders. Licenses already given back
// (returned_licenses after a CheckOut or deletion) and those an uninstall from an earlier reclaim
// is still removing are left out.

export interface CandidateFilter {
  rule: ReclaimRule;
  days?: number | undefined;
  tokenId?: string | undefined;
}

/** The rule's days: its own for the rules that take days, null for the others. */
export function daysOf(rule: ReclaimRule, days: number | undefined): number | null {
  return reclaimRulesWithDays.includes(rule) ? (days ?? DEFAULT_RECLAIM_DAYS) : null;
}

const RULE_SQL: Record<
  ReclaimRule,
  { join: string; where: string; reason: string; code: string; date: string; name: string }
> = {
  DEVICE_NOT_SEEN: {
    join: 'JOIN devices d ON d.serial_number = la.assignee',
    where: `la.license_type = 'DEVICE' AND d.last_seen_at < $cutoff`,
    reason: `'last seen ' || to_char(d.last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
    code: `'LAST_SEEN'`,
    date: 'd.last_seen_at',
    name: 'd.name',
  },
  DEVICE_GONE: {
    join: 'LEFT JOIN devices d ON d.serial_number = la.assignee',
    where: `la.license_type = 'DEVICE' AND (d.id IS NULL OR d.mdm_status = 'UNENROLLED')`,
    reason: `CASE WHEN d.id IS NULL THEN 'not in the inventory (deleted)'
                  ELSE 'unenrolled' || coalesce(' since ' || to_char(d.unenrolled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), '') END`,
    code: `CASE WHEN d.id IS NULL THEN 'NOT_IN_INVENTORY' ELSE 'UNENROLLED' END`,
    date: 'd.unenrolled_at',
    name: `coalesce(d.name, '')`,
  },
  PERSON_GONE: {
    join: `LEFT JOIN people pe ON pe.client_user_id = la.assignee
           LEFT JOIN vpp_users vu ON vu.token_id = la.token_id AND vu.client_user_id = la.assignee`,
    where: `la.license_type = 'USER' AND (pe.id IS NULL OR vu.status IN ('Retired', 'Deleted'))`,
    reason: `CASE WHEN pe.id IS NULL THEN 'not in the inventory (removed)' ELSE 'retired at Apple' END`,
    code: `CASE WHEN pe.id IS NULL THEN 'NOT_IN_INVENTORY' ELSE 'RETIRED' END`,
    date: 'NULL::timestamptz',
    name: `coalesce(nullif(pe.display_name, ''), pe.email, vu.email, '')`,
  },
  NOT_INSTALLED: {
    join: `LEFT JOIN devices d ON la.license_type = 'DEVICE' AND d.serial_number = la.assignee
           LEFT JOIN people pe ON la.license_type = 'USER' AND pe.client_user_id = la.assignee`,
    where: `la.first_seen_at < $cutoff AND NOT $installed`,
    reason: `'licensed since ' || to_char(la.first_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ', not installed'`,
    code: `'NOT_INSTALLED'`,
    date: 'la.first_seen_at',
    name: `coalesce(d.name, nullif(pe.display_name, ''), pe.email, '')`,
  },
  PERSON_WITHOUT_DEVICE: {
    join: 'JOIN people pe ON pe.client_user_id = la.assignee',
    where: `la.license_type = 'USER' AND NOT EXISTS (SELECT 1 FROM devices pd WHERE pd.primary_user_id = pe.id)`,
    reason: `'no device has this person as its primary user'`,
    code: `'NO_DEVICE'`,
    date: 'NULL::timestamptz',
    name: `coalesce(nullif(pe.display_name, ''), pe.email)`,
  },
};

/** The app is installed for this holder according to an install deployment. */
const INSTALLED = `EXISTS (SELECT 1 FROM deployment_targets dt JOIN deployments dd ON dd.id = dt.deployment_id
                      JOIN applications aa ON aa.id = dd.application_id
                     WHERE aa.store_app_id = s.id AND dd.action = 'INSTALL' AND dt.state = 'INSTALLED'
                       AND dt.license_type = la.license_type AND dt.assignee = la.assignee)`;

const NOT_GIVEN_BACK = `
  NOT EXISTS (SELECT 1 FROM returned_licenses r
               WHERE la.license_type = 'DEVICE' AND r.token_id = la.token_id AND r.adam_id = la.adam_id
                 AND r.pricing_param = la.pricing_param AND r.serial_number = la.assignee
                 AND r.returned_at >= la.first_seen_at)
  AND NOT EXISTS (SELECT 1 FROM reclaim_items ri JOIN reclaims rc ON rc.id = ri.reclaim_id
                   WHERE ri.method = 'UNINSTALL_DEPLOYMENT' AND rc.undone_at IS NULL
                     AND ri.token_id = la.token_id AND ri.adam_id = la.adam_id
                     AND ri.pricing_param = la.pricing_param AND ri.license_type = la.license_type
                     AND ri.assignee = la.assignee AND rc.created_at >= la.first_seen_at)`;

export interface CandidateRow {
  store_app_id: string;
  app_name: string;
  adam_id: string;
  pricing_param: string;
  token_id: string;
  token_name: string;
  license_type: 'DEVICE' | 'USER';
  assignee: string;
  assignee_name: string;
  reason: string;
  reason_code: ReclaimCandidate['reasonCode'];
  reason_date: Date | null;
  installed: boolean;
  licensed_since: Date;
  price_minor: string | null;
}

/**
 * The rule's candidates as SQL with `$1` = the cutoff instant and `$2` = a token id or null; the
 * caller may add conditions on `la`, `s` and `t` after it (the query ends in its WHERE).
 */
export function candidateSelect(rule: ReclaimRule): string {
  const sql = RULE_SQL[rule];
  return `
    SELECT s.id AS store_app_id, s.name AS app_name, s.adam_id, s.pricing_param, t.id AS token_id,
           t.name AS token_name, la.license_type::text AS license_type, la.assignee,
           ${sql.name} AS assignee_name, ${sql.reason} AS reason, ${sql.code} AS reason_code,
           ${sql.date} AS reason_date, ${INSTALLED} AS installed,
           la.first_seen_at AS licensed_since, p.unit_price_minor::text AS price_minor
      FROM license_assignments la
      JOIN store_apps s ON s.token_id = la.token_id AND s.adam_id = la.adam_id AND s.pricing_param = la.pricing_param
      JOIN vpp_tokens t ON t.id = la.token_id
      LEFT JOIN store_app_prices p ON p.store_app_id = s.id
      ${sql.join}
     WHERE ${sql.where.replaceAll('$cutoff', '$1::timestamptz').replaceAll('$installed', INSTALLED)}
       AND $1::timestamptz IS NOT NULL AND ($2::uuid IS NULL OR la.token_id = $2::uuid)
       AND ${NOT_GIVEN_BACK}`;
}

export function cutoffOf(rule: ReclaimRule, days: number | undefined, now: Date): Date {
  const effective = daysOf(rule, days) ?? 0;
  return new Date(now.getTime() - effective * 86_400_000);
}

const SEPARATOR = '~';

/** An opaque id that names the rule, its days, the app and the holder. */
export function candidateId(rule: ReclaimRule, days: number | null, row: CandidateRow): string {
  return Buffer.from(
    [rule, days ?? '', row.store_app_id, row.license_type, row.assignee].join(SEPARATOR),
    'utf8',
  ).toString('base64url');
}

export function parseCandidateId(
  id: string,
):
  | { rule: ReclaimRule; days: number | undefined; storeAppId: string; licenseType: string; assignee: string }
  | undefined {
  const parts = Buffer.from(id, 'base64url').toString('utf8').split(SEPARATOR);
  if (parts.length < 5) return undefined;
  const [rule, days, storeAppId, licenseType, ...rest] = parts;
  if (!rule || !(rule in RULE_SQL) || !storeAppId || !licenseType) return undefined;
  return {
    rule: rule as ReclaimRule,
    days: days ? Number(days) : undefined,
    storeAppId,
    licenseType,
    assignee: rest.join(SEPARATOR),
  };
}

export function toCandidate(rule: ReclaimRule, days: number | null, row: CandidateRow): ReclaimCandidate {
  return {
    id: candidateId(rule, days, row),
    rule,
    storeAppId: row.store_app_id,
    appName: row.app_name,
    adamId: row.adam_id,
    tokenId: row.token_id,
    tokenName: row.token_name,
    licenseType: row.license_type,
    assignee: row.assignee,
    assigneeName: row.assignee_name,
    reason: row.reason,
    reasonCode: row.reason_code,
    reasonDate: row.reason_date?.toISOString() ?? null,
    installed: row.installed,
    licensedSince: row.licensed_since.toISOString(),
    priceMinor: row.price_minor === null ? null : Number(row.price_minor),
  };
}

export const CANDIDATE_LIMIT = 1000;

/** The rule's candidates (the first 1,000), how many there are and the money they would free. */
export async function findCandidates(
  sql: Sql,
  filter: CandidateFilter,
  now: Date,
  limit = CANDIDATE_LIMIT,
): Promise<{ rows: CandidateRow[]; total: number; freedMinor: number }> {
  const params = [cutoffOf(filter.rule, filter.days, now), filter.tokenId ?? null];
  const select = candidateSelect(filter.rule);
  const [rows, totals] = await Promise.all([
    sql.query<CandidateRow>(
      `${select} ORDER BY t.name, s.name, la.license_type, la.assignee LIMIT ${Math.trunc(limit)}`,
      params,
    ),
    sql.query<{ total: number; freed: string }>(
      `SELECT count(*)::int AS total, coalesce(sum(c.price_minor::bigint), 0)::text AS freed FROM (${select}) c`,
      params,
    ),
  ]);
  return {
    rows: rows.rows,
    total: totals.rows[0]?.total ?? 0,
    freedMinor: Number(totals.rows[0]?.freed ?? 0),
  };
}
