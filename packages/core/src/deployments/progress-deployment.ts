import type { VppClient, VppClientFactory } from '@vpp/apple-vpp-client';
import type { Database } from '@vpp/db/database';
import { enqueueJobWithPg } from '@vpp/job-queue/job-queue';
import type pg from 'pg';
import { saveInvitationUrlTemplate } from '../inventory/invitation-links.ts';
import type { MdmCommand, MdmGateway } from '../mdm/mdm-gateway.ts';
import type { TokenCipher } from '../tokens/token-cipher.ts';
import { CHECK_APPLE_EVENT_TASK } from './deployment-tasks.ts';

export interface DeploymentDeps {
  database: Database;
  cipher: TokenCipher;
  appleClients: VppClientFactory;
  mdmGateway: MdmGateway | null;
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

interface DeploymentRow {
  id: string;
  action: 'INSTALL' | 'UNINSTALL';
  status: 'ACTIVE' | 'STOPPED';
  store_app_id: string;
  token_id: string;
  adam_id: string;
  pricing_param: string;
  s_token_encrypted: Buffer;
}

async function loadDeployment(pool: pg.Pool, deploymentId: string): Promise<DeploymentRow | undefined> {
  const result = await pool.query<DeploymentRow>(
    `SELECT d.id, d.action, d.status, s.id AS store_app_id, s.token_id, s.adam_id, s.pricing_param, t.s_token_encrypted
       FROM deployments d JOIN applications a ON a.id = d.application_id JOIN store_apps s ON s.id = a.store_app_id
       JOIN vpp_tokens t ON t.id = s.token_id
      WHERE d.id = $1`,
    [deploymentId],
  );
  return result.rows[0];
}

/**
 * Moves a deployment forward as far as it can go now: licenses already held are confirmed, the rest
 * are claimed at Apple in batches, install or remove commands go to devices, and removed apps'
 * licenses are released. Every step is idempotent, so a retried or repeated job does no harm.
 */
export async function progressDeployment(deps: DeploymentDeps, deploymentId: string): Promise<void> {
  const { pool } = deps.database;
  const deployment = await loadDeployment(pool, deploymentId);
  if (!deployment || deployment.status !== 'ACTIVE') return;
  const client = deps.appleClients.forToken(deps.cipher.decrypt(deployment.s_token_encrypted));
  if (deployment.action === 'INSTALL') {
    await confirmHeldLicenses(pool, deployment);
    await manageLicenses(deps, deployment, client, 'ASSOCIATE');
    await sendCommands(deps, deployment, 'LICENSED', 'INSTALL');
  } else {
    await sendCommands(deps, deployment, 'PENDING', 'REMOVE');
    await manageLicenses(deps, deployment, client, 'DISASSOCIATE');
  }
}

/** Targets whose license Apple already shows (from a sync or an earlier claim) need no claim. */
async function confirmHeldLicenses(pool: pg.Pool, deployment: DeploymentRow): Promise<void> {
  await pool.query(
    `UPDATE deployment_targets t SET state = 'LICENSED', updated_at = now()
      WHERE t.deployment_id = $1 AND t.state = 'PENDING' AND NOT t.reserved AND t.event_id IS NULL
        AND EXISTS (SELECT 1 FROM license_assignments l
                     WHERE l.token_id = $2 AND l.adam_id = $3 AND l.pricing_param = $4
                       AND l.license_type = t.license_type AND l.assignee = t.assignee)`,
    [deployment.id, deployment.token_id, deployment.adam_id, deployment.pricing_param],
  );
}

async function recordEvents(
  pool: pg.Pool,
  deployment: DeploymentRow,
  type: 'ASSOCIATE' | 'DISASSOCIATE' | 'CREATE',
  batches: { eventId: string; assignees: string[]; licenseType: 'DEVICE' | 'USER' }[],
  targetState: string,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (const batch of batches) {
      await client.query(
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
      if (type !== 'CREATE') {
        await client.query(
          `UPDATE deployment_targets SET event_id = $2, updated_at = now()
            WHERE deployment_id = $1 AND state = $3::"TargetState" AND license_type = $4::"LicenseType"
              AND assignee = ANY($5::text[]) AND event_id IS NULL`,
          [deployment.id, batch.eventId, targetState, batch.licenseType, batch.assignees],
        );
      }
      await enqueueJobWithPg(
        client,
        CHECK_APPLE_EVENT_TASK,
        { eventId: batch.eventId },
        {
          jobKey: `apple-event:${batch.eventId}`,
          runAt: new Date(Date.now() + 1000),
        },
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Groups distinct assignees of the given targets by license type. */
async function assigneesByType(
  pool: pg.Pool,
  deploymentId: string,
  state: string,
): Promise<{ licenseType: 'DEVICE' | 'USER'; assignees: string[] }[]> {
  const result = await pool.query<{ license_type: 'DEVICE' | 'USER'; assignees: string[] }>(
    `SELECT license_type, array_agg(DISTINCT assignee ORDER BY assignee) AS assignees FROM deployment_targets
      WHERE deployment_id = $1 AND state = $2::"TargetState" AND event_id IS NULL AND assignee <> ''
      GROUP BY license_type`,
    [deploymentId, state],
  );
  return result.rows.map((row) => ({ licenseType: row.license_type, assignees: row.assignees }));
}

/** Apple needs a user before it can hold a license for one: register people who are new to this token. */
async function registerUsers(
  deps: DeploymentDeps,
  deployment: DeploymentRow,
  client: VppClient,
  clientUserIds: string[],
) {
  const { pool } = deps.database;
  const missing = await pool.query<{
    client_user_id: string;
    email: string;
    managed_apple_id: string | null;
  }>(
    `SELECT p.client_user_id, p.email, p.managed_apple_id FROM people p
      WHERE p.client_user_id = ANY($2::text[])
        AND NOT EXISTS (SELECT 1 FROM vpp_users u WHERE u.token_id = $1 AND u.client_user_id = p.client_user_id
                          AND u.status <> 'Retired')`,
    [deployment.token_id, clientUserIds],
  );
  if (missing.rows.length === 0) return;
  const submission = await client.createUsers(
    missing.rows.map((row) => ({
      clientUserId: row.client_user_id,
      email: row.email,
      ...(row.managed_apple_id ? { managedAppleId: row.managed_apple_id } : {}),
    })),
  );
  // Wait for Apple to create them (seconds): associating before that fails with 9609.
  for (const eventId of submission.eventIds) {
    for (let attempt = 0; ; attempt += 1) {
      const status = await client.getEventStatus(eventId);
      if (status.eventStatus !== 'PENDING') break;
      if (attempt > 120) throw new Error(`Apple has not created the users of event ${eventId} yet`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 200 * (attempt + 1))));
    }
  }
  await refreshVppUsers(
    deps,
    deployment.token_id,
    client,
    missing.rows.map((row) => row.client_user_id),
  );
}

/** Reads the users back from Apple: status, and the invitation code of those still Registered. */
export async function refreshVppUsers(
  deps: Pick<DeploymentDeps, 'database'>,
  tokenId: string,
  client: VppClient,
  clientUserIds: string[],
): Promise<void> {
  const wanted = new Set(clientUserIds);
  const rows: {
    clientUserId: string;
    email: string | null;
    status: string;
    inviteCode: string | null;
    idHash: string | null;
  }[] = [];
  for await (const page of client.iterateUsers({})) {
    for (const user of page.users) {
      if (!wanted.has(user.clientUserId)) continue;
      rows.push({
        clientUserId: user.clientUserId,
        email: user.email ?? null,
        status: user.status,
        inviteCode: user.inviteCode ?? null,
        idHash: user.idHash ?? null,
      });
    }
  }
  if (rows.length === 0) return;
  const serviceConfig = await client.getServiceConfig();
  await saveInvitationUrlTemplate(deps.database.prisma, serviceConfig.urls.invitationEmail);
  await deps.database.pool.query(
    `INSERT INTO vpp_users (token_id, client_user_id, email, status, invite_code, id_hash, updated_at)
     SELECT $1, u.client_user_id, u.email, u.status, u.invite_code, u.id_hash, now()
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
            AS u(client_user_id, email, status, invite_code, id_hash)
     ON CONFLICT (token_id, client_user_id) DO UPDATE SET
       email = EXCLUDED.email, status = EXCLUDED.status, invite_code = EXCLUDED.invite_code,
       id_hash = EXCLUDED.id_hash, updated_at = now()`,
    [
      tokenId,
      rows.map((row) => row.clientUserId),
      rows.map((row) => row.email),
      rows.map((row) => row.status),
      rows.map((row) => row.inviteCode),
      rows.map((row) => row.idHash),
    ],
  );
}

/**
 * Claims (associate) or releases (disassociate) the licenses of the targets in `state` that have no
 * Apple event yet, in batches within Apple's limits; each batch's event is recorded and then polled.
 */
async function manageLicenses(
  deps: DeploymentDeps,
  deployment: DeploymentRow,
  client: VppClient,
  type: 'ASSOCIATE' | 'DISASSOCIATE',
): Promise<void> {
  const state = type === 'ASSOCIATE' ? 'PENDING' : 'REMOVED';
  for (const group of await assigneesByType(deps.database.pool, deployment.id, state)) {
    if (type === 'ASSOCIATE' && group.licenseType === 'USER') {
      await registerUsers(deps, deployment, client, group.assignees);
    }
    const input = {
      assets: [{ adamId: deployment.adam_id, pricingParam: deployment.pricing_param as 'STDQ' | 'PLUS' }],
      ...(group.licenseType === 'DEVICE'
        ? { serialNumbers: group.assignees }
        : { clientUserIds: group.assignees }),
    };
    const submission =
      type === 'ASSOCIATE' ? await client.associateAssets(input) : await client.disassociateAssets(input);
    const batches = submission.batches.map((batch) => ({
      eventId: batch.eventId,
      licenseType: group.licenseType,
      assignees:
        (group.licenseType === 'DEVICE' ? batch.request.serialNumbers : batch.request.clientUserIds) ?? [],
    }));
    await recordEvents(deps.database.pool, deployment, type, batches, state);
    deps.logger.info(
      {
        deploymentId: deployment.id,
        type,
        licenseType: group.licenseType,
        licenses: group.assignees.length,
        events: batches.length,
      },
      'submitted licenses to Apple',
    );
  }
}

/** Install (or remove) commands for targets in `state` that have not had theirs yet. */
async function sendCommands(
  deps: DeploymentDeps,
  deployment: DeploymentRow,
  state: 'LICENSED' | 'PENDING',
  action: MdmCommand['action'],
): Promise<void> {
  if (!deps.mdmGateway) return;
  const { pool } = deps.database;
  // A device target goes to its device; a person's target goes to every device they are the primary user of.
  const result = await pool.query<{ target_id: string; serial_number: string }>(
    `SELECT t.id AS target_id, d.serial_number FROM deployment_targets t JOIN devices d ON d.id = t.device_id
      WHERE t.deployment_id = $1 AND t.state = $2::"TargetState" AND t.command_sent_at IS NULL AND t.device_id IS NOT NULL
     UNION ALL
     SELECT t.id, d.serial_number FROM deployment_targets t JOIN devices d ON d.primary_user_id = t.person_id
      WHERE t.deployment_id = $1 AND t.state = $2::"TargetState" AND t.command_sent_at IS NULL AND t.device_id IS NULL`,
    [deployment.id, state],
  );
  const commands: MdmCommand[] = result.rows.map((row) => ({
    commandId: row.target_id,
    serialNumber: row.serial_number,
    action,
    adamId: deployment.adam_id,
  }));
  if (commands.length > 0) await deps.mdmGateway.send(commands);
  // A person without a device: an install has nowhere to go (the license stays theirs); a removal has
  // nothing to remove, so the license can be released at once.
  await pool.query(
    `UPDATE deployment_targets SET command_sent_at = now(), updated_at = now(),
            state = CASE WHEN id = ANY($3::uuid[]) OR $4 = 'INSTALL' THEN state ELSE 'REMOVED' END,
            error = CASE WHEN id = ANY($3::uuid[]) THEN error
                         WHEN $4 = 'INSTALL' THEN 'No device to install on: the person is no device''s primary user.'
                         ELSE error END
      WHERE deployment_id = $1 AND state = $2::"TargetState" AND command_sent_at IS NULL`,
    [deployment.id, state, [...new Set(commands.map((command) => command.commandId))], action],
  );
}
