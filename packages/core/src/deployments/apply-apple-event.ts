import type { VppClientFactory } from '@vpp/apple-vpp-client';
import type { EventStatus } from '@vpp/apple-vpp-client/schemas';
import type { Database } from '@vpp/db/database';
import { withTransaction } from '@vpp/db/transaction';
import { progressDeploymentJob } from '../jobs/jobs.ts';
import type { TokenCipher } from '../tokens/token-cipher.ts';
import {
  finishAppleEvent,
  finishSettled,
  forgetReleasedLicenses,
  loadAppleEvent,
  lockStoreAppOfDeployment,
  markAppleEventChecked,
  markLicensed,
  markLicenseReleased,
  recordClaimedLicenses,
} from './deployment-store.ts';

export interface AppleEventDeps {
  database: Database;
  cipher: TokenCipher;
  appleClients: VppClientFactory;
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
  const event = await loadAppleEvent(pool, eventId);
  if (!event) return 'unknown';
  if (event.status !== 'PENDING') return 'applied';
  const client = deps.appleClients.forToken(deps.cipher.decrypt(event.s_token_encrypted));
  const status = await client.getEventStatus(eventId);
  if (status.eventStatus === 'PENDING') {
    await markAppleEventChecked(pool, eventId);
    return 'pending';
  }
  const failed = failedAssignees(status);
  const succeeded = event.subject.assignees.filter((assignee) => !failed.has(assignee));
  const { deploymentId, licenseType } = event.subject;

  await withTransaction(deps.database, async (tx) => {
    // Claimed once: a second check of the same event (a retried job) finds it done.
    const first = await finishAppleEvent(tx, eventId, {
      status: status.eventStatus,
      numCompleted: status.numCompleted ?? succeeded.length,
      failures: status.failures ?? [],
    });
    if (!first) return;
    const storeApp = await lockStoreAppOfDeployment(tx, deploymentId);
    if (storeApp && event.type === 'ASSOCIATE') {
      const { reservationsReleased } = await markLicensed(tx, deploymentId, eventId, succeeded, failed);
      await recordClaimedLicenses(tx, event.token_id, storeApp, licenseType, succeeded, reservationsReleased);
      // Licensed targets get their install command next.
      await progressDeploymentJob.enqueue(tx, { deploymentId });
    } else if (storeApp && event.type === 'DISASSOCIATE') {
      await markLicenseReleased(tx, deploymentId, eventId, succeeded);
      await forgetReleasedLicenses(tx, event.token_id, storeApp, licenseType, succeeded);
    }
    await finishSettled(tx, [deploymentId]);
  });
  return 'applied';
}
