import type { NextFunction, Request, Response } from 'express';
import { AppleError } from '../apple/apple-errors.ts';

const AUTH_ERRORS = new Set([9601, 9621, 9625, 9722]);

/** Express's body parser marks its own errors with a `type`. */
function bodyParserErrorType(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  return typeof error.type === 'string' ? error.type : undefined;
}

/**
 * One error path for Apple's surface: an AppleError becomes Apple's error body and status (with
 * Retry-After where set); a body that is not JSON is 9602; anything else is 9603 / 500.
 */
export function appleErrorHandler(options: { authErrorsWithHttp200: () => boolean }) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(error);
      return;
    }
    let appleError: AppleError;
    if (error instanceof AppleError) appleError = error;
    else if (bodyParserErrorType(error) !== undefined) appleError = new AppleError(9602);
    else {
      console.error('apple-vpp-emulator: unexpected error', error);
      appleError = new AppleError(9603);
    }
    if (appleError.retryAfterSeconds !== undefined)
      res.set('Retry-After', String(appleError.retryAfterSeconds));
    const status =
      options.authErrorsWithHttp200() && AUTH_ERRORS.has(appleError.errorNumber)
        ? 200
        : appleError.httpStatus;
    res.status(status).json(appleError.toResponseBody());
  };
}
