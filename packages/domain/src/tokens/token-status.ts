// A token's status, decided in one place from what we know of it. The order matters: a revoked
// token is revoked whatever else is true; "expiring" is the weakest warning.

export const tokenStatuses = [
  'VALID',
  'EXPIRING',
  'EXPIRED',
  'REVOKED',
  'IN_USE_ELSEWHERE',
  'SYNC_ERROR',
] as const;
export type TokenStatus = (typeof tokenStatuses)[number];

export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface TokenStatusFacts {
  expiresAt: Date;
  revokedAt: Date | null;
  /** mdmInfo of another MDM that took the location over, when it is not us. */
  foreignMdmName: string | null;
  lastSyncError: string | null;
}

/** What the reason names, so a console can say it in the reader's language. */
export interface TokenStatusReasonParams {
  days?: number;
  mdmName?: string;
  error?: string;
}

export interface TokenStatusResult {
  status: TokenStatus;
  reason: string;
  params: TokenStatusReasonParams;
}

function days(count: number): string {
  return count === 1 ? '1 day' : `${count} days`;
}

export function computeTokenStatus(facts: TokenStatusFacts, now: Date): TokenStatusResult {
  if (facts.revokedAt) {
    return {
      status: 'REVOKED',
      reason: 'Apple reports the token as revoked: download a new one and renew it here.',
      params: {},
    };
  }
  const msLeft = facts.expiresAt.getTime() - now.getTime();
  if (msLeft <= 0) {
    return {
      status: 'EXPIRED',
      reason: 'The token has expired: download a new one and renew it here.',
      params: {},
    };
  }
  if (facts.foreignMdmName !== null) {
    return {
      status: 'IN_USE_ELSEWHERE',
      reason: `Another MDM (${facts.foreignMdmName || 'unnamed'}) manages this location; syncs are stopped until you take it back.`,
      params: { mdmName: facts.foreignMdmName },
    };
  }
  if (facts.lastSyncError) {
    return {
      status: 'SYNC_ERROR',
      reason: `The last sync failed: ${facts.lastSyncError}`,
      params: { error: facts.lastSyncError },
    };
  }
  const daysLeft = Math.ceil(msLeft / DAY_MS);
  if (msLeft <= EXPIRY_WARNING_DAYS * DAY_MS) {
    return {
      status: 'EXPIRING',
      reason: `The token expires in ${days(daysLeft)}: renew it before then.`,
      params: { days: daysLeft },
    };
  }
  return { status: 'VALID', reason: `Valid for ${days(daysLeft)}.`, params: { days: daysLeft } };
}
