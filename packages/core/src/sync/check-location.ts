import type { VppClient } from '@vpp/apple-vpp-client';
import type { ClientConfig } from '@vpp/apple-vpp-client/schemas';
import {
  NOTIFICATION_TYPES,
  notificationSecret,
  notificationUrl,
} from '../notifications/apple-notifications.ts';
import { installationId, lastFullSyncKnownToApple, ourMdmInfo } from '../settings/installation-identity.ts';
import type { SyncDeps } from './sync-deps.ts';
import { PermanentSyncFailure, withTokenErrors } from './sync-failures.ts';
import { type LeasedRun, markRestoreSuspected, type TokenForSync } from './sync-run-store.ts';

/**
 * Before any data: the location must still be ours (another MDM that took it over stops our syncs),
 * our mdmInfo and notification URL are put in place, and a database older than the last full sync
 * Apple remembers is flagged as restored.
 */
export async function checkLocation(
  deps: SyncDeps,
  run: LeasedRun,
  client: VppClient,
  token: TokenForSync,
): Promise<{ config: ClientConfig; ourId: string }> {
  const config = await withTokenErrors(() => client.getClientConfig());
  const ourId = await (deps.installationId ?? (() => installationId(deps.database.prisma)))();
  if (config.mdmInfo?.id && config.mdmInfo.id !== ourId) {
    throw new PermanentSyncFailure(
      'IN_USE_ELSEWHERE',
      `Another MDM (${config.mdmInfo.name || 'unnamed'}) manages this location. Syncs stop until you take it over.`,
      config.mdmInfo,
    );
  }
  if (!config.mdmInfo?.id)
    await withTokenErrors(() => client.updateClientConfig({ mdmInfo: ourMdmInfo(ourId) }));
  if (deps.notifications) await askForNotifications(deps, run, client, config);
  const knownToApple = lastFullSyncKnownToApple(config.mdmInfo?.metadata);
  if (knownToApple && (!token.lastFullSyncAt || knownToApple.getTime() > token.lastFullSyncAt.getTime())) {
    deps.logger.info(
      { syncRunId: run.id, tokenId: run.tokenId, knownToApple },
      'Apple knows a newer full sync than this database holds: the database was restored',
    );
    await markRestoreSuspected(deps.database.pool, run.tokenId);
  }
  return { config, ourId };
}

async function askForNotifications(
  deps: SyncDeps,
  run: LeasedRun,
  client: VppClient,
  config: ClientConfig,
): Promise<void> {
  if (!deps.notifications) return;
  const wanted = notificationUrl(deps.notifications.baseUrl, run.tokenId);
  if (config.notificationUrl === wanted) return;
  // Apple tests the URL before it accepts it; a console Apple cannot reach still syncs by polling.
  await client
    .updateClientConfig({
      notificationUrl: wanted,
      notificationAuthToken: notificationSecret(deps.notifications.encryptionKey, run.tokenId),
      notificationTypes: [...NOTIFICATION_TYPES],
    })
    .catch((error: unknown) =>
      deps.logger.warn({ err: error, tokenId: run.tokenId }, 'Apple refused the notification URL'),
    );
}
