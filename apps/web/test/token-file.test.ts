import { describe, expect, it } from 'vitest';
import { decodeTokenFile, MAX_TOKEN_FILE_BYTES, readTokenFile } from '../src/features/tokens/token-file.ts';

function tokenFile(content: unknown): string {
  return Buffer.from(JSON.stringify(content), 'utf8').toString('base64');
}

const valid = {
  token: 'c2VjcmV0LWxvY2F0aW9uLXRva2Vu',
  expDate: '2030-11-08T22:33:22+0000',
  orgName: 'Northwind Traders',
};

describe('decodeTokenFile', () => {
  it('reads the organisation and the expiry, in Apple’s date format, and nothing of the token', () => {
    const reading = decodeTokenFile(tokenFile(valid));
    expect(reading).toEqual({
      ok: true,
      preview: { orgName: 'Northwind Traders', expiresAt: new Date('2030-11-08T22:33:22Z') },
    });
    expect(JSON.stringify(reading)).not.toContain(valid.token);
  });

  it('accepts what downloads and editors add: a byte-order mark and a trailing newline', () => {
    expect(decodeTokenFile(`\uFEFF${tokenFile(valid)}\r\n`).ok).toBe(true);
  });

  it('reads plain ISO-8601 dates and names with accents', () => {
    const reading = decodeTokenFile(
      tokenFile({ ...valid, expDate: '2031-01-02T03:04:05Z', orgName: 'Gemeente Den Haag — ICT' }),
    );
    expect(reading).toEqual({
      ok: true,
      preview: { orgName: 'Gemeente Den Haag — ICT', expiresAt: new Date('2031-01-02T03:04:05Z') },
    });
  });

  it.each([
    ['an empty file', '   \n', 'EMPTY'],
    ['text that is not base64', 'These are my notes.', 'NOT_BASE64'],
    ['base64 of one byte too many', 'QUJDRA=x', 'NOT_BASE64'],
    ['base64 of text that is not JSON', Buffer.from('hello world').toString('base64'), 'NOT_JSON'],
    ['base64 of bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0xfd]).toString('base64'), 'NOT_JSON'],
    ['a JSON array', tokenFile([valid]), 'NOT_JSON'],
    [
      'JSON without the token',
      tokenFile({ expDate: valid.expDate, orgName: valid.orgName }),
      'MISSING_FIELDS',
    ],
    ['JSON with an empty token', tokenFile({ ...valid, token: '  ' }), 'MISSING_FIELDS'],
    [
      'JSON without the organisation',
      tokenFile({ token: valid.token, expDate: valid.expDate }),
      'MISSING_FIELDS',
    ],
    ['JSON with a number for the date', tokenFile({ ...valid, expDate: 20301108 }), 'MISSING_FIELDS'],
    ['JSON with a date that is no date', tokenFile({ ...valid, expDate: 'next year' }), 'BAD_DATE'],
  ])('refuses %s', (_case, content, problem) => {
    expect(decodeTokenFile(content)).toEqual({ ok: false, problem });
  });
});

describe('readTokenFile', () => {
  it('reads a chosen file', async () => {
    const reading = await readTokenFile(new Blob([tokenFile(valid)], { type: 'text/plain' }));
    expect(reading.ok).toBe(true);
  });

  it('refuses a file far larger than any token without decoding it', async () => {
    const reading = await readTokenFile(new Blob(['A'.repeat(MAX_TOKEN_FILE_BYTES + 1)]));
    expect(reading).toEqual({ ok: false, problem: 'TOO_LARGE' });
  });
});
