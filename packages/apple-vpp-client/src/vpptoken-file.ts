import { parseAppleDate } from './apple-date.ts';

/** A `.vpptoken` file is one line of base64; anything near this size is not one. */
export const MAX_VPPTOKEN_FILE_BYTES = 16 * 1024;

export type VppTokenFileErrorCode =
  | 'TOO_LARGE'
  | 'EMPTY'
  | 'NOT_BASE64'
  | 'NOT_JSON'
  | 'MISSING_FIELD'
  | 'WRONG_FIELD_TYPE'
  | 'INVALID_EXP_DATE';

/**
 * Why an uploaded file is not a usable `.vpptoken`. Messages name the problem and the field,
 * never the file's content.
 */
export class VppTokenFileError extends Error {
  override readonly name = 'VppTokenFileError';
  readonly code: VppTokenFileErrorCode;
  /** The JSON field at fault, for MISSING_FIELD, WRONG_FIELD_TYPE and INVALID_EXP_DATE. */
  readonly field: 'token' | 'expDate' | 'orgName' | undefined;

  constructor(code: VppTokenFileErrorCode, message: string, field?: 'token' | 'expDate' | 'orgName') {
    super(message);
    this.code = code;
    this.field = field;
  }

  toJSON() {
    return { name: this.name, code: this.code, field: this.field, message: this.message };
  }
}

export interface VppTokenFile {
  /** The whole base64 content, trimmed: this is the Bearer value for every v2 call. */
  sToken: string;
  /** The inner opaque location identifier (not what goes in the Authorization header). */
  token: string;
  expDate: Date;
  orgName: string;
}

const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Parses the content of a `.vpptoken` file as downloaded from Apple School Manager or Apple
 * Business Manager: base64 (standard alphabet) of `{"token","expDate","orgName"}`.
 * Pure: it checks the file, not whether Apple still accepts the token.
 */
export function parseVppTokenFile(content: string | Uint8Array): VppTokenFile {
  const byteLength = typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.byteLength;
  if (byteLength > MAX_VPPTOKEN_FILE_BYTES) {
    throw new VppTokenFileError(
      'TOO_LARGE',
      `The file is ${byteLength} bytes; a .vpptoken file is at most ${MAX_VPPTOKEN_FILE_BYTES} bytes`,
    );
  }
  const text = typeof content === 'string' ? content : new TextDecoder('utf-8').decode(content);
  // Trailing newlines and a BOM are common after editors and downloads (trim() removes U+FEFF too).
  const sToken = text.trim();
  if (sToken === '') throw new VppTokenFileError('EMPTY', 'The file is empty');
  if (!BASE64_PATTERN.test(sToken) || sToken.length % 4 === 1) {
    throw new VppTokenFileError('NOT_BASE64', 'The file is not base64 text, as a .vpptoken file is');
  }

  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(sToken, 'base64'));
  } catch {
    throw new VppTokenFileError('NOT_JSON', 'The decoded file is not UTF-8 text');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(decoded);
  } catch {
    throw new VppTokenFileError('NOT_JSON', 'The decoded file is not JSON');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new VppTokenFileError('NOT_JSON', 'The decoded file is not a JSON object');
  }
  const fields = payload as Record<string, unknown>;
  const token = requireString(fields, 'token');
  if (token.trim() === '')
    throw new VppTokenFileError('WRONG_FIELD_TYPE', 'The "token" field is empty', 'token');
  const expDateText = requireString(fields, 'expDate');
  const orgName = requireString(fields, 'orgName');
  const expDate = parseAppleDate(expDateText);
  if (!expDate) {
    throw new VppTokenFileError(
      'INVALID_EXP_DATE',
      'The "expDate" field is not a date like 2030-11-08T22:33:22+0000',
      'expDate',
    );
  }
  return { sToken, token, expDate, orgName };
}

function requireString(fields: Record<string, unknown>, field: 'token' | 'expDate' | 'orgName'): string {
  const value = fields[field];
  if (value === undefined || value === null) {
    throw new VppTokenFileError('MISSING_FIELD', `The "${field}" field is missing`, field);
  }
  if (typeof value !== 'string') {
    throw new VppTokenFileError(
      'WRONG_FIELD_TYPE',
      `The "${field}" field is a ${typeof value}, not a string`,
      field,
    );
  }
  return value;
}
