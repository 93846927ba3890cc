import { AppleVppError } from '@vpp/apple-vpp-client/errors';
import { VppTokenFileError } from '@vpp/apple-vpp-client/vpptoken-file';
import { AppError } from '@vpp/contracts/errors';

/** What the admin is told when Apple refuses or cannot be reached while checking a token. */
export function appleErrorToAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof VppTokenFileError) {
    return new AppError('TOKEN_UNREADABLE', `This is not a .vpptoken file Apple issued: ${error.message}.`, {
      errors: [{ path: 'body.token', message: error.message }],
    });
  }
  if (error instanceof AppleVppError) {
    switch (error.kind) {
      case 'TOKEN_EXPIRED':
        return new AppError('TOKEN_EXPIRED', 'Apple says this token has expired. Download a new one.');
      case 'TOKEN_REVOKED':
        return new AppError('TOKEN_REVOKED', 'Apple says this token has been revoked. Download a new one.');
      case 'NOT_AUTHORIZED':
      case 'FORBIDDEN':
        return new AppError(
          'TOKEN_UNREADABLE',
          `Apple does not accept this token (error ${error.errorNumber ?? error.httpStatus}).`,
          {
            errors: [{ path: 'body.token', message: 'Apple does not accept this token' }],
            // The file was read; Apple refused it. The console says so, with Apple's number explained.
            extensions: { appleRefused: true, appleErrorNumber: error.errorNumber ?? null },
          },
        );
      default:
        return new AppError(
          'APPLE_UNAVAILABLE',
          `Apple's service could not check the token right now (${error.kind}). Try again.`,
        );
    }
  }
  return new AppError(
    'APPLE_UNAVAILABLE',
    "Apple's service could not check the token right now. Try again.",
    {
      cause: error,
    },
  );
}
