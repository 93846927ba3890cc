import type { VppClientFactory } from '@vpp/apple-vpp-client';
import type { EventStatus } from '@vpp/apple-vpp-client/schemas';
import type { Database } from '@vpp/db/database';
import { enqueueJobWithPg } from '@vpp/job-queue/job-queue';
import type { TokenCipher } from '../tokens/token-cipher.ts';
import { PROGRESS_DEPLOYMENT_TASK } from './deployment-tasks.ts';

export interface AppleEventDeps {
  database: Database;
  cipher: TokenCipher;
  appleClients: VppClientFactory;
}

interface EventSubject {
  deploymentId: string;
  licenseType: 'DEVICE' | 'USER';
  assignees: string[];
}

export type EventCheckOutcome = 'pending' | 'applied' | 'unknown';

const APPLE_REASONS: Record<number, string> = {
  9709: 'Apple has no license of this app left for this target. Buy more: the next sync retries it.',
  9609: 'Apple does not know this user at this location.',
  9707: 'This app cannot be licensed to devices.',
};

/** Which assignees an event's failures name, with the reason and code for each. */
function failedAssignees(status: EventStatus): Map<string, { code: string; reason: string }> {
  const failed = new Map<string, { code: string; reason: string }>();
  for (const failure of status.failures ?? []) {
    const info = failure.errorInfo ?? {};
    const code = failure.errorNumber === 9709 ? 'NO_LICENSE_AVAILABLE' : `APPLE_${failure.errorNumber}`;
    const reason =
      APPLE_REASONS[failure.errorNumber] ??
      `Apple refused it: ${failure.errorMessage} (${failure.errorNumber}).`;
    for (const assignee of [...(info.serialNumbers ?? []), ...(info.clientUserIds ?? [])])
      failed.set(assignee, { code, reason });
  }
  return failed;
}

/**
 * Asks Apple how an associate or disassociate event ended and applies it: targets become LICENSED
 * or LICENSE_RELEASED (the license record and the app's counts move at once, without waiting for
 * the next sync) or FAILED with Apple's reason; the reservations the event covered are returned.
 * A FAILED event can be a partial success: only the assignees it names failed.
 */
export async function checkAppleEvent(deps: AppleEventDeps, eventId: string): Promise<EventCheckOutcome> {
  const { pool } = deps.database;
  const found = await pool.query<{
    type: string;
    status: string;
    subject: EventSubject;
    token_id: string;
    s_token_encrypted: Buffer;
  }>(
    `SELECT e.type, e.status, e.subject, e.token_id, t.s_token_encrypted
       FROM apple_events e JOIN vpp_tokens t ON t.id = e.token_id WHERE e.event_id = $1`,
    [eventId],
  );
  const event = found.rows[0];
  if (!event) return 'unknown';
  if (event.status !== 'PENDING') return 'applied';
  const client = deps.appleClients.forToken(deps.cipher.decrypt(event.s_token_encrypted));
  const status = await client.getEventStatus(eventId);
  if (status.eventStatus === 'PENDING') {
    await pool.query('UPDATE apple_events SET checked_at = now() WHERE event_id = $1', [eventId]);
    return 'pending';
  }
  const failed = failedAssignees(status);
  const succeeded = event.subject.assignees.filter((assignee) => !failed.has(assignee));
  const { deploymentId, licenseType } = event.subject;

  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    // Claimed once: a second check of the same event (a retried job) finds it done.
    const claimed = await db.query(
      `UPDATE apple_events SET status = $2, num_completed = $3, failures = $4, finished_at = now(), checked_at = now()
        WHERE event_id = $1 AND status = 'PENDING'`,
      [
        eventId,
        status.eventStatus,
        status.numCompleted ?? succeeded.length,
        JSON.stringify(status.failures ?? []),
      ],
    );
    if (claimed.rowCount === 0) {
      await db.query('ROLLBACK');
      return 'applied';
    }
    const app = await db.query<{ id: string; adam_id: string; pricing_param: string }>(
      `SELECT s.id, s.adam_id, s.pricing_param FROM deployments d JOIN applications a ON a.id = d.application_id
         JOIN store_apps s ON s.id = a.store_app_id WHERE d.id = $1 FOR UPDATE OF s`,
      [deploymentId],
    );
    const storeApp = app.rows[0];
    if (storeApp && event.type === 'ASSOCIATE') {
      const inserted = await db.query(
        `INSERT INTO license_assignments (token_id, adam_id, pricing_param, license_type, assignee, first_seen_at)
         SELECT $1, $2, $3, $4::"LicenseType", unnest($5::text[]), now()
         ON CONFLICT DO NOTHING`,
        [event.token_id, storeApp.adam_id, storeApp.pricing_param, licenseType, succeeded],
      );
      const reservedTargets = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM deployment_targets
          WHERE deployment_id = $1 AND event_id = $2 AND state = 'PENDING' AND reserved`,
        [deploymentId, eventId],
      );
      await db.query(
        `UPDATE deployment_targets SET
           state = CASE WHEN assignee = ANY($3::text[]) THEN 'LICENSED'::"TargetState" ELSE 'FAILED'::"TargetState" END,
           error = CASE WHEN assignee = ANY($3::text[]) THEN NULL ELSE ($4::jsonb ->> assignee) END,
           error_code = CASE WHEN assignee = ANY($3::text[]) THEN NULL ELSE ($5::jsonb ->> assignee) END,
           reserved = false, updated_at = now()
          WHERE deployment_id = $1 AND event_id = $2 AND state = 'PENDING'`,
        [
          deploymentId,
          eventId,
          succeeded,
          JSON.stringify(Object.fromEntries([...failed].map(([assignee, why]) => [assignee, why.reason]))),
          JSON.stringify(Object.fromEntries([...failed].map(([assignee, why]) => [assignee, why.code]))),
        ],
      );
      // The event covered this many reservations; the licenses Apple gave now count as assigned.
      await db.query(
        `UPDATE store_apps SET
           reserved_count = greatest(0, reserved_count - $2),
           assigned_count = assigned_count + $3,
           available_count = CASE WHEN unlimited THEN available_count ELSE greatest(0, available_count - $3) END,
           updated_at = now()
         WHERE id = $1`,
        [storeApp.id, reservedTargets.rows[0]?.n ?? 0, inserted.rowCount ?? 0],
      );
    } else if (storeApp && event.type === 'DISASSOCIATE') {
      const removed = await db.query(
        `DELETE FROM license_assignments WHERE token_id = $1 AND adam_id = $2 AND pricing_param = $3
            AND license_type = $4::"LicenseType" AND assignee = ANY($5::text[])`,
        [event.token_id, storeApp.adam_id, storeApp.pricing_param, licenseType, succeeded],
      );
      await db.query(
        `UPDATE deployment_targets SET
           state = CASE WHEN assignee = ANY($3::text[]) THEN 'LICENSE_RELEASED'::"TargetState" ELSE 'FAILED'::"TargetState" END,
           error = CASE WHEN assignee = ANY($3::text[]) THEN NULL ELSE 'Apple did not release the license.' END,
           updated_at = now()
          WHERE deployment_id = $1 AND event_id = $2 AND state = 'REMOVED'`,
        [deploymentId, eventId, succeeded],
      );
      await db.query(
        `UPDATE store_apps SET assigned_count = greatest(0, assigned_count - $2),
           available_count = CASE WHEN unlimited THEN available_count ELSE available_count + $2 END, updated_at = now()
         WHERE id = $1`,
        [storeApp.id, removed.rowCount ?? 0],
      );
    }
    // Licensed targets get their install command next.
    if (event.type === 'ASSOCIATE') {
      await enqueueJobWithPg(
        db,
        PROGRESS_DEPLOYMENT_TASK,
        { deploymentId },
        { jobKey: `deployment:${deploymentId}` },
      );
    }
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    db.release();
  }
  return 'applied';
}
