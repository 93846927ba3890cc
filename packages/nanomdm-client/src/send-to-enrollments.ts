import type { DevicePlatform, MdmCommandPlist } from './mdm-commands.ts';
import type { NanoMdmClient } from './nanomdm-client.ts';
import { NanoMdmError } from './nanomdm-error.ts';

// One command for many devices, as the deployment driver needs it: grouped by platform (an install
// differs on macOS), cut into requests of at most `batchSize` ids, each request with its own
// CommandUUID. Failures never throw: each target gets its own outcome, so a 207, a timeout or a
// down server leaves exactly the affected targets to retry later, each with a new command.

export interface EnrollmentTarget {
  /** NanoMDM's enrollment id (the UDID of a device channel). */
  enrollmentId: string;
  platform: DevicePlatform;
}

export type TargetOutcome =
  | {
      enrollmentId: string;
      sent: true;
      /** Results for this target come back as webhooks with this CommandUUID. */
      commandUuid: string;
      /** False when only the APNs push failed: the device gets the command at its next check-in. */
      pushed: boolean;
    }
  | {
      enrollmentId: string;
      sent: false;
      /** The command that was tried (results will not come for it, unless `mayHaveBeenQueued`). */
      commandUuid: string;
      reason: string;
      /** Try again later with a new command; false: a person must fix the configuration first. */
      retryable: boolean;
      /** A timeout after the request went out: the device may still run this command. */
      mayHaveBeenQueued: boolean;
    };

export async function sendToEnrollments(
  client: NanoMdmClient,
  targets: readonly EnrollmentTarget[],
  buildCommand: (platform: DevicePlatform) => MdmCommandPlist,
  options: { batchSize?: number; noPush?: boolean } = {},
): Promise<TargetOutcome[]> {
  const batchSize = options.batchSize ?? 100;
  const byPlatform = new Map<DevicePlatform, string[]>();
  for (const target of targets) {
    const ids = byPlatform.get(target.platform) ?? [];
    if (!ids.includes(target.enrollmentId)) ids.push(target.enrollmentId);
    byPlatform.set(target.platform, ids);
  }
  const outcomes: TargetOutcome[] = [];
  for (const [platform, ids] of byPlatform) {
    for (let start = 0; start < ids.length; start += batchSize) {
      const batch = ids.slice(start, start + batchSize);
      const command = buildCommand(platform);
      try {
        const result = await client.enqueue(batch, command, { noPush: options.noPush ?? false });
        for (const entry of result.results) {
          outcomes.push(
            entry.queued
              ? {
                  enrollmentId: entry.id,
                  sent: true,
                  commandUuid: command.commandUuid,
                  pushed: entry.pushed || options.noPush === true,
                }
              : {
                  enrollmentId: entry.id,
                  sent: false,
                  commandUuid: command.commandUuid,
                  reason: entry.enqueueError ?? 'not queued',
                  retryable: true,
                  mayHaveBeenQueued: false,
                },
          );
        }
      } catch (error) {
        if (!(error instanceof NanoMdmError)) throw error;
        const reasons = new Map(error.failedIds.map((failed) => [failed.id, failed.reason]));
        for (const id of batch) {
          outcomes.push({
            enrollmentId: id,
            sent: false,
            commandUuid: command.commandUuid,
            reason: reasons.get(id) ?? error.message,
            retryable: error.retryable,
            mayHaveBeenQueued: error.mayHaveBeenQueued,
          });
        }
      }
    }
  }
  return outcomes;
}
