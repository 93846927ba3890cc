import { AppError } from '@vpp/contracts/errors';
import express, { type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import { multipartFailure } from './multipart-failure.ts';

/** A multipart form with (at most) one file field and a few small text fields. */
export interface MultipartFormat {
  fileField: string;
  maxFileBytes: number;
  maxFields: number;
  maxFieldBytes: number;
}

/**
 * The bodies a route reads, and how large each may be. The body is read only after the caller has
 * been authorised, so an anonymous or unauthorised upload is refused before any of it is read.
 */
export interface BodyFormats {
  json?: { limitBytes: number };
  multipart?: MultipartFormat;
  /** A bare `text/csv` (or `application/csv`) body; never `text/plain`, which any web page may send. */
  csv?: { limitBytes: number };
}

export const DEFAULT_JSON_LIMIT_BYTES = 256 * 1024;
const JSON_TYPES = ['application/json', '+json'];
export const CSV_TYPES = ['text/csv', 'application/csv'];

/** Builds the reader of one route's body once, at mount time. */
export function bodyReader(formats: BodyFormats): (req: Request, res: Response) => Promise<void> {
  const json = formats.json
    ? express.json({ limit: formats.json.limitBytes, strict: true, type: JSON_TYPES })
    : undefined;
  const csv = formats.csv ? express.raw({ limit: formats.csv.limitBytes, type: CSV_TYPES }) : undefined;
  const multipart = formats.multipart
    ? multer({
        storage: multer.memoryStorage(),
        limits: {
          fileSize: formats.multipart.maxFileBytes,
          files: 1,
          fields: formats.multipart.maxFields,
          fieldSize: formats.multipart.maxFieldBytes,
          parts: formats.multipart.maxFields + 1,
        },
      }).single(formats.multipart.fileField)
    : undefined;
  const accepted = [
    ...(json ? ['application/json'] : []),
    ...(multipart ? ['multipart/form-data'] : []),
    ...(csv ? ['text/csv'] : []),
  ];

  return async (req, res) => {
    // Nothing sent: nothing to read (the route's schema decides whether that is acceptable).
    if (!hasBody(req)) return;
    if (multipart && req.is('multipart/form-data'))
      return run(multipart, req, res).catch((error) => {
        throw multipartFailure(error);
      });
    if (csv && req.is(CSV_TYPES)) return run(csv, req, res);
    if (json && req.is(JSON_TYPES)) return run(json, req, res);
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      accepted.length > 0
        ? `Send the body as ${accepted.join(' or ')}.`
        : 'This endpoint takes no request body.',
      { extensions: { accepted } },
    );
  };
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function run(middleware: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    middleware(req, res, (error?: unknown) => (error ? reject(error) : resolve()));
  });
}
