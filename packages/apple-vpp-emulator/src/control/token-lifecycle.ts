import type { Location, MdmInfo } from '../state/location.ts';
import type { Organisation } from '../state/organisation.ts';

/** Apple revoked the location's token(s): every call answers 9625. */
export function revokeLocationTokens(location: Location): void {
  for (const token of location.tokens) token.revoked = true;
}

/** The location's token(s) expire at `expiresAt` (now by default): past it every call answers 9621. */
export function expireLocationTokens(location: Location, expiresAt: Date): void {
  for (const token of location.tokens) token.expiresAt = expiresAt;
}

/** A new token download. Whether it revokes the previous one is unverified, so it is a choice. */
export function renewLocationToken(
  organisation: Organisation,
  location: Location,
  expiresAt: Date,
  revokePrevious: boolean,
): string {
  if (revokePrevious) revokeLocationTokens(location);
  return organisation.issueToken(location, expiresAt).vppToken;
}

/**
 * Another MDM takes the location over: it writes its own `mdmInfo` and its own notification
 * settings, so this console's notifications stop.
 */
export function claimLocation(location: Location, mdmInfo: MdmInfo): void {
  location.mdmInfo = { ...mdmInfo };
  location.notificationTarget = undefined;
}
