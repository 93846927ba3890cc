import { AppError } from '@vpp/contracts/errors';
import { MAX_IMPORT_BYTES } from '@vpp/contracts/inventory';
import type { Request } from 'express';
import type { z } from 'zod';
import { type BodyFormats, CSV_TYPES } from './request-body.ts';
import { defineRoute, type Out, type Route, type RouteInput } from './route-table.ts';

// A CSV file comes as the multipart field `file`, or as the whole body with a CSV content type
// (never text/plain: a page on another site can send that without asking).
const csvUpload: BodyFormats = {
  multipart: { fileField: 'file', maxFileBytes: MAX_IMPORT_BYTES, maxFields: 5, maxFieldBytes: 1024 },
  csv: { limitBytes: MAX_IMPORT_BYTES },
};

function uploadedCsv(req: Request): Buffer {
  if (req.file) return req.file.buffer;
  if (req.is('multipart/form-data')) {
    throw new AppError('VALIDATION_FAILED', 'Attach the CSV file as the multipart field `file`.', {
      errors: [{ path: 'body.file', message: 'is required' }],
    });
  }
  if (Buffer.isBuffer(req.body)) return req.body;
  if (req.is(CSV_TYPES)) return Buffer.alloc(0);
  throw new AppError(
    'UNSUPPORTED_MEDIA_TYPE',
    'Send the CSV file as multipart/form-data with a `file` field, or as a text/csv body.',
  );
}

/** Said of every CSV import in the API document. */
export const CSV_FILE_HELP =
  'CSV as the multipart field `file` or a text/csv body (UTF-8, header row, at most 50,000 rows and 10 MB).';

interface CsvImportSpec<PS extends z.ZodType | undefined, QS extends z.ZodType | undefined> {
  path: string;
  tag: string;
  summary: string;
  params?: PS;
  query?: QS;
  /** What the import answers, and how the document describes it. */
  report: z.ZodType;
  description: string;
  /** Error codes of its own, besides a file too large or of the wrong type. */
  errors?: string[];
  /** Imports the file's bytes. */
  handler: (input: RouteInput<Out<PS>, Out<QS>, undefined>, csv: Buffer) => Promise<unknown>;
}

/** An admin's CSV import: the file (multipart `file` or a text/csv body) in, a report of the rows out. */
export function csvImportRoute<
  PS extends z.ZodType | undefined = undefined,
  QS extends z.ZodType | undefined = undefined,
>({ report, description, errors = [], handler, ...spec }: CsvImportSpec<PS, QS>): Route {
  return defineRoute<PS, QS>({
    method: 'post',
    access: 'admin',
    ...spec,
    bodyEncoding: 'csv',
    accepts: csvUpload,
    success: { status: 200, schema: report, description },
    errors: [...errors, 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'],
    handler: (input) => handler(input, uploadedCsv(input.req)),
  });
}
