import { describe, expect, it } from 'vitest';
import { MAX_VPPTOKEN_FILE_BYTES, parseVppTokenFile, VppTokenFileError } from '../src/vpptoken-file.ts';
import { makeSToken } from './apple-fixtures.ts';

const VALID_FIELDS = {
  token: 'location-token-abc123',
  expDate: '2030-11-08T22:33:22+0000',
  orgName: 'Example School',
};

function errorOf(content: string | Uint8Array): VppTokenFileError {
  try {
    parseVppTokenFile(content);
  } catch (error) {
    if (error instanceof VppTokenFileError) return error;
    throw error;
  }
  throw new Error('expected parseVppTokenFile to throw');
}

describe('parseVppTokenFile', () => {
  it('decodes token, expDate and orgName, and keeps the whole trimmed base64 as the sToken', () => {
    const base64 = makeSToken(VALID_FIELDS);
    const parsed = parseVppTokenFile(`${base64}\r\n`);
    expect(parsed).toEqual({
      sToken: base64,
      token: 'location-token-abc123',
      expDate: new Date('2030-11-08T22:33:22.000Z'),
      orgName: 'Example School',
    });
  });

  it('accepts bytes, a BOM and surrounding whitespace', () => {
    const base64 = makeSToken(VALID_FIELDS);
    const bytes = new TextEncoder().encode(`\uFEFF  ${base64}\n`);
    expect(parseVppTokenFile(bytes).sToken).toBe(base64);
  });

  it('applies the timezone offset of expDate', () => {
    const parsed = parseVppTokenFile(makeSToken({ ...VALID_FIELDS, expDate: '2030-11-08T22:33:22-0230' }));
    expect(parsed.expDate.toISOString()).toBe('2030-11-09T01:03:22.000Z');
  });

  it('rejects a file over 16 KiB before decoding it', () => {
    const error = errorOf('A'.repeat(MAX_VPPTOKEN_FILE_BYTES + 4));
    expect(error.code).toBe('TOO_LARGE');
  });

  it('rejects an empty file', () => {
    expect(errorOf(' \n').code).toBe('EMPTY');
  });

  it.each([
    ['characters outside base64', 'not a token!'],
    ['whitespace inside', `${makeSToken(VALID_FIELDS).slice(0, 8)} ${makeSToken(VALID_FIELDS).slice(8)}`],
    ['an impossible length', 'QUJDR'],
    ['padding in the middle', 'QQ==QUJD'],
  ])('rejects %s as NOT_BASE64', (_, content) => {
    expect(errorOf(content).code).toBe('NOT_BASE64');
  });

  it.each([
    ['plain text', Buffer.from('hello world').toString('base64')],
    ['bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0xfd, 0x00]).toString('base64')],
    ['a JSON array', Buffer.from('[1,2]').toString('base64')],
    ['JSON null', Buffer.from('null').toString('base64')],
  ])('rejects %s as NOT_JSON', (_, content) => {
    expect(errorOf(content).code).toBe('NOT_JSON');
  });

  it.each(['token', 'expDate', 'orgName'] as const)('names a missing %s', (field) => {
    const { [field]: _removed, ...rest } = VALID_FIELDS;
    const error = errorOf(makeSToken(rest));
    expect(error.code).toBe('MISSING_FIELD');
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
  });

  it.each(['token', 'expDate', 'orgName'] as const)('names a %s of the wrong type', (field) => {
    const error = errorOf(makeSToken({ ...VALID_FIELDS, [field]: 42 }));
    expect(error.code).toBe('WRONG_FIELD_TYPE');
    expect(error.field).toBe(field);
  });

  it('rejects an empty inner token', () => {
    const error = errorOf(makeSToken({ ...VALID_FIELDS, token: '  ' }));
    expect(error.code).toBe('WRONG_FIELD_TYPE');
    expect(error.field).toBe('token');
  });

  it.each([
    'next year',
    '2030-11-08',
    '2030-13-08T22:33:22+0000',
    '2031-02-30T00:00:00+0000',
    '2030-11-08 22:33:22',
  ])('rejects the expDate %j', (expDate) => {
    const error = errorOf(makeSToken({ ...VALID_FIELDS, expDate }));
    expect(error.code).toBe('INVALID_EXP_DATE');
    expect(error.field).toBe('expDate');
  });

  it('never puts the file content or the token in the error', () => {
    const secretToken = 'very-secret-location-token-0042';
    const base64 = makeSToken({ ...VALID_FIELDS, token: secretToken, expDate: 'soon' });
    const error = errorOf(base64);
    const texts = [error.message, String(error), JSON.stringify(error), error.stack ?? ''];
    for (const text of texts) {
      expect(text).not.toContain(secretToken);
      expect(text).not.toContain(base64);
    }
  });
});
