import { AppError } from '@vpp/contracts/errors';
import multer from 'multer';

const TOO_LARGE = new Set(['LIMIT_FILE_SIZE', 'LIMIT_FIELD_VALUE', 'LIMIT_PART_COUNT']);

function fromMulterError(error: multer.MulterError): AppError {
  const path = error.field ? `body.${error.field}` : 'body';
  if (TOO_LARGE.has(error.code)) {
    return new AppError('PAYLOAD_TOO_LARGE', 'The uploaded file or field is too large.', {
      errors: [{ path, message: error.message }],
      cause: error,
    });
  }
  return new AppError('VALIDATION_FAILED', 'The multipart form is not what this endpoint accepts.', {
    errors: [{ path, message: error.message }],
    cause: error,
  });
}

/**
 * What a multer failure means to the caller: a multipart body without a boundary, with a malformed
 * part header or cut off before its closing boundary is the caller's mistake (400), as are an
 * unexpected file field or too many parts; a file or field over its limit is 413.
 */
export function multipartFailure(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof multer.MulterError) return fromMulterError(error);
  const reason = error instanceof Error ? error.message : String(error);
  return new AppError('VALIDATION_FAILED', `The multipart/form-data body cannot be read: ${reason}.`, {
    errors: [{ path: 'body', message: 'is not a well-formed multipart/form-data body' }],
    cause: error,
  });
}
