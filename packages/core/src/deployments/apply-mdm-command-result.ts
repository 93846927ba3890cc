import type { Database } from '@vpp/db/database';
import { withTransaction } from '@vpp/db/transaction';
import { type CommandResultWebhookEvent, describeErrorChain } from '@vpp/nanomdm-client/webhook';
import { applyDeviceReports, type DeviceReportsOutcome } from './apply-device-reports.ts';
import {
  applyInstallConfirmations,
  applyRemovalChecks,
  recordInstallAcknowledged,
} from './confirm-mdm-installs.ts';
import { targetsOfMdmCommand } from './deployment-store.ts';

// A NanoMDM command result for a deployment's InstallApplication, RemoveApplication or the
// ManagedApplicationList that confirms an install, applied as the device's report:
// - an acknowledged RemoveApplication means REMOVED (only then is the license released, by the
//   deployment's next step);
// - an acknowledged InstallApplication only means accepted: a ManagedApplicationList is queued, and
//   its answer moves the target to INSTALLED (the app is `Managed`) or FAILED (missing or failed);
// - Error means FAILED with the device's error chain in plain words.
// NotNow changes nothing: NanoMDM keeps the command and the device gets it at its next check-in.
// A repeated delivery finds its targets no longer waiting and changes nothing.

export async function applyMdmCommandResult(
  database: Database,
  event: CommandResultWebhookEvent,
): Promise<DeviceReportsOutcome> {
  const outcome = event.status;
  const final = outcome === 'Acknowledged' || outcome === 'Error' || outcome === 'CommandFormatError';
  if (!final || event.commandUuid === undefined) return { applied: 0, ignored: 0 };
  const udid = event.udid ?? event.enrollmentId;
  const targets = await targetsOfMdmCommand(database.pool, event.commandUuid, udid);
  if (targets.length === 0) return { applied: 0, ignored: 0 };
  if (outcome !== 'Acknowledged') {
    const error = event.errorText ?? describeErrorChain(event.errorChain);
    return applyDeviceReports(database, {
      events: targets.map((target) => ({
        commandId: target.target_id,
        serialNumber: udid,
        status: 'FAILED',
        error,
      })),
    });
  }
  let applied = 0;
  const confirmations = targets.filter((target) => target.action === 'INSTALL' && target.confirmation);
  const installAcks = targets.filter((target) => target.action === 'INSTALL' && !target.confirmation);
  const removalChecks = targets.filter((target) => target.action === 'UNINSTALL' && target.confirmation);
  const removals = targets.filter((target) => target.action === 'UNINSTALL' && !target.confirmation);
  if (removalChecks.length > 0) {
    applied += await applyRemovalChecks(database, removalChecks, udid, event.managedApplications ?? []);
  }
  if (confirmations.length > 0) {
    applied += await applyInstallConfirmations(
      database,
      confirmations,
      udid,
      event.managedApplications ?? [],
    );
  }
  if (installAcks.length > 0) {
    await withTransaction(database, (tx) =>
      recordInstallAcknowledged(
        tx,
        installAcks.map((target) => target.target_id),
        udid,
      ),
    );
  }
  if (removals.length > 0) {
    applied += (
      await applyDeviceReports(database, {
        events: removals.map((target) => ({
          commandId: target.target_id,
          serialNumber: udid,
          status: 'REMOVED' as const,
        })),
      })
    ).applied;
  }
  return { applied, ignored: 0 };
}
