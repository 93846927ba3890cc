import { AppError } from '@vpp/contracts/errors';
import type { ErrorRequestHandler } from 'express';

// Errors the router and Express's own helpers raise carry an HTTP status but no code of ours: a
// path segment that is not valid percent-encoded UTF-8 (`/api/tokens/%E0%A4%A`) makes the router
// throw a URIError with status 400. They are the caller's mistakes, so they become 4xx problems
// here, before the problem handler would call them internal errors. Body-parser errors (with a
// `type`) are left to the problem handler, which knows them by type.

function statusOf(error: unknown): number | undefined {
  const { status, statusCode } = (error ?? {}) as { status?: unknown; statusCode?: unknown };
  const value = typeof status === 'number' ? status : statusCode;
  return typeof value === 'number' ? value : undefined;
}

function toAppError(error: unknown): AppError | undefined {
  if (error instanceof URIError) {
    return new AppError('VALIDATION_FAILED', 'The request path is not valid percent-encoded UTF-8.', {
      errors: [{ path: 'path', message: 'is not valid percent-encoded UTF-8' }],
      cause: error,
    });
  }
  if ((error as { type?: unknown })?.type !== undefined) return undefined;
  const status = statusOf(error);
  if (status === undefined || status < 400 || status >= 500) return undefined;
  switch (status) {
    case 404:
      return new AppError('NOT_FOUND', 'Not found.', { cause: error });
    case 405:
      return new AppError('METHOD_NOT_ALLOWED', 'This method is not allowed here.', { cause: error });
    case 413:
      return new AppError('PAYLOAD_TOO_LARGE', 'The request body is larger than this endpoint accepts.', {
        cause: error,
      });
    case 415:
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'This content type is not accepted here.', {
        cause: error,
      });
    default:
      return new AppError('VALIDATION_FAILED', 'The request cannot be read.', { cause: error });
  }
}

/** Mount just before the problem handler: turns router and transport errors into AppErrors. */
export const transportErrorsToProblems: ErrorRequestHandler = (error, _req, _res, next) => {
  if (error instanceof AppError) {
    next(error);
    return;
  }
  next(toAppError(error) ?? error);
};
