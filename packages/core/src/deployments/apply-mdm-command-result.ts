import type { Database } from '@vpp/db/database';
import { type CommandResultWebhookEvent, describeErrorChain } from '@vpp/nanomdm-client/webhook';
import { applyDeviceReports, type DeviceReportsOutcome } from './apply-device-reports.ts';
import { targetsOfMdmCommand } from './deployment-store.ts';

// A NanoMDM command result for a deployment's InstallApplication or RemoveApplication, applied as
// the device's report: Acknowledged means installed (or removed: only then is the license released,
// by the deployment's next step), Error means FAILED with the device's error chain in plain words.
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
  const error =
    outcome === 'Acknowledged' ? undefined : (event.errorText ?? describeErrorChain(event.errorChain));
  return applyDeviceReports(database, {
    events: targets.map((target) => ({
      commandId: target.target_id,
      serialNumber: udid,
      status: error !== undefined ? 'FAILED' : target.action === 'INSTALL' ? 'INSTALLED' : 'REMOVED',
      ...(error !== undefined ? { error } : {}),
    })),
  });
}
