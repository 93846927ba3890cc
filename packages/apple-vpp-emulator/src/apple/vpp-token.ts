import { formatAppleDate, parseAppleDate } from './apple-date.ts';

/** The JSON object inside a `.vpptoken` file. */
export interface VppTokenContent {
  token: string;
  expDate: string;
  orgName: string;
}

/** Builds the `.vpptoken` file content: one line of standard base64 over the JSON object. */
export function encodeVppToken(content: { token: string; expiresAt: Date; orgName: string }): string {
  const json: VppTokenContent = {
    token: content.token,
    expDate: formatAppleDate(content.expiresAt),
    orgName: content.orgName,
  };
  return Buffer.from(JSON.stringify(json), 'utf8').toString('base64');
}

/** Decodes a `.vpptoken` file content (trailing whitespace allowed). Returns undefined if it is not one. */
export function decodeVppToken(fileContent: string): (VppTokenContent & { expiresAt: Date }) | undefined {
  const base64 = fileContent.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(base64, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { token, expDate, orgName } = parsed as Record<string, unknown>;
  if (typeof token !== 'string' || typeof expDate !== 'string' || typeof orgName !== 'string')
    return undefined;
  const expiresAt = parseAppleDate(expDate);
  if (expiresAt === undefined) return undefined;
  return { token, expDate, orgName, expiresAt };
}
