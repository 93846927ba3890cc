import type { Sql, Transaction } from '@vpp/db/transaction';
import {
  allSettled,
  type DeploymentAction,
  type DeploymentStatus,
  nextDeploymentStatus,
  type TargetEvent,
  type TargetState,
  type TargetTransition,
  transitionsOn,
} from '@vpp/domain/deployments/target-lifecycle';
import { evaluateAlertsJob } from '../jobs/jobs.ts';

// Every statement that changes deployments, their targets, the Apple events they wait for and a
// store app's reserved licenses. Functions are named after the lifecycle's moves
// (@vpp/domain/deployments/target-lifecycle), and each move's WHERE and SET come from that table.
// Writes take a `Transaction` when they must commit with something else, `Sql` otherwise.

export type LicenseType = 'DEVICE' | 'USER';

/** The from-states, to-state and error code of one event's moves, for SQL. */
function move(action: DeploymentAction, event: TargetEvent) {
  const rows: TargetTransition[] = transitionsOn(action, event);
  const to = rows[0]!.to;
  if (rows.some((row) => row.to !== to)) throw new Error(`${action} ${event} moves to several states`);
  return { from: rows.map((row) => row.from), to, errorCode: rows[0]!.errorCode, rows };
}

/** `error_code = …` for a move: set, cleared, or (undefined) kept. */
function errorCodeSet(errorCode: string | null | undefined): string {
  if (errorCode === undefined) return 'error_code';
  return errorCode === null ? 'NULL' : `'${errorCode}'`;
}

// ------------------------------------------------------------------ reads the use cases start from

export interface DeploymentWork {
  id: string;
  action: DeploymentAction;
  status: DeploymentStatus;
  store_app_id: string;
  token_id: string;
  adam_id: string;
  pricing_param: string;
  platforms: string[];
  bundle_id: string | null;
  s_token_encrypted: Buffer;
}

export async function loadDeploymentWork(
  sql: Sql,
  deploymentId: string,
): Promise<DeploymentWork | undefined> {
  const result = await sql.query<DeploymentWork>(
    `SELECT d.id, d.action, d.status, s.id AS store_app_id, s.token_id, s.adam_id, s.pricing_param, s.platforms,
            s.bundle_id, t.s_token_encrypted
       FROM deployments d JOIN applications a ON a.id = d.application_id JOIN store_apps s ON s.id = a.store_app_id
       JOIN vpp_tokens t ON t.id = s.token_id
      WHERE d.id = $1`,
    [deploymentId],
  );
  return result.rows[0];
}

// ------------------------------------------------------------------ the store app's reservations

/** Locks the app's row: reservations are counted and given under this lock only. */
export async function lockStoreApp(
  tx: Transaction,
  storeAppId: string,
): Promise<{ free: number } | undefined> {
  const result = await tx.query<{ free: number }>(
    'SELECT greatest(0, available_count - reserved_count)::int AS free FROM store_apps WHERE id = $1 FOR UPDATE',
    [storeAppId],
  );
  return result.rows[0];
}

/** Sets `count` of the app's free licenses aside for targets Apple has not confirmed yet. */
export async function reserve(tx: Transaction, storeAppId: string, count: number): Promise<void> {
  if (count <= 0) return;
  await tx.query('UPDATE store_apps SET reserved_count = reserved_count + $2 WHERE id = $1', [
    storeAppId,
    count,
  ]);
}

/** Gives `count` reservations back to the app's free licenses. */
export async function releaseReservations(tx: Transaction, storeAppId: string, count: number): Promise<void> {
  if (count <= 0) return;
  await tx.query('UPDATE store_apps SET reserved_count = greatest(0, reserved_count - $2) WHERE id = $1', [
    storeAppId,
    count,
  ]);
}

// ------------------------------------------------------------------ creation

export interface NewTarget {
  deviceId: string | null;
  personId: string | null;
  licenseType: LicenseType;
  assignee: string;
  state: TargetState;
  reserved: boolean;
  error: string | null;
  errorCode: string | null;
}

/** The deployment row and every target in one statement each, whatever the collection's size. */
export async function insertDeployment(
  tx: Transaction,
  deployment: { applicationId: string; collectionId: string; action: DeploymentAction; purpose: string },
  targets: NewTarget[],
): Promise<string> {
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO deployments (id, application_id, collection_id, action, purpose)
     VALUES (gen_random_uuid(), $1, $2, $3::"DeploymentAction", $4::"DeploymentPurpose") RETURNING id`,
    [deployment.applicationId, deployment.collectionId, deployment.action, deployment.purpose],
  );
  const id = inserted.rows[0]!.id;
  await tx.query(
    `INSERT INTO deployment_targets (id, deployment_id, device_id, person_id, license_type, assignee, state, reserved,
                                     error, error_code, updated_at)
     SELECT gen_random_uuid(), $1, t.device_id, t.person_id, t.license_type::"LicenseType", t.assignee,
            t.state::"TargetState", t.reserved, t.error, t.error_code, now()
       FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::text[], $9::text[])
            AS t(device_id, person_id, license_type, assignee, state, reserved, error, error_code)`,
    [
      id,
      targets.map((target) => target.deviceId),
      targets.map((target) => target.personId),
      targets.map((target) => target.licenseType),
      targets.map((target) => target.assignee),
      targets.map((target) => target.state),
      targets.map((target) => target.reserved),
      targets.map((target) => target.error),
      targets.map((target) => target.errorCode),
    ],
  );
  // Targets that start short of a license can cross DEPLOYMENT_SHORTFALL.
  await evaluateAlertsJob.enqueue(tx, { deploymentId: id });
  return id;
}

// ------------------------------------------------------------------ licenses (Apple)

/** LICENSE_ALREADY_HELD: targets whose license Apple already shows need no claim. */
export async function markLicenseHeld(sql: Sql, deployment: DeploymentWork): Promise<void> {
  const { from, to } = move('INSTALL', 'LICENSE_ALREADY_HELD');
  await sql.query(
    `UPDATE deployment_targets t SET state = $6::"TargetState", updated_at = now()
      WHERE t.deployment_id = $1 AND t.state = ANY($5::"TargetState"[]) AND NOT t.reserved AND t.event_id IS NULL
        AND EXISTS (SELECT 1 FROM license_assignments l
                     WHERE l.token_id = $2 AND l.adam_id = $3 AND l.pricing_param = $4
                       AND l.license_type = t.license_type AND l.assignee = t.assignee)`,
    [deployment.id, deployment.token_id, deployment.adam_id, deployment.pricing_param, from, to],
  );
}

/** Distinct assignees of targets in `state` not yet sent to Apple, by license type. */
export async function assigneesAwaitingApple(
  sql: Sql,
  deploymentId: string,
  state: TargetState,
): Promise<{ licenseType: LicenseType; assignees: string[] }[]> {
  const result = await sql.query<{ license_type: LicenseType; assignees: string[] }>(
    `SELECT license_type, array_agg(DISTINCT assignee ORDER BY assignee) AS assignees FROM deployment_targets
      WHERE deployment_id = $1 AND state = $2::"TargetState" AND event_id IS NULL AND assignee <> ''
      GROUP BY license_type`,
    [deploymentId, state],
  );
  return result.rows.map((row) => ({ licenseType: row.license_type, assignees: row.assignees }));
}

export interface AppleEventBatch {
  eventId: string;
  licenseType: LicenseType;
  assignees: string[];
}

/** Records Apple's events for a batch of claims or releases and ties the targets to them. */
export async function recordAppleEvents(
  tx: Transaction,
  deployment: Pick<DeploymentWork, 'id' | 'token_id'>,
  type: 'ASSOCIATE' | 'DISASSOCIATE',
  batches: AppleEventBatch[],
  targetState: TargetState,
): Promise<void> {
  for (const batch of batches) {
    await tx.query(
      `INSERT INTO apple_events (event_id, token_id, type, num_requested, subject, submitted_at)
       VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT (event_id) DO NOTHING`,
      [
        batch.eventId,
        deployment.token_id,
        type,
        batch.assignees.length,
        JSON.stringify({
          deploymentId: deployment.id,
          licenseType: batch.licenseType,
          assignees: batch.assignees,
        }),
      ],
    );
    await tx.query(
      `UPDATE deployment_targets SET event_id = $2, updated_at = now()
        WHERE deployment_id = $1 AND state = $3::"TargetState" AND license_type = $4::"LicenseType"
          AND assignee = ANY($5::text[]) AND event_id IS NULL`,
      [deployment.id, batch.eventId, targetState, batch.licenseType, batch.assignees],
    );
  }
}

export interface AppleEventRow {
  type: 'ASSOCIATE' | 'DISASSOCIATE' | string;
  status: string;
  subject: { deploymentId: string; licenseType: LicenseType; assignees: string[] };
  token_id: string;
  s_token_encrypted: Buffer;
}

export async function loadAppleEvent(sql: Sql, eventId: string): Promise<AppleEventRow | undefined> {
  const result = await sql.query<AppleEventRow>(
    `SELECT e.type, e.status, e.subject, e.token_id, t.s_token_encrypted
       FROM apple_events e JOIN vpp_tokens t ON t.id = e.token_id WHERE e.event_id = $1`,
    [eventId],
  );
  return result.rows[0];
}

/** Apple still works on the event: note when it was last asked. */
export async function markAppleEventChecked(sql: Sql, eventId: string): Promise<void> {
  await sql.query('UPDATE apple_events SET checked_at = now() WHERE event_id = $1', [eventId]);
}

/** Records how the event ended; false when another check already did (a retried job). */
export async function finishAppleEvent(
  tx: Transaction,
  eventId: string,
  outcome: { status: string; numCompleted: number; failures: unknown[] },
): Promise<boolean> {
  const claimed = await tx.query(
    `UPDATE apple_events SET status = $2, num_completed = $3, failures = $4, finished_at = now(), checked_at = now()
      WHERE event_id = $1 AND status = 'PENDING'`,
    [eventId, outcome.status, outcome.numCompleted, JSON.stringify(outcome.failures)],
  );
  return (claimed.rowCount ?? 0) > 0;
}

export interface LockedStoreApp {
  id: string;
  adam_id: string;
  pricing_param: string;
}

/** The deployment's store app, locked: its counts move with the event's outcome. */
export async function lockStoreAppOfDeployment(
  tx: Transaction,
  deploymentId: string,
): Promise<LockedStoreApp | undefined> {
  const result = await tx.query<LockedStoreApp>(
    `SELECT s.id, s.adam_id, s.pricing_param FROM deployments d JOIN applications a ON a.id = d.application_id
       JOIN store_apps s ON s.id = a.store_app_id WHERE d.id = $1 FOR UPDATE OF s`,
    [deploymentId],
  );
  return result.rows[0];
}

/**
 * LICENSE_CLAIMED / LICENSE_REFUSED for the targets of one associate event: those Apple licensed
 * become LICENSED, the rest FAILED with Apple's reason. Both give back the reservation they held;
 * returns how many that was.
 */
export async function markLicensed(
  tx: Transaction,
  deploymentId: string,
  eventId: string,
  succeeded: string[],
  failed: Map<string, { code: string; reason: string }>,
): Promise<{ reservationsReleased: number }> {
  const claimed = move('INSTALL', 'LICENSE_CLAIMED');
  const refused = move('INSTALL', 'LICENSE_REFUSED');
  const reserved = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM deployment_targets
      WHERE deployment_id = $1 AND event_id = $2 AND state = ANY($3::"TargetState"[]) AND reserved`,
    [deploymentId, eventId, claimed.from],
  );
  await tx.query(
    `UPDATE deployment_targets SET
       state = CASE WHEN assignee = ANY($3::text[]) THEN $6::"TargetState" ELSE $7::"TargetState" END,
       error = CASE WHEN assignee = ANY($3::text[]) THEN NULL ELSE ($4::jsonb ->> assignee) END,
       error_code = CASE WHEN assignee = ANY($3::text[]) THEN ${errorCodeSet(claimed.errorCode)}
                         ELSE ($5::jsonb ->> assignee) END,
       reserved = false, updated_at = now()
      WHERE deployment_id = $1 AND event_id = $2 AND state = ANY($8::"TargetState"[])`,
    [
      deploymentId,
      eventId,
      succeeded,
      JSON.stringify(Object.fromEntries([...failed].map(([assignee, why]) => [assignee, why.reason]))),
      JSON.stringify(Object.fromEntries([...failed].map(([assignee, why]) => [assignee, why.code]))),
      claimed.to,
      refused.to,
      [...new Set([...claimed.from, ...refused.from])],
    ],
  );
  return { reservationsReleased: reserved.rows[0]?.n ?? 0 };
}

/**
 * The licenses Apple gave are recorded at once (no waiting for the next sync), the reservations the
 * event covered go back, and the app's assigned and available counts move.
 */
export async function recordClaimedLicenses(
  tx: Transaction,
  tokenId: string,
  storeApp: LockedStoreApp,
  licenseType: LicenseType,
  assignees: string[],
  reservationsReleased: number,
): Promise<void> {
  const inserted = await tx.query(
    `INSERT INTO license_assignments (token_id, adam_id, pricing_param, license_type, assignee, first_seen_at)
     SELECT $1, $2, $3, $4::"LicenseType", unnest($5::text[]), now()
     ON CONFLICT DO NOTHING`,
    [tokenId, storeApp.adam_id, storeApp.pricing_param, licenseType, assignees],
  );
  await tx.query(
    `UPDATE store_apps SET
       reserved_count = greatest(0, reserved_count - $2),
       assigned_count = assigned_count + $3,
       available_count = CASE WHEN unlimited THEN available_count ELSE greatest(0, available_count - $3) END,
       updated_at = now()
     WHERE id = $1`,
    [storeApp.id, reservationsReleased, inserted.rowCount ?? 0],
  );
  await evaluateAlertsJob.enqueue(tx, { tokenId });
}

/** LICENSE_RELEASED / RELEASE_REFUSED for the targets of one disassociate event. */
export async function markLicenseReleased(
  tx: Transaction,
  deploymentId: string,
  eventId: string,
  succeeded: string[],
): Promise<void> {
  const released = move('UNINSTALL', 'LICENSE_RELEASED');
  const refused = move('UNINSTALL', 'RELEASE_REFUSED');
  await tx.query(
    `UPDATE deployment_targets SET
       state = CASE WHEN assignee = ANY($3::text[]) THEN $4::"TargetState" ELSE $5::"TargetState" END,
       error = CASE WHEN assignee = ANY($3::text[]) THEN NULL ELSE 'Apple did not release the license.' END,
       updated_at = now()
      WHERE deployment_id = $1 AND event_id = $2 AND state = ANY($6::"TargetState"[])`,
    [
      deploymentId,
      eventId,
      succeeded,
      released.to,
      refused.to,
      [...new Set([...released.from, ...refused.from])],
    ],
  );
}

/** Apple released these licenses: the records go and the app's counts move at once. */
export async function forgetReleasedLicenses(
  tx: Transaction,
  tokenId: string,
  storeApp: LockedStoreApp,
  licenseType: LicenseType,
  assignees: string[],
): Promise<void> {
  const removed = await tx.query(
    `DELETE FROM license_assignments WHERE token_id = $1 AND adam_id = $2 AND pricing_param = $3
        AND license_type = $4::"LicenseType" AND assignee = ANY($5::text[])`,
    [tokenId, storeApp.adam_id, storeApp.pricing_param, licenseType, assignees],
  );
  await tx.query(
    `UPDATE store_apps SET assigned_count = greatest(0, assigned_count - $2),
       available_count = CASE WHEN unlimited THEN available_count ELSE available_count + $2 END, updated_at = now()
     WHERE id = $1`,
    [storeApp.id, removed.rowCount ?? 0],
  );
  await evaluateAlertsJob.enqueue(tx, { tokenId });
}

// ------------------------------------------------------------------ commands (devices)

export interface CommandTarget {
  target_id: string;
  serial_number: string;
  model: string;
  /** The device's MDM enrollment id, once the MDM has introduced it. */
  udid: string | null;
  /** The command may have gone out already (its intent is recorded, its sending is not). */
  intent: boolean;
}

/**
 * Devices that get the install or remove command of targets in `state` not yet sent: a device
 * target's device, and every device a person target is the primary user of.
 */
export async function commandsToSend(
  sql: Sql,
  deploymentId: string,
  state: TargetState,
): Promise<CommandTarget[]> {
  const result = await sql.query<CommandTarget>(
    `SELECT t.id AS target_id, d.serial_number, d.model, d.udid, t.command_intent_at IS NOT NULL AS intent
       FROM deployment_targets t JOIN devices d ON d.id = t.device_id
      WHERE t.deployment_id = $1 AND t.state = $2::"TargetState" AND t.command_sent_at IS NULL AND t.device_id IS NOT NULL
     UNION ALL
     SELECT t.id, d.serial_number, d.model, d.udid, t.command_intent_at IS NOT NULL FROM deployment_targets t JOIN devices d ON d.primary_user_id = t.person_id
      WHERE t.deployment_id = $1 AND t.state = $2::"TargetState" AND t.command_sent_at IS NULL AND t.device_id IS NULL`,
    [deploymentId, state],
  );
  return result.rows;
}

/**
 * The commands went out. Targets in `state` that had no device to send to take NO_DEVICE: an
 * install keeps its license (the person has nowhere to install); a removal has nothing to remove.
 * Returns the uninstall targets that became REMOVED that way.
 */
export async function markCommandsSent(
  tx: Transaction,
  deploymentId: string,
  action: DeploymentAction,
  state: TargetState,
  sentTargetIds: string[],
  /** NanoMDM: the CommandUUIDs sent per target, and the targets whose command waits (not sent). */
  mdm: { deferredTargetIds: string[]; commandUuids: { targetId: string; commandUuid: string }[] } = {
    deferredTargetIds: [],
    commandUuids: [],
  },
): Promise<string[]> {
  if (mdm.commandUuids.length > 0) {
    await tx.query(
      `UPDATE deployment_targets t SET mdm_command_uuids = array(SELECT DISTINCT x FROM unnest(t.mdm_command_uuids || c.uuids) x)
         FROM (SELECT target_id, array_agg(uuid) AS uuids FROM unnest($2::uuid[], $3::text[]) AS u(target_id, uuid)
                GROUP BY target_id) c
        WHERE t.id = c.target_id AND t.deployment_id = $1`,
      [
        deploymentId,
        mdm.commandUuids.map((entry) => entry.targetId),
        mdm.commandUuids.map((entry) => entry.commandUuid),
      ],
    );
  }
  const noDevice = move(action, 'NO_DEVICE');
  const reason =
    action === 'INSTALL' ? "No device to install on: the person is no device's primary user." : null;
  const result = await tx.query<{ id: string; state: TargetState }>(
    `UPDATE deployment_targets SET command_sent_at = now(), updated_at = now(),
            state = CASE WHEN id = ANY($3::uuid[]) OR NOT (state = ANY($4::"TargetState"[])) THEN state
                         ELSE $5::"TargetState" END,
            error = CASE WHEN id = ANY($3::uuid[]) OR $6::text IS NULL THEN error ELSE $6::text END,
            error_code = CASE WHEN id = ANY($3::uuid[]) OR NOT (state = ANY($4::"TargetState"[])) THEN error_code
                              ELSE ${errorCodeSet(noDevice.errorCode)} END
      WHERE deployment_id = $1 AND state = $2::"TargetState" AND command_sent_at IS NULL
        AND NOT (id = ANY($7::uuid[]))
      RETURNING id, state`,
    [deploymentId, state, sentTargetIds, noDevice.from, noDevice.to, reason, mdm.deferredTargetIds],
  );
  const sent = new Set(sentTargetIds);
  return action === 'UNINSTALL'
    ? result.rows.filter((row) => !sent.has(row.id) && row.state === noDevice.to).map((row) => row.id)
    : [];
}

/**
 * The command of these targets could not be sent now (the MDM is down, refused the enqueue, or
 * the device has no enrollment yet): they keep waiting, and are tried again later. Returns the
 * most attempts among them, for the backoff.
 */
export async function deferCommands(
  tx: Transaction,
  deploymentId: string,
  targetIds: string[],
): Promise<number> {
  if (targetIds.length === 0) return 0;
  const result = await tx.query<{ attempts: number | null }>(
    `WITH deferred AS (
       UPDATE deployment_targets SET command_attempts = command_attempts + 1, updated_at = now()
        WHERE deployment_id = $1 AND id = ANY($2::uuid[]) AND command_sent_at IS NULL
        RETURNING command_attempts)
     SELECT max(command_attempts)::int AS attempts FROM deferred`,
    [deploymentId, targetIds],
  );
  return result.rows[0]?.attempts ?? 0;
}

export interface CommandResultTarget {
  target_id: string;
  action: DeploymentAction;
  state: TargetState;
  bundle_id: string | null;
  /** The command is a ManagedApplicationList that confirms the target's install. */
  confirmation: boolean;
  confirm_checks: number;
  /** The device acknowledged the install command (its report arrived). */
  acknowledged: boolean;
}

/** The targets that sent the MDM command `commandUuid` to the device with this enrollment id. */
export async function targetsOfMdmCommand(
  sql: Sql,
  commandUuid: string,
  udid: string,
): Promise<CommandResultTarget[]> {
  const result = await sql.query<CommandResultTarget>(
    `SELECT t.id AS target_id, dep.action, t.state::text AS state, s.bundle_id,
            t.mdm_confirm_command_uuids @> ARRAY[$1::text] AS confirmation, t.mdm_confirm_checks AS confirm_checks,
            t.mdm_acknowledged_at IS NOT NULL AS acknowledged
       FROM deployment_targets t JOIN deployments dep ON dep.id = t.deployment_id
       JOIN applications a ON a.id = dep.application_id JOIN store_apps s ON s.id = a.store_app_id
      WHERE (t.mdm_command_uuids @> ARRAY[$1::text] OR t.mdm_confirm_command_uuids @> ARRAY[$1::text])
        AND EXISTS (SELECT 1 FROM devices d WHERE d.udid = $2
                      AND (d.id = t.device_id OR (t.device_id IS NULL AND d.primary_user_id = t.person_id)))`,
    [commandUuid, udid],
  );
  return result.rows;
}

export interface DeviceReport {
  targetId: string;
  status: 'INSTALLED' | 'REMOVED' | 'FAILED';
  error: string | null;
}

export interface ReportedTarget {
  id: string;
  deployment_id: string;
  action: DeploymentAction;
  state: TargetState;
}

/**
 * INSTALL_REPORTED, REMOVE_REPORTED and DEVICE_FAILED: what devices said about the commands of
 * active deployments. Reports for targets no longer waiting for one change nothing.
 */
export async function applyDeviceReports(
  tx: Transaction,
  reports: DeviceReport[],
): Promise<ReportedTarget[]> {
  const installed = move('INSTALL', 'INSTALL_REPORTED');
  const installFailed = move('INSTALL', 'DEVICE_FAILED');
  const removed = move('UNINSTALL', 'REMOVE_REPORTED');
  const removeFailed = move('UNINSTALL', 'DEVICE_FAILED');
  const result = await tx.query<ReportedTarget>(
    `WITH report AS (
       SELECT DISTINCT ON (target_id) * FROM unnest($1::uuid[], $2::text[], $3::text[]) AS r(target_id, status, error)
     )
     UPDATE deployment_targets t SET
       state = CASE
         WHEN d.action = 'INSTALL' AND r.status = 'FAILED' THEN $7::"TargetState"
         WHEN d.action = 'INSTALL' THEN $5::"TargetState"
         WHEN r.status = 'FAILED' THEN $11::"TargetState"
         ELSE $9::"TargetState" END,
       error = CASE WHEN r.status = 'FAILED' THEN coalesce(r.error, 'The device reported a failure.') ELSE NULL END,
       error_code = CASE WHEN r.status = 'FAILED' THEN $12::text ELSE NULL END,
       updated_at = now()
      FROM report r, deployments d
     WHERE t.id = r.target_id AND d.id = t.deployment_id AND d.status = 'ACTIVE'
       AND ((d.action = 'INSTALL' AND r.status = 'INSTALLED' AND t.state = ANY($4::"TargetState"[]))
         OR (d.action = 'INSTALL' AND r.status = 'FAILED' AND t.state = ANY($6::"TargetState"[]))
         OR (d.action = 'UNINSTALL' AND r.status = 'REMOVED' AND t.state = ANY($8::"TargetState"[]))
         OR (d.action = 'UNINSTALL' AND r.status = 'FAILED' AND t.state = ANY($10::"TargetState"[])))
     RETURNING t.id, t.deployment_id, d.action, t.state`,
    [
      reports.map((report) => report.targetId),
      reports.map((report) => report.status),
      reports.map((report) => report.error),
      installed.from,
      installed.to,
      installFailed.from,
      installFailed.to,
      removed.from,
      removed.to,
      removeFailed.from,
      removeFailed.to,
      installFailed.errorCode ?? 'DEVICE_FAILED',
    ],
  );
  return result.rows;
}

/**
 * REMOVED_BY_UNINSTALL: these uninstall targets removed the app (and their license goes next), so
 * install targets of the same app holding the same license show REMOVED, naming the uninstall
 * deployment. A device's state for an app is one fact across deployments. Returns the install
 * deployments whose targets moved.
 */
export async function markRemovedByUninstall(
  tx: Transaction,
  uninstallTargetIds: string[],
): Promise<string[]> {
  if (uninstallTargetIds.length === 0) return [];
  const { from, to, errorCode } = move('INSTALL', 'REMOVED_BY_UNINSTALL');
  const result = await tx.query<{ deployment_id: string }>(
    `WITH removal AS (
       SELECT u.deployment_id AS uninstall_id, a.store_app_id, u.license_type, u.assignee
         FROM deployment_targets u JOIN deployments d ON d.id = u.deployment_id
         JOIN applications a ON a.id = d.application_id
        WHERE u.id = ANY($1::uuid[]) AND d.action = 'UNINSTALL' AND u.assignee <> ''
     )
     UPDATE deployment_targets t SET state = $3::"TargetState", removed_by_deployment_id = r.uninstall_id,
            error = ${errorCode === undefined ? 't.error' : 'NULL'}, error_code = ${errorCodeSet(errorCode)},
            updated_at = now()
       FROM removal r, deployments d, applications a
      WHERE d.id = t.deployment_id AND a.id = d.application_id AND d.action = 'INSTALL'
        AND a.store_app_id = r.store_app_id AND t.license_type = r.license_type AND t.assignee = r.assignee
        AND t.state = ANY($2::"TargetState"[])
     RETURNING t.deployment_id`,
    [uninstallTargetIds, from, to],
  );
  return [...new Set(result.rows.map((row) => row.deployment_id))];
}

// ------------------------------------------------------------------ licenses bought, stop, finish

/** Store apps of a token with install targets waiting for a license. */
export async function storeAppsWithShortfalls(sql: Sql, tokenId: string): Promise<string[]> {
  const { from } = move('INSTALL', 'LICENSES_BOUGHT');
  const result = await sql.query<{ store_app_id: string }>(
    `SELECT DISTINCT a.store_app_id FROM deployment_targets t
       JOIN deployments d ON d.id = t.deployment_id JOIN applications a ON a.id = d.application_id
       JOIN store_apps s ON s.id = a.store_app_id
      WHERE s.token_id = $1 AND d.status = 'ACTIVE' AND d.action = 'INSTALL'
        AND t.state = ANY($2::"TargetState"[]) AND t.error_code = 'NO_LICENSE_AVAILABLE'`,
    [tokenId, from],
  );
  return result.rows.map((row) => row.store_app_id);
}

/**
 * LICENSES_BOUGHT: up to `free` targets waiting for a license (one per license, oldest deployment
 * first, in a stable order) go back to PENDING holding a reservation. Call under `lockStoreApp`;
 * returns the deployments they belong to and how many were reserved.
 */
export async function retryShortfalls(
  tx: Transaction,
  storeAppId: string,
  free: number,
): Promise<{ deploymentIds: string[]; reserved: number }> {
  const rows = transitionsOn('INSTALL', 'LICENSES_BOUGHT');
  const row = rows[0]!;
  const picked = await tx.query<{ deployment_id: string }>(
    `WITH waiting AS (
       SELECT DISTINCT ON (t.license_type, t.assignee) t.id, t.deployment_id
         FROM deployment_targets t JOIN deployments d ON d.id = t.deployment_id
         JOIN applications a ON a.id = d.application_id
        WHERE a.store_app_id = $1 AND d.status = 'ACTIVE' AND d.action = 'INSTALL'
          AND t.state = $3::"TargetState" AND t.error_code = $4
        ORDER BY t.license_type, t.assignee, d.created_at, t.id
        LIMIT $2
     )
     UPDATE deployment_targets t SET state = $5::"TargetState", reserved = true, error = NULL, error_code = NULL,
            event_id = NULL, command_sent_at = NULL, updated_at = now()
       FROM waiting w WHERE t.id = w.id
     RETURNING t.deployment_id`,
    [storeAppId, free, row.from, row.onlyWithErrorCode, row.to],
  );
  const reserved = row.reservation === 'RESERVE' ? (picked.rowCount ?? 0) : 0;
  await reserve(tx, storeAppId, reserved);
  return { deploymentIds: [...new Set(picked.rows.map((target) => target.deployment_id))], reserved };
}

export interface StoppableDeployment {
  id: string;
  action: DeploymentAction;
  status: DeploymentStatus;
  store_app_id: string;
  application_name: string;
  collection_name: string;
}

export async function loadStoppableDeployment(
  sql: Sql,
  id: string,
): Promise<StoppableDeployment | undefined> {
  const result = await sql.query<StoppableDeployment>(
    `SELECT d.id, d.action, d.status, a.store_app_id, a.name AS application_name, c.name AS collection_name
       FROM deployments d JOIN applications a ON a.id = d.application_id JOIN collections c ON c.id = d.collection_id
      WHERE d.id = $1`,
    [id],
  );
  return result.rows[0];
}

/**
 * STOP: an active or finished deployment stops; an active one's DEPLOYMENT_STOPPED gives back the
 * reservations of its targets not yet sent to Apple (those in an event go back when the event
 * ends). Call under `lockStoreApp`. Returns how many reservations went back, or null when it had
 * stopped already.
 */
export async function markStopped(tx: Transaction, deployment: StoppableDeployment): Promise<number | null> {
  const next = nextDeploymentStatus(deployment.status, 'STOP');
  if (!next) return null;
  const stopped = await tx.query(
    `UPDATE deployments SET status = $2::"DeploymentStatus", stopped_at = now()
      WHERE id = $1 AND status = $3::"DeploymentStatus"`,
    [deployment.id, next.to, next.from],
  );
  if (stopped.rowCount === 0) return null;
  await evaluateAlertsJob.enqueue(tx, { deploymentId: deployment.id });
  if (!next.releasesUnconfirmedReservations || deployment.action !== 'INSTALL') return 0;
  const { from } = move('INSTALL', 'DEPLOYMENT_STOPPED');
  const released = await tx.query(
    `UPDATE deployment_targets SET reserved = false, updated_at = now()
      WHERE deployment_id = $1 AND reserved AND event_id IS NULL AND state = ANY($2::"TargetState"[])`,
    [deployment.id, from],
  );
  const count = released.rowCount ?? 0;
  await releaseReservations(tx, deployment.store_app_id, count);
  return count;
}

/**
 * ALL_TARGETS_SETTLED: active deployments among `deploymentIds` whose every target has settled
 * become FINISHED. Their rows are locked first, so two transactions settling the last two targets
 * of one deployment cannot both miss it.
 */
export async function finishSettled(tx: Transaction, deploymentIds: Iterable<string>): Promise<string[]> {
  const ids = [...new Set(deploymentIds)].sort();
  if (ids.length === 0) return [];
  const next = nextDeploymentStatus('ACTIVE', 'ALL_TARGETS_SETTLED')!;
  const active = await tx.query<{ id: string; action: DeploymentAction }>(
    `SELECT id, action FROM deployments WHERE id = ANY($1::uuid[]) AND status = 'ACTIVE' ORDER BY id FOR UPDATE`,
    [ids],
  );
  if (active.rows.length === 0) return [];
  const states = await tx.query<{ deployment_id: string; state: TargetState; error_code: string | null }>(
    `SELECT DISTINCT deployment_id, state::text AS state, error_code FROM deployment_targets
      WHERE deployment_id = ANY($1::uuid[])`,
    [active.rows.map((row) => row.id)],
  );
  const finished = active.rows
    .filter((deployment) =>
      allSettled(
        deployment.action,
        states.rows
          .filter((row) => row.deployment_id === deployment.id)
          .map((row) => ({ state: row.state, errorCode: row.error_code })),
      ),
    )
    .map((deployment) => deployment.id);
  if (finished.length > 0) {
    await tx.query(
      `UPDATE deployments SET status = $2::"DeploymentStatus", finished_at = now() WHERE id = ANY($1::uuid[])`,
      [finished, next.to],
    );
  }
  return finished;
}

// ------------------------------------------------------------------ durability: the lease

/**
 * TAKE_LEASE: the deployment is moved forward by one worker at a time. Taken when it is active and
 * nobody holds a live lease (or this owner already does); false otherwise.
 */
export async function takeDeploymentLease(
  sql: Sql,
  deploymentId: string,
  owner: string,
  leaseMs: number,
): Promise<boolean> {
  const taken = await sql.query(
    `UPDATE deployments SET lease_owner = $2, lease_expires_at = now() + $3 * interval '1 millisecond',
            step_requested_at = NULL
      WHERE id = $1 AND status = 'ACTIVE'
        AND (lease_owner IS NULL OR lease_expires_at < now() OR lease_owner = $2)`,
    [deploymentId, owner, leaseMs],
  );
  if ((taken.rowCount ?? 0) > 0) return true;
  // Held: the holder takes one more step when it ends (what made this one be asked for may have
  // come after the holder looked).
  await sql.query(`UPDATE deployments SET step_requested_at = now() WHERE id = $1 AND status = 'ACTIVE'`, [
    deploymentId,
  ]);
  return false;
}

/** Extends the lease while `owner` holds it; false when it has lost it (then nothing may be written). */
export async function renewDeploymentLease(
  sql: Sql,
  deploymentId: string,
  owner: string,
  leaseMs: number,
): Promise<boolean> {
  const renewed = await sql.query(
    `UPDATE deployments SET lease_expires_at = now() + $3 * interval '1 millisecond'
      WHERE id = $1 AND lease_owner = $2 AND lease_expires_at >= now()`,
    [deploymentId, owner, leaseMs],
  );
  return (renewed.rowCount ?? 0) > 0;
}

/**
 * The step ended: the lease goes; `nextStepAt` holds further steps back (a command backoff).
 * Returns true when another step was asked for meanwhile (then the caller queues it).
 */
export async function releaseDeploymentLease(
  sql: Sql,
  deploymentId: string,
  owner: string,
  nextStepAt: Date | null,
): Promise<boolean> {
  const released = await sql.query<{ requested: boolean }>(
    `UPDATE deployments d SET lease_owner = NULL, lease_expires_at = NULL, next_step_at = $3, step_requested_at = NULL
       FROM (SELECT id, step_requested_at FROM deployments WHERE id = $1 FOR UPDATE) before
      WHERE d.id = before.id AND d.lease_owner = $2
     RETURNING before.step_requested_at IS NOT NULL AS requested`,
    [deploymentId, owner, nextStepAt],
  );
  return released.rows[0]?.requested ?? false;
}

/**
 * Active deployments with a step to take and no live lease: a worker died holding it, or its job
 * was lost with the connection. Steps waiting on a command backoff are not due yet.
 */
export async function stalledDeployments(sql: Sql, limit = 200): Promise<string[]> {
  const result = await sql.query<{ id: string }>(
    `SELECT d.id FROM deployments d
      WHERE d.status = 'ACTIVE' AND (d.lease_owner IS NULL OR d.lease_expires_at < now())
        AND (d.next_step_at IS NULL OR d.next_step_at <= now())
        AND EXISTS (SELECT 1 FROM deployment_targets t WHERE t.deployment_id = d.id AND (
              (d.action = 'INSTALL' AND t.state = 'PENDING' AND t.event_id IS NULL)
           OR (d.action = 'INSTALL' AND t.state = 'LICENSED' AND t.command_sent_at IS NULL)
           OR (d.action = 'UNINSTALL' AND t.state = 'PENDING' AND t.command_sent_at IS NULL)
           OR (d.action = 'UNINSTALL' AND t.state = 'REMOVED' AND t.event_id IS NULL)))
        AND (d.lease_expires_at IS NOT NULL
             OR NOT EXISTS (SELECT 1 FROM deployment_targets t WHERE t.deployment_id = d.id
                              AND t.updated_at > now() - interval '3 seconds'))
      ORDER BY d.created_at LIMIT $1`,
    [limit],
  );
  return result.rows.map((row) => row.id);
}

/** Apple events still PENDING here that nobody has asked Apple about for `staleMs` (their job died). */
export async function staleAppleEvents(sql: Sql, staleMs: number, limit = 500): Promise<string[]> {
  const result = await sql.query<{ event_id: string }>(
    `SELECT event_id FROM apple_events
      WHERE status = 'PENDING' AND coalesce(checked_at, submitted_at) < now() - $1 * interval '1 millisecond'
        AND subject ? 'deploymentId'
      ORDER BY submitted_at LIMIT $2`,
    [staleMs, limit],
  );
  return result.rows.map((row) => row.event_id);
}

// ------------------------------------------------------------------ durability: intents

/**
 * The intent before the effect: these targets' claims (or releases) are about to go to Apple.
 * Fenced by the lease (call in a leased transaction).
 */
export async function recordAppleIntent(
  tx: Transaction,
  deploymentId: string,
  state: TargetState,
  licenseType: LicenseType,
  assignees: string[],
): Promise<void> {
  await tx.query(
    `UPDATE deployment_targets SET apple_intent_at = now(), updated_at = now()
      WHERE deployment_id = $1 AND state = $2::"TargetState" AND license_type = $3::"LicenseType"
        AND assignee = ANY($4::text[]) AND event_id IS NULL`,
    [deploymentId, state, licenseType, assignees],
  );
}

/** Targets in `state` whose request went (or may have gone) to Apple with no event id recorded. */
export async function unresolvedAppleIntents(
  sql: Sql,
  deploymentId: string,
  state: TargetState,
): Promise<{ licenseType: LicenseType; assignees: string[] }[]> {
  const result = await sql.query<{ license_type: LicenseType; assignees: string[] }>(
    `SELECT license_type, array_agg(DISTINCT assignee ORDER BY assignee) AS assignees FROM deployment_targets
      WHERE deployment_id = $1 AND state = $2::"TargetState" AND event_id IS NULL AND apple_intent_at IS NOT NULL
        AND assignee <> ''
      GROUP BY license_type`,
    [deploymentId, state],
  );
  return result.rows.map((row) => ({ licenseType: row.license_type, assignees: row.assignees }));
}

/**
 * Resolves a claim's intent by what Apple holds: LICENSE_FOUND_AT_APPLE for the assignees Apple
 * shows (their license recorded, their reservation back, the app's counts moved once), and the
 * intent cleared for the rest (claimed again: Apple never got, or never applied, the request).
 * Call in a leased transaction under `lockStoreAppOfDeployment`.
 */
export async function resolveClaimIntents(
  tx: Transaction,
  deployment: Pick<DeploymentWork, 'id' | 'token_id'>,
  storeApp: LockedStoreApp,
  licenseType: LicenseType,
  heldAtApple: string[],
  assignees: string[],
): Promise<{ found: number; cleared: number }> {
  const found = move('INSTALL', 'LICENSE_FOUND_AT_APPLE');
  const moved = await tx.query<{ reserved: boolean; assignee: string }>(
    `WITH hit AS (
       SELECT id, reserved FROM deployment_targets
        WHERE deployment_id = $1 AND license_type = $2::"LicenseType" AND assignee = ANY($3::text[])
          AND state = ANY($4::"TargetState"[]) AND event_id IS NULL AND apple_intent_at IS NOT NULL FOR UPDATE)
     UPDATE deployment_targets t SET state = $5::"TargetState", reserved = false, apple_intent_at = NULL,
            error = NULL, error_code = ${errorCodeSet(found.errorCode)}, updated_at = now()
       FROM hit WHERE t.id = hit.id
     RETURNING hit.reserved, t.assignee`,
    [deployment.id, licenseType, heldAtApple, found.from, found.to],
  );
  const reservationsReleased = moved.rows.filter((row) => row.reserved).length;
  const licensed = [...new Set(moved.rows.map((row) => row.assignee))];
  if (licensed.length > 0 || reservationsReleased > 0) {
    await recordClaimedLicenses(
      tx,
      deployment.token_id,
      storeApp,
      licenseType,
      licensed,
      reservationsReleased,
    );
  }
  const notHeld = assignees.filter((assignee) => !heldAtApple.includes(assignee));
  const cleared = await tx.query(
    `UPDATE deployment_targets SET apple_intent_at = NULL, updated_at = now()
      WHERE deployment_id = $1 AND license_type = $2::"LicenseType" AND assignee = ANY($3::text[])
        AND event_id IS NULL AND apple_intent_at IS NOT NULL`,
    [deployment.id, licenseType, notHeld],
  );
  return { found: moved.rowCount ?? 0, cleared: cleared.rowCount ?? 0 };
}

/**
 * Resolves a release's intent: RELEASE_FOUND_AT_APPLE for the assignees Apple no longer holds
 * (their license record goes, the app's counts move), the intent cleared for those it still holds
 * (released again). Call in a leased transaction under `lockStoreAppOfDeployment`.
 */
export async function resolveReleaseIntents(
  tx: Transaction,
  deployment: Pick<DeploymentWork, 'id' | 'token_id'>,
  storeApp: LockedStoreApp,
  licenseType: LicenseType,
  heldAtApple: string[],
  assignees: string[],
): Promise<{ found: number; cleared: number }> {
  const found = move('UNINSTALL', 'RELEASE_FOUND_AT_APPLE');
  const gone = assignees.filter((assignee) => !heldAtApple.includes(assignee));
  const moved = await tx.query<{ assignee: string }>(
    `UPDATE deployment_targets SET state = $5::"TargetState", apple_intent_at = NULL, error = NULL, updated_at = now()
      WHERE deployment_id = $1 AND license_type = $2::"LicenseType" AND assignee = ANY($3::text[])
        AND state = ANY($4::"TargetState"[]) AND event_id IS NULL AND apple_intent_at IS NOT NULL
      RETURNING assignee`,
    [deployment.id, licenseType, gone, found.from, found.to],
  );
  const released = [...new Set(moved.rows.map((row) => row.assignee))];
  if (released.length > 0) {
    await forgetReleasedLicenses(tx, deployment.token_id, storeApp, licenseType, released);
  }
  const cleared = await tx.query(
    `UPDATE deployment_targets SET apple_intent_at = NULL, updated_at = now()
      WHERE deployment_id = $1 AND license_type = $2::"LicenseType" AND assignee = ANY($3::text[])
        AND event_id IS NULL AND apple_intent_at IS NOT NULL`,
    [deployment.id, licenseType, heldAtApple],
  );
  return { found: moved.rowCount ?? 0, cleared: cleared.rowCount ?? 0 };
}

/** The intent before the effect: these targets' commands are about to go to the MDM. */
export async function recordCommandIntent(tx: Transaction, deploymentId: string, targetIds: string[]) {
  if (targetIds.length === 0) return;
  await tx.query(
    `UPDATE deployment_targets SET command_intent_at = now(), updated_at = now()
      WHERE deployment_id = $1 AND id = ANY($2::uuid[]) AND command_sent_at IS NULL`,
    [deploymentId, targetIds],
  );
}

// ------------------------------------------------------------------ confirming installs (NanoMDM)

/**
 * The device acknowledged the InstallApplication of these targets: remember it once. Returns the
 * targets acknowledged now (a repeated acknowledgement returns none).
 */
export async function markInstallAcknowledged(tx: Transaction, targetIds: string[]): Promise<string[]> {
  const acknowledged = await tx.query<{ id: string }>(
    `UPDATE deployment_targets SET mdm_acknowledged_at = now(), updated_at = now()
      WHERE id = ANY($1::uuid[]) AND state = 'LICENSED' AND mdm_acknowledged_at IS NULL
      RETURNING id`,
    [targetIds],
  );
  return acknowledged.rows.map((row) => row.id);
}

/** The target of an active install deployment, with the app's bundle id, for a confirmation. */
export async function loadInstallToConfirm(
  sql: Sql,
  targetId: string,
): Promise<{ state: string; bundle_id: string | null } | undefined> {
  const found = await sql.query<{ state: string; bundle_id: string | null }>(
    `SELECT t.state::text AS state, s.bundle_id
       FROM deployment_targets t JOIN deployments d ON d.id = t.deployment_id
       JOIN applications a ON a.id = d.application_id JOIN store_apps s ON s.id = a.store_app_id
      WHERE t.id = $1 AND d.status = 'ACTIVE' AND d.action = 'INSTALL'`,
    [targetId],
  );
  return found.rows[0];
}

/** ManagedApplicationList commands went to the device for these targets: remember their ids. */
export async function recordConfirmCommands(
  sql: Sql,
  confirmations: { targetId: string; commandUuid: string }[],
  options: { countsAsCheck: boolean } = { countsAsCheck: true },
): Promise<void> {
  if (confirmations.length === 0) return;
  await sql.query(
    `UPDATE deployment_targets t SET mdm_confirm_command_uuids = t.mdm_confirm_command_uuids || c.uuids,
            mdm_confirm_checks = t.mdm_confirm_checks + CASE WHEN $3 THEN 1 ELSE 0 END,
            mdm_rechecked_at = CASE WHEN $3 THEN t.mdm_rechecked_at ELSE now() END, updated_at = now()
       FROM (SELECT target_id, array_agg(uuid) AS uuids FROM unnest($1::uuid[], $2::text[]) AS u(target_id, uuid)
              GROUP BY target_id) c
      WHERE t.id = c.target_id`,
    [
      confirmations.map((entry) => entry.targetId),
      confirmations.map((entry) => entry.commandUuid),
      options.countsAsCheck,
    ],
  );
}

/**
 * Instead of a second RemoveApplication, the device was asked whether it still has the app: the
 * target waits for that answer as for a command's report.
 */
export async function markDeviceAsked(tx: Transaction, deploymentId: string, targetIds: string[]) {
  if (targetIds.length === 0) return;
  await tx.query(
    `UPDATE deployment_targets SET command_sent_at = now(), mdm_rechecked_at = now(), updated_at = now()
      WHERE deployment_id = $1 AND id = ANY($2::uuid[]) AND command_sent_at IS NULL`,
    [deploymentId, targetIds],
  );
}

/** The command of these targets is to go again (the device does not have what it was sent). */
export async function resendCommands(sql: Sql, targetIds: string[]): Promise<string[]> {
  if (targetIds.length === 0) return [];
  const result = await sql.query<{ deployment_id: string }>(
    `UPDATE deployment_targets SET command_sent_at = NULL, command_intent_at = NULL, mdm_acknowledged_at = NULL,
            updated_at = now()
      WHERE id = ANY($1::uuid[]) AND state IN ('LICENSED', 'PENDING')
      RETURNING deployment_id`,
    [targetIds],
  );
  return [...new Set(result.rows.map((row) => row.deployment_id))];
}

// ------------------------------------------------------------------ the reconciler's reads and fixes

export interface UnreportedCommand {
  target_id: string;
  action: DeploymentAction;
  udid: string;
  bundle_id: string;
  sent: boolean;
}

/**
 * Commands sent (or about to be) with no report for `staleMs`, and not re-checked for as long:
 * install targets still LICENSED, uninstall targets still PENDING, on enrolled devices.
 */
export async function unreportedCommands(
  sql: Sql,
  staleMs: number,
  limit = 500,
): Promise<UnreportedCommand[]> {
  const result = await sql.query<UnreportedCommand>(
    `SELECT t.id AS target_id, dep.action, dv.udid, s.bundle_id, t.command_sent_at IS NOT NULL AS sent
       FROM deployment_targets t JOIN deployments dep ON dep.id = t.deployment_id
       JOIN applications a ON a.id = dep.application_id JOIN store_apps s ON s.id = a.store_app_id
       JOIN devices dv ON dv.id = t.device_id OR (t.device_id IS NULL AND dv.primary_user_id = t.person_id)
      WHERE dep.status = 'ACTIVE' AND dv.udid IS NOT NULL AND s.bundle_id IS NOT NULL
        AND ((dep.action = 'INSTALL' AND t.state = 'LICENSED') OR (dep.action = 'UNINSTALL' AND t.state = 'PENDING'))
        AND coalesce(t.command_sent_at, t.command_intent_at) < now() - $1 * interval '1 millisecond'
        AND t.updated_at < now() - $1 * interval '1 millisecond'
        -- Asked before and still no answer (a device offline): ask again less and less often.
        AND (t.mdm_rechecked_at IS NULL OR t.mdm_rechecked_at <
             now() - $1 * power(2, least(cardinality(t.mdm_confirm_command_uuids), 10)) * interval '1 millisecond')
      ORDER BY t.updated_at LIMIT $2`,
    [staleMs, limit],
  );
  return result.rows;
}

/**
 * RESERVATION_ORPHANED and DEPLOYMENT_STOPPED where they were missed: reservations no claim can use
 * any more go back (targets past PENDING, or of stopped deployments with no Apple event pending),
 * then each app's reserved count is set to what its targets really hold. Returns what moved.
 */
export async function releaseOrphanedReservations(
  tx: Transaction,
): Promise<{ targets: number; appsRecounted: number }> {
  const orphaned = transitionsOn('INSTALL', 'RESERVATION_ORPHANED').map((row) => row.from);
  const stopped = move('INSTALL', 'DEPLOYMENT_STOPPED');
  // Every reservation is counted and given under its app's row lock.
  await tx.query(
    'SELECT id FROM store_apps WHERE reserved_count > 0 OR id IN (SELECT a.store_app_id FROM deployment_targets t JOIN deployments d ON d.id = t.deployment_id JOIN applications a ON a.id = d.application_id WHERE t.reserved) ORDER BY id FOR UPDATE',
  );
  const released = await tx.query(
    `UPDATE deployment_targets t SET reserved = false, updated_at = now()
       FROM deployments d
      WHERE d.id = t.deployment_id AND t.reserved AND d.action = 'INSTALL'
        AND (t.state = ANY($1::"TargetState"[])
          OR (d.status <> 'ACTIVE' AND t.state = ANY($2::"TargetState"[])
              AND (t.event_id IS NULL OR EXISTS (SELECT 1 FROM apple_events e WHERE e.event_id = t.event_id
                                                    AND e.status <> 'PENDING'))))`,
    [orphaned, stopped.from],
  );
  const recounted = await tx.query(
    `WITH held AS (
       SELECT s.id, (SELECT count(*) FROM deployment_targets t JOIN deployments d ON d.id = t.deployment_id
                       JOIN applications a ON a.id = d.application_id
                      WHERE a.store_app_id = s.id AND t.reserved)::int AS n
         FROM store_apps s
        WHERE s.reserved_count > 0 OR EXISTS (SELECT 1 FROM deployment_targets t JOIN deployments d ON d.id = t.deployment_id
                       JOIN applications a ON a.id = d.application_id WHERE a.store_app_id = s.id AND t.reserved))
     UPDATE store_apps s SET reserved_count = held.n FROM held WHERE s.id = held.id AND s.reserved_count <> held.n`,
  );
  return { targets: released.rowCount ?? 0, appsRecounted: recounted.rowCount ?? 0 };
}

/** Active deployments whose every target has settled but that were never marked FINISHED. */
export async function activeDeploymentIds(sql: Sql, limit = 1000): Promise<string[]> {
  const result = await sql.query<{ id: string }>(
    `SELECT id FROM deployments WHERE status = 'ACTIVE' ORDER BY created_at LIMIT $1`,
    [limit],
  );
  return result.rows.map((row) => row.id);
}

/** Adds what the reconciler fixed to its counters (shown on /metrics). */
export async function countReconcilerFixes(sql: Sql, fixes: Record<string, number>): Promise<void> {
  const kinds = Object.entries(fixes).filter(([, count]) => count > 0);
  if (kinds.length === 0) return;
  await sql.query(
    `INSERT INTO deployment_reconciler_fixes (kind, count, updated_at)
     SELECT kind, n, now() FROM unnest($1::text[], $2::bigint[]) AS f(kind, n)
     ON CONFLICT (kind) DO UPDATE SET count = deployment_reconciler_fixes.count + EXCLUDED.count, updated_at = now()`,
    [kinds.map(([kind]) => kind), kinds.map(([, count]) => count)],
  );
}

/** The reconciler's counters, for /metrics. */
export async function reconcilerFixCounts(sql: Sql): Promise<{ kind: string; count: number }[]> {
  const result = await sql.query<{ kind: string; count: string }>(
    'SELECT kind, count FROM deployment_reconciler_fixes ORDER BY kind',
  );
  return result.rows.map((row) => ({ kind: row.kind, count: Number(row.count) }));
}
