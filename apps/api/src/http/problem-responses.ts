import { AppError, errorCatalog } from '@vpp/contracts/errors';
import type { Problem } from '@vpp/contracts/problem';
import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';

const PROBLEM_TYPE_BASE = 'https://vpp-console.dev/problems/';

export function zodIssuesToFieldErrors(error: z.ZodError, prefix: string[] = []) {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.map(String)].join('.') || '(body)',
    message: issue.message,
  }));
}

/** The RFC 9457 problem document for an error. */
export function problemDocument(error: AppError, requestId?: string): Problem & Record<string, unknown> {
  return {
    type: `${PROBLEM_TYPE_BASE}${error.code.toLowerCase().replaceAll('_', '-')}`,
    title: errorCatalog[error.code].title,
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(requestId ? { requestId } : {}),
    ...(error.errors ? { errors: error.errors } : {}),
    ...(error.extensions ?? {}),
  };
}

export function sendProblem(res: Response, error: AppError, requestId?: string): void {
  const body = problemDocument(error, requestId);
  const retryAfter = error.extensions?.retryAfterSeconds;
  if (typeof retryAfter === 'number' && retryAfter > 0) res.setHeader('retry-after', String(retryAfter));
  res.status(error.status).type('application/problem+json').send(JSON.stringify(body));
}

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
}

/** Turns what body parsers and multer throw into our error vocabulary. */
function fromTransportError(error: unknown): AppError | null {
  if (error instanceof z.ZodError) {
    return new AppError('VALIDATION_FAILED', 'Some fields are not valid.', {
      errors: zodIssuesToFieldErrors(error),
    });
  }
  const parserError = error as BodyParserError;
  switch (parserError?.type) {
    case 'entity.parse.failed':
      return new AppError('MALFORMED_JSON', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new AppError('PAYLOAD_TOO_LARGE', 'The request body is larger than this endpoint accepts.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send UTF-8 encoded JSON.');
    default:
      break;
  }
  const code = (error as { code?: string })?.code;
  if (code === 'LIMIT_FILE_SIZE' || code === 'LIMIT_FIELD_VALUE' || code === 'LIMIT_PART_COUNT') {
    return new AppError('PAYLOAD_TOO_LARGE', 'The uploaded file or field is too large.');
  }
  if (typeof code === 'string' && code.startsWith('LIMIT_')) {
    return new AppError('VALIDATION_FAILED', 'The multipart form is not what this endpoint accepts.');
  }
  if (parserError?.expose && typeof parserError.status === 'number' && parserError.status < 500) {
    return new AppError('VALIDATION_FAILED', (error as Error).message);
  }
  return null;
}

/** The one error path of the HTTP layer: every error leaves as problem+json. */
export function problemErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const requestId = String(req.id ?? '');
    if (res.headersSent) {
      // A streamed answer (a CSV export) failed part-way: all we can do is cut it off.
      logger.error({ err: error, requestId }, 'response failed after it started');
      res.destroy();
      return;
    }
    const known = error instanceof AppError ? error : fromTransportError(error);
    if (known) {
      // DATABASE_UNAVAILABLE was logged (briefly, once per outage) where it was recognised; a
      // readiness probe saying "not ready" is a state the probe reports, not an error of ours.
      if (known.code === 'NOT_READY') logger.debug({ requestId, reason: known.message }, 'not ready');
      else if (known.status >= 500 && known.code !== 'DATABASE_UNAVAILABLE')
        logger.error({ err: error, requestId }, known.message);
      sendProblem(res, known, requestId);
      return;
    }
    logger.error({ err: error, requestId }, 'unhandled error');
    sendProblem(res, new AppError('INTERNAL', 'Something went wrong on our side.'), requestId);
  };
}
