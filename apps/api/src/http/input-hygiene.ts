import { AppError, type FieldError } from '@vpp/contracts/errors';
import type { Request } from 'express';

// One check for all text that comes in, before any schema or handler sees it: path parameters,
// query parameters and body fields (JSON, or multipart fields once the parser has read them). A NUL
// character cannot be stored in PostgreSQL text, and a lone UTF-16 surrogate (JSON allows
// `"\ud800"`) is not a character at all: both are refused, naming the field. CSV files are checked
// where they are read (UTF-8 decoded strictly, NUL refused), so their cells cannot carry either.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Deeper than any request shape we accept; deeper input is refused rather than walked. */
const MAX_DEPTH = 32;
/** At most this many offending fields are named in one answer. */
const MAX_REPORTED = 20;

export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(text)) return 'must not contain unpaired UTF-16 surrogates';
  return undefined;
}

function collect(value: unknown, path: string, depth: number, found: FieldError[]): void {
  if (found.length >= MAX_REPORTED) return;
  if (typeof value === 'string') {
    const message = textProblem(value);
    if (message) found.push({ path, message });
    return;
  }
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return;
  if (depth >= MAX_DEPTH) {
    found.push({ path, message: 'is nested too deeply' });
    return;
  }
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  for (const [key, item] of entries) {
    const keyMessage = textProblem(key);
    if (keyMessage)
      found.push({ path: `${path}.${JSON.stringify(key)}`, message: `field name ${keyMessage}` });
    collect(item, `${path}.${key}`, depth + 1, found);
  }
}

/** The fields of the request's path, query and body whose text cannot be accepted. */
export function unsafeTextFields(req: Request): FieldError[] {
  const found: FieldError[] = [];
  collect(req.params, 'path', 0, found);
  collect(req.query, 'query', 0, found);
  collect(req.body, 'body', 0, found);
  return found;
}

/** Throws 400 VALIDATION_FAILED naming each field with a NUL or a lone surrogate. */
export function refuseUnsafeText(req: Request): void {
  const errors = unsafeTextFields(req);
  if (errors.length === 0) return;
  throw new AppError('VALIDATION_FAILED', 'Text in the request contains characters that cannot be stored.', {
    errors,
  });
}
