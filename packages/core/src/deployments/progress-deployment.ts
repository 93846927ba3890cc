import type { VppClient, VppClientFactory } from '@vpp/apple-vpp-client';
import type { Database } from '@vpp/db/database';
import { devicePlatform, runsOn } from '@vpp/domain/deployments/device-platform';
import { saveInvitationUrlTemplate } from '../inventory/invitation-links.ts';
import { checkAppleEventJob, progressDeploymentJob } from '../jobs/jobs.ts';
import type { MdmCommand, MdmGateway } from '../mdm/mdm-gateway.ts';
import type { TokenCipher } from '../tokens/token-cipher.ts';
import {
  type DeploymentLease,
  inLeasedTransaction,
  keepDeploymentLeaseAlive,
  newDeploymentLease,
} from './deployment-lease.ts';
import {
  assigneesAwaitingApple,
  commandsToSend,
  countReconcilerFixes,
  type DeploymentWork,
  deferCommands,
  finishSettled,
  type LicenseType,
  loadDeploymentWork,
  lockStoreAppOfDeployment,
  markCommandsSent,
  markDeviceAsked,
  markLicenseHeld,
  markRemovedByUninstall,
  recordAppleEvents,
  recordAppleIntent,
  recordCommandIntent,
  recordConfirmCommands,
  releaseDeploymentLease,
  resolveClaimIntents,
  resolveReleaseIntents,
  takeDeploymentLease,
  unresolvedAppleIntents,
} from './deployment-store.ts';

export interface DeploymentDeps {
  database: Database;
  cipher: TokenCipher;
  appleClients: VppClientFactory;
  mdmGateway: MdmGateway | null;
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  config?: { DEPLOYMENT_LEASE_SECONDS: number };
}

/** A step of one deployment: what it works on, under which lease. */
interface Step {
  deps: DeploymentDeps;
  deployment: DeploymentWork;
  lease: DeploymentLease;
}

/**
 * Moves a deployment forward as far as it can go now: licenses already held are confirmed, the rest
 * are claimed at Apple in batches, install or remove commands go to devices, and removed apps'
 * licenses are released. The step holds the deployment's lease (one worker at a time; every write
 * checks it) and records each effect's intent before the effect, so a step that died anywhere is
 * resumed by any worker without claiming twice. Returns false when another worker holds it.
 */
export async function progressDeployment(deps: DeploymentDeps, deploymentId: string): Promise<boolean> {
  const { pool } = deps.database;
  const leaseMs = (deps.config?.DEPLOYMENT_LEASE_SECONDS ?? 30) * 1000;
  const lease = newDeploymentLease(deps.database, deploymentId, leaseMs);
  if (!(await takeDeploymentLease(pool, deploymentId, lease.owner, leaseMs))) return false;
  const stopHeartbeat = keepDeploymentLeaseAlive(lease);
  let nextStepAt: Date | null = null;
  try {
    const deployment = await loadDeploymentWork(pool, deploymentId);
    if (deployment?.status !== 'ACTIVE') return true;
    const step: Step = { deps, deployment, lease };
    const client = deps.appleClients.forToken(deps.cipher.decrypt(deployment.s_token_encrypted));
    if (deployment.action === 'INSTALL') {
      await inLeasedTransaction(lease, (tx) => markLicenseHeld(tx, deployment));
      await manageLicenses(step, client, 'ASSOCIATE');
      nextStepAt = await sendCommands(step, 'LICENSED', 'INSTALL');
    } else {
      nextStepAt = await sendCommands(step, 'PENDING', 'REMOVE');
      await manageLicenses(step, client, 'DISASSOCIATE');
    }
    return true;
  } finally {
    stopHeartbeat();
    // When the database is gone this fails too: the lease then runs out and the step is resumed.
    const requested = await releaseDeploymentLease(pool, deploymentId, lease.owner, nextStepAt).catch(
      () => false,
    );
    if (requested) await progressDeploymentJob.enqueue(pool, { deploymentId }).catch(() => {});
  }
}

/** The licenses Apple holds of the deployment's app among `assignees` (GET /assignments). */
async function heldAtApple(
  client: VppClient,
  deployment: DeploymentWork,
  licenseType: LicenseType,
  assignees: string[],
): Promise<string[]> {
  const wanted = new Set(assignees);
  const held = new Set<string>();
  const pricingParam = deployment.pricing_param as 'STDQ' | 'PLUS';
  if (assignees.length <= 10) {
    // A few: one filtered request each.
    for (const assignee of assignees) {
      const page = await client.getAssignmentsPage({
        adamId: deployment.adam_id,
        pricingParam,
        ...(licenseType === 'DEVICE' ? { serialNumber: assignee } : { clientUserId: assignee }),
      });
      for (const row of page.assignments) {
        const subject = licenseType === 'DEVICE' ? row.serialNumber : row.clientUserId;
        if (subject === assignee && row.adamId === deployment.adam_id) held.add(assignee);
      }
    }
    return [...held];
  }
  for await (const page of client.iterateAssignments({ adamId: deployment.adam_id, pricingParam })) {
    for (const row of page.assignments) {
      const subject = licenseType === 'DEVICE' ? row.serialNumber : row.clientUserId;
      if (subject !== undefined && wanted.has(subject)) held.add(subject);
    }
  }
  return [...held];
}

/**
 * A crash between asking Apple and recording its event id left intents behind: Apple's
 * /assignments say what happened. Claims Apple applied are held (never claimed twice); releases it
 * applied are done; the rest are asked again.
 */
async function resolveAppleIntents(step: Step, client: VppClient, type: 'ASSOCIATE' | 'DISASSOCIATE') {
  const { deps, deployment, lease } = step;
  const state = type === 'ASSOCIATE' ? 'PENDING' : 'REMOVED';
  for (const group of await unresolvedAppleIntents(deps.database.pool, deployment.id, state)) {
    const held = await heldAtApple(client, deployment, group.licenseType, group.assignees);
    const outcome = await inLeasedTransaction(lease, async (tx) => {
      const storeApp = await lockStoreAppOfDeployment(tx, deployment.id);
      if (!storeApp) return { found: 0, cleared: 0 };
      const resolved =
        type === 'ASSOCIATE'
          ? await resolveClaimIntents(tx, deployment, storeApp, group.licenseType, held, group.assignees)
          : await resolveReleaseIntents(tx, deployment, storeApp, group.licenseType, held, group.assignees);
      await countReconcilerFixes(tx, {
        [type === 'ASSOCIATE' ? 'claim_found_at_apple' : 'release_found_at_apple']: resolved.found,
        [type === 'ASSOCIATE' ? 'claim_asked_again' : 'release_asked_again']: resolved.cleared,
      });
      await finishSettled(tx, [deployment.id]);
      return resolved;
    });
    deps.logger.warn(
      { deploymentId: deployment.id, type, licenseType: group.licenseType, ...outcome },
      'resolved Apple requests a crash left unrecorded (by asking /assignments)',
    );
  }
}

/** Apple needs a user before it can hold a license for one: register people who are new to this token. */
async function registerUsers(
  deps: DeploymentDeps,
  deployment: DeploymentWork,
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
  step: Step,
  client: VppClient,
  type: 'ASSOCIATE' | 'DISASSOCIATE',
): Promise<void> {
  const { deps, deployment, lease } = step;
  await resolveAppleIntents(step, client, type);
  const state = type === 'ASSOCIATE' ? 'PENDING' : 'REMOVED';
  for (const group of await assigneesAwaitingApple(deps.database.pool, deployment.id, state)) {
    if (type === 'ASSOCIATE' && group.licenseType === 'USER') {
      await registerUsers(deps, deployment, client, group.assignees);
    }
    // The intent first: if the step dies after Apple took the request, the next one asks Apple.
    await inLeasedTransaction(lease, (tx) =>
      recordAppleIntent(tx, deployment.id, state, group.licenseType, group.assignees),
    );
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
    await inLeasedTransaction(lease, async (tx) => {
      await recordAppleEvents(tx, deployment, type, batches, state);
      for (const batch of batches) {
        await checkAppleEventJob.enqueue(
          tx,
          { eventId: batch.eventId },
          { runAt: new Date(Date.now() + 1000) },
        );
      }
    });
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

/**
 * Install (or remove) commands for targets in `state` that have not had theirs yet. A person's
 * install goes to those of their devices that run the app.
 */
async function sendCommands(
  step: Step,
  state: 'LICENSED' | 'PENDING',
  action: MdmCommand['action'],
): Promise<Date | null> {
  const { deps, deployment, lease } = step;
  if (!deps.mdmGateway) return null;
  const gateway = deps.mdmGateway;
  let devices = await commandsToSend(deps.database.pool, deployment.id, state);
  if (action === 'REMOVE' && gateway.confirmInstalls && deployment.bundle_id !== null) {
    // A RemoveApplication that may have gone out before a crash: ask the device first, as a second
    // RemoveApplication of an app already gone would fail.
    const unsure = devices.filter((device) => device.intent && device.udid !== null);
    if (unsure.length > 0) {
      const bundleId = deployment.bundle_id;
      const asked = await gateway.confirmInstalls(
        unsure.map((device) => ({ commandId: device.target_id, udid: device.udid ?? '', bundleId })),
      );
      // No answer means this MDM cannot be asked: the command is sent again instead.
      if (asked !== undefined) {
        const deferredChecks = new Set(asked.deferred ?? []);
        const checked = unsure.map((device) => device.target_id).filter((id) => !deferredChecks.has(id));
        await inLeasedTransaction(lease, async (tx) => {
          await recordConfirmCommands(
            tx,
            (asked.commandUuids ?? []).map((entry) => ({
              targetId: entry.commandId,
              commandUuid: entry.mdmCommandUuid,
            })),
            { countsAsCheck: false },
          );
          await markDeviceAsked(tx, deployment.id, checked);
          await countReconcilerFixes(tx, { removal_asked_device: checked.length });
        });
        const handled = new Set(checked);
        devices = devices.filter((device) => !handled.has(device.target_id));
      }
    }
  }
  const commands: MdmCommand[] = devices
    .filter((device) => {
      if (action !== 'INSTALL' || deployment.platforms.length === 0) return true;
      const platform = devicePlatform(device.model);
      return platform === null || runsOn(deployment.platforms, platform);
    })
    .map((device) => ({
      commandId: device.target_id,
      serialNumber: device.serial_number,
      action,
      adamId: deployment.adam_id,
      bundleId: deployment.bundle_id,
      udid: device.udid,
      model: device.model,
    }));
  // The intent first: a command that may have gone out is re-checked on the device, not forgotten.
  await inLeasedTransaction(lease, (tx) =>
    recordCommandIntent(tx, deployment.id, [...new Set(commands.map((command) => command.commandId))]),
  );
  const result = commands.length > 0 ? await gateway.send(commands) : undefined;
  const deferred = new Set(result?.deferred ?? []);
  const sent = [...new Set(commands.map((command) => command.commandId))].filter((id) => !deferred.has(id));
  return inLeasedTransaction(lease, async (tx) => {
    const nothingToRemove = await markCommandsSent(tx, deployment.id, deployment.action, state, sent, {
      deferredTargetIds: [...deferred],
      commandUuids: (result?.commandUuids ?? []).map((entry) => ({
        targetId: entry.commandId,
        commandUuid: entry.mdmCommandUuid,
      })),
    });
    const installs = await markRemovedByUninstall(tx, nothingToRemove);
    await finishSettled(tx, [deployment.id, ...installs]);
    const attempts = await deferCommands(tx, deployment.id, [...deferred]);
    if (attempts === 0) return null;
    // Backoff: 5 s, 10 s, 20 s, … up to an hour; the licenses already held stay held.
    const delayMs = Math.min(3_600_000, 5000 * 2 ** Math.min(attempts - 1, 20));
    // Its own key: the backoff does not replace a progress step queued meanwhile.
    await progressDeploymentJob.enqueue(
      tx,
      { deploymentId: deployment.id },
      { key: `deployment-commands:${deployment.id}`, runAt: new Date(Date.now() + delayMs) },
    );
    deps.logger.warn(
      { deploymentId: deployment.id, deferred: deferred.size, attempts, retryInMs: delayMs },
      'MDM commands deferred',
    );
    return new Date(Date.now() + delayMs);
  });
}
