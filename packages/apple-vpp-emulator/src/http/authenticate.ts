import type { NextFunction, Request, Response } from 'express';
import { AppleError } from '../apple/apple-errors.ts';
import type { EmulatorContext } from '../emulator-context.ts';
import type { Location, LocationToken } from '../state/location.ts';

interface Authenticated {
  location: Location;
  token: LocationToken;
}

/**
 * Bearer authentication as Apple's v2 does it: 9601 without a header, 9722 for a header not in the
 * form `Bearer {sToken}`, 9601 for a token nobody issued, 9625 revoked, 9621 expired; then the
 * location's request rate (9646 / 429 with Retry-After).
 */
export function authenticate(context: EmulatorContext) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.get('authorization');
    if (header === undefined || header.trim() === '') throw new AppleError(9601);
    const match = /^Bearer +(\S+)\s*$/i.exec(header.trim());
    if (match?.[1] === undefined) throw new AppleError(9722);
    const found = context.organisation.findByToken(match[1]);
    if (found === undefined) throw new AppleError(9601);
    res.locals.locationId = found.location.id;
    if (found.token.revoked) throw new AppleError(9625);
    if (found.token.expiresAt.getTime() <= context.now().getTime()) throw new AppleError(9621);
    if (context.rateLimitEnabled) {
      const waitSeconds = context.rateLimiter.check(
        found.location.id,
        context.limits.maxRequestPerSecond,
        context.now().getTime(),
      );
      if (waitSeconds !== undefined) throw new AppleError(9646, { retryAfterSeconds: waitSeconds });
    }
    const authenticated: Authenticated = found;
    res.locals.authenticated = authenticated;
    next();
  };
}

export function authenticatedLocation(res: Response): Authenticated {
  const authenticated = res.locals.authenticated as Authenticated | undefined;
  if (authenticated === undefined) throw new Error('route is missing the authenticate middleware');
  return authenticated;
}
