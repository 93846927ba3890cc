import { AppleVppError } from '@vpp/apple-vpp-client/errors';

/** A failure that retrying cannot fix: the run ends FAILED and the token shows why. */
export class PermanentSyncFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** For IN_USE_ELSEWHERE: the other MDM's mdmInfo, kept on the token. */
    readonly foreignMdmInfo: unknown = null,
  ) {
    super(message);
    this.name = 'PermanentSyncFailure';
  }
}

/** The worker is stopping (SIGTERM): the run stops at a page boundary and resumes elsewhere. */
export class SyncInterrupted extends Error {
  constructor(syncRunId: string) {
    super(`sync run ${syncRunId} stopped at a page boundary: the worker is shutting down`);
    this.name = 'SyncInterrupted';
  }
}

export function describeTransientError(error: unknown): string {
  if (error instanceof AppleVppError)
    return `Apple: ${error.kind}${error.errorNumber ? ` (${error.errorNumber})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

/** Apple's Retry-After on a transient failure, if it sent one. */
export function retryAfterMs(error: unknown): number | null {
  return error instanceof AppleVppError ? (error.retryAfterMs ?? null) : null;
}

/** Turns what Apple says about the token itself into a permanent failure. */
function tokenProblem(error: unknown): PermanentSyncFailure | null {
  if (!(error instanceof AppleVppError)) return null;
  switch (error.kind) {
    case 'TOKEN_EXPIRED':
      return new PermanentSyncFailure('TOKEN_EXPIRED', 'Apple says the token has expired.');
    case 'TOKEN_REVOKED':
      return new PermanentSyncFailure('TOKEN_REVOKED', 'Apple says the token has been revoked.');
    case 'NOT_AUTHORIZED':
    case 'FORBIDDEN':
      return new PermanentSyncFailure(
        'TOKEN_REFUSED',
        `Apple no longer accepts the token (${error.errorNumber ?? error.httpStatus}).`,
      );
    default:
      return null;
  }
}

/** Runs an Apple call, turning token problems into permanent failures. */
export async function withTokenErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw tokenProblem(error) ?? error;
  }
}
