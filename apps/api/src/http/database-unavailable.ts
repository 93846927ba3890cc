import { AppError } from '@vpp/contracts/errors';
import { databaseUnavailableReason } from '@vpp/db/database-availability';
import type { ErrorRequestHandler, Response } from 'express';

// While the database cannot be reached every endpoint that needs it answers 503
// DATABASE_UNAVAILABLE with Retry-After, so browsers, the device side and Apple retry instead of
// giving up. An outage is logged as one brief warn line (then one every 30 s with the number of
// answers since), not as a stack per request.

const REPEAT_LOG_MS = 30_000;

export interface OutageLogger {
  warn(obj: object, msg: string): void;
}

/** Whether the answer was a DATABASE_UNAVAILABLE (its request log line is then left out). */
export function answeredDatabaseUnavailable(res: Response): boolean {
  return res.locals.databaseUnavailable === true;
}

export function databaseUnavailableToProblems(
  logger: OutageLogger,
  retryAfterSeconds: number,
  now: () => number = Date.now,
): ErrorRequestHandler {
  let loggedAt = Number.NEGATIVE_INFINITY;
  let answersSinceLog = 0;
  return (error, req, res, next) => {
    if (error instanceof AppError && error.code !== 'INTERNAL') return next(error);
    const reason = databaseUnavailableReason(error);
    if (!reason) return next(error);
    res.locals.databaseUnavailable = true;
    answersSinceLog += 1;
    if (now() - loggedAt >= REPEAT_LOG_MS) {
      logger.warn(
        { reason, answers: answersSinceLog, requestId: String(req.id ?? ''), path: req.path },
        'database unavailable: answering 503 DATABASE_UNAVAILABLE',
      );
      loggedAt = now();
      answersSinceLog = 0;
    }
    next(
      new AppError(
        'DATABASE_UNAVAILABLE',
        'The database cannot be reached right now. Try again in a few seconds.',
        { extensions: { retryAfterSeconds }, cause: error },
      ),
    );
  };
}
