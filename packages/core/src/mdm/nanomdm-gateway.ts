import type { MdmConnection } from '@vpp/config/config';
import {
  buildInstallApplication,
  buildManagedApplicationList,
  buildRemoveApplication,
  devicePlatformOf,
} from '@vpp/nanomdm-client/commands';
import type { NanoMdmClient, NanoMdmLogger } from '@vpp/nanomdm-client/enqueue';
import { createNanoMdmClient } from '@vpp/nanomdm-client/enqueue';
import { sendToEnrollments } from '@vpp/nanomdm-client/send';
import type { MdmCommand, MdmGateway, MdmInstallCheck, MdmSendResult } from './mdm-gateway.ts';

// The deployment driver's device side when the MDM is NanoMDM or NanoHUB: each command becomes an
// InstallApplication (the app's iTunesStoreID, PurchaseMethod 1: the Volume Purchase license the
// deployment has just assigned) or a RemoveApplication (the app's bundle id), enqueued to the
// devices' UDIDs. Per target the outcome is known: the CommandUUID its result will come back with
// by webhook, or deferred (MDM down, 207 partial, timeout, no UDID yet) to be tried again with a
// new command. Nothing here touches Apple: a deferred target keeps the license it already holds.

type NanoMdmConnection = Extract<MdmConnection, { kind: 'nanomdm' | 'nanohub' }>;

export function createNanoMdmGateway(client: NanoMdmClient): MdmGateway {
  return {
    async send(commands) {
      const result: MdmSendResult = { commandUuids: [], deferred: [] };
      const sentTargets = new Set<string>();
      const triedTargets = new Set<string>();
      for (const action of ['INSTALL', 'REMOVE'] as const) {
        // One command per app and action: a deployment sends one app.
        const byApp = new Map<string, MdmCommand[]>();
        for (const command of commands) {
          if (command.action !== action) continue;
          triedTargets.add(command.commandId);
          if (!command.udid) continue;
          if (action === 'REMOVE' && !command.bundleId) continue;
          const key = `${command.adamId}\u0000${command.bundleId ?? ''}`;
          byApp.set(key, [...(byApp.get(key) ?? []), command]);
        }
        for (const group of byApp.values()) {
          const first = group[0]!;
          const byUdid = new Map<string, string[]>();
          for (const command of group) {
            byUdid.set(command.udid!, [...(byUdid.get(command.udid!) ?? []), command.commandId]);
          }
          const outcomes = await sendToEnrollments(
            client,
            group.map((command) => ({
              enrollmentId: command.udid!,
              platform: devicePlatformOf({ modelName: command.model ?? '' }) ?? 'iPadOS',
            })),
            (platform) =>
              action === 'INSTALL'
                ? buildInstallApplication({ iTunesStoreId: first.adamId, platform })
                : buildRemoveApplication({ bundleId: first.bundleId! }),
          );
          for (const outcome of outcomes) {
            // A timeout after the request went out: the device may still run it, so its result is
            // recognised, but the target is tried again (a second install of the same app is harmless).
            if (!outcome.sent && !outcome.mayHaveBeenQueued) continue;
            for (const targetId of byUdid.get(outcome.enrollmentId) ?? []) {
              if (outcome.sent) sentTargets.add(targetId);
              result.commandUuids.push({ commandId: targetId, mdmCommandUuid: outcome.commandUuid });
            }
          }
        }
      }
      result.deferred = [...triedTargets].filter((targetId) => !sentTargets.has(targetId));
      return result;
    },
    async confirmInstalls(checks) {
      // One ManagedApplicationList per bundle id, limited to it (the answer stays small).
      const result: MdmSendResult = { commandUuids: [], deferred: [] };
      const byBundle = new Map<string, MdmInstallCheck[]>();
      for (const check of checks)
        byBundle.set(check.bundleId, [...(byBundle.get(check.bundleId) ?? []), check]);
      for (const [bundleId, group] of byBundle) {
        const outcomes = await sendToEnrollments(
          client,
          group.map((check) => ({ enrollmentId: check.udid, platform: 'iPadOS' as const })),
          () => buildManagedApplicationList({ bundleIds: [bundleId] }),
        );
        const sent = new Set<string>();
        for (const outcome of outcomes) {
          if (!outcome.sent) continue;
          for (const check of group) {
            if (check.udid !== outcome.enrollmentId) continue;
            sent.add(check.commandId);
            result.commandUuids.push({ commandId: check.commandId, mdmCommandUuid: outcome.commandUuid });
          }
        }
        for (const check of group) if (!sent.has(check.commandId)) result.deferred.push(check.commandId);
      }
      return result;
    },
  };
}

export function nanoMdmGatewayFromConnection(
  connection: NanoMdmConnection,
  logger?: NanoMdmLogger,
): MdmGateway {
  return createNanoMdmGateway(
    createNanoMdmClient({
      kind: connection.kind,
      url: connection.url,
      apiKey: connection.apiKey,
      ...(logger ? { logger } : {}),
    }),
  );
}
