/** A `.vpptoken` file is one line of base64 of a small JSON object; anything near this size is not one. */
export const MAX_TOKEN_FILE_BYTES = 16 * 1024;

/** Why a chosen file is not a `.vpptoken`, in the same terms the API uses to refuse it. */
export type TokenFileProblem =
  | 'UNREADABLE'
  | 'TOO_LARGE'
  | 'EMPTY'
  | 'NOT_BASE64'
  | 'NOT_JSON'
  | 'MISSING_FIELDS'
  | 'BAD_DATE';

/** What the console may show of a token file before it is uploaded: never the `token` itself. */
export interface TokenFilePreview {
  orgName: string;
  expiresAt: Date;
}

export type TokenFileReading =
  | { ok: true; preview: TokenFilePreview }
  | { ok: false; problem: TokenFileProblem };

const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;

/** Apple writes `expDate` as `2030-11-08T22:33:22+0000` (no colon in the offset); plain ISO-8601 also reads. */
function parseAppleDate(text: string): Date | undefined {
  const date = new Date(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function decodeBase64(base64: string): string | undefined {
  try {
    const binary = atob(base64);
    const bytes = Uint8Array.from(binary, (character) => character.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Reads the content of a `.vpptoken` file as the API will (base64 of `{token, expDate, orgName}`),
 * so the admin sees the organisation and expiry before uploading, or why the file is not a token.
 */
export function decodeTokenFile(content: string): TokenFileReading {
  // Editors and downloads leave trailing newlines and a byte-order mark; trim() removes both.
  const base64 = content.trim();
  if (base64 === '') return { ok: false, problem: 'EMPTY' };
  if (!BASE64_PATTERN.test(base64) || base64.length % 4 === 1) return { ok: false, problem: 'NOT_BASE64' };
  const json = decodeBase64(base64);
  if (json === undefined) return { ok: false, problem: 'NOT_JSON' };
  let payload: unknown;
  try {
    payload = JSON.parse(json);
  } catch {
    return { ok: false, problem: 'NOT_JSON' };
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { ok: false, problem: 'NOT_JSON' };
  }
  const { token, expDate, orgName } = payload as Record<string, unknown>;
  if (typeof token !== 'string' || token.trim() === '' || typeof expDate !== 'string') {
    return { ok: false, problem: 'MISSING_FIELDS' };
  }
  if (typeof orgName !== 'string') return { ok: false, problem: 'MISSING_FIELDS' };
  const expiresAt = parseAppleDate(expDate);
  if (!expiresAt) return { ok: false, problem: 'BAD_DATE' };
  return { ok: true, preview: { orgName, expiresAt } };
}

/** Reads a chosen file in the browser; a file far larger than any token is refused without reading it. */
export async function readTokenFile(file: Blob): Promise<TokenFileReading> {
  if (file.size > MAX_TOKEN_FILE_BYTES) return { ok: false, problem: 'TOO_LARGE' };
  let content: string;
  try {
    content = await file.text();
  } catch {
    // The file went away or may not be read (moved, permissions) after it was chosen.
    return { ok: false, problem: 'UNREADABLE' };
  }
  return decodeTokenFile(content);
}
