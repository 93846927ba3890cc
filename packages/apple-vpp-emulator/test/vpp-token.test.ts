import { describe, expect, it } from 'vitest';
import { formatAppleDate, parseAppleDate } from '../src/apple/apple-date.ts';
import { decodeVppToken, encodeVppToken } from '../src/apple/vpp-token.ts';
import { VersionCounter } from '../src/state/version-counter.ts';

describe('.vpptoken content', () => {
  it('is base64 of JSON {token, expDate, orgName} with the offset written without a colon', () => {
    const file = encodeVppToken({
      token: 'abc+/=',
      expiresAt: new Date('2030-11-08T22:33:22.123Z'),
      orgName: 'Acme',
    });
    expect(file).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(JSON.parse(Buffer.from(file, 'base64').toString('utf8'))).toEqual({
      token: 'abc+/=',
      expDate: '2030-11-08T22:33:22+0000',
      orgName: 'Acme',
    });
  });

  it('decodes a file with trailing whitespace and rejects what is not a token', () => {
    const file = encodeVppToken({ token: 't', expiresAt: new Date('2031-01-02T03:04:05Z'), orgName: 'Org' });
    expect(decodeVppToken(`${file}\n`)?.expiresAt.toISOString()).toBe('2031-01-02T03:04:05.000Z');
    expect(decodeVppToken('not base64!')).toBeUndefined();
    expect(decodeVppToken(Buffer.from('{"token":1}').toString('base64'))).toBeUndefined();
  });

  it('formats and parses Apple dates', () => {
    expect(formatAppleDate(new Date('2030-11-08T22:33:22Z'))).toBe('2030-11-08T22:33:22+0000');
    expect(parseAppleDate('2030-11-08T22:33:22+0000')?.toISOString()).toBe('2030-11-08T22:33:22.000Z');
    expect(parseAppleDate('2030-11-08T23:33:22+0100')?.toISOString()).toBe('2030-11-08T22:33:22.000Z');
    expect(parseAppleDate('yesterday')).toBeUndefined();
  });
});

describe('version ids', () => {
  it('accepts ids it issued and rejects future, foreign and malformed ones', () => {
    const versions = new VersionCounter('location-a/assignments');
    const first = versions.currentVersionId;
    versions.bump();
    expect(versions.parse(first)).toBe(1);
    expect(versions.parse(versions.currentVersionId)).toBe(2);
    expect(versions.parse(versions.format(3))).toBeUndefined();
    expect(versions.parse(new VersionCounter('location-b/assignments').currentVersionId)).toBeUndefined();
    expect(versions.parse('garbage')).toBeUndefined();
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});
