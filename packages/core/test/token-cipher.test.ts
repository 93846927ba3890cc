import { describe, expect, it } from 'vitest';
import { createTokenCipher } from '../src/tokens/token-cipher.ts';

const key = Buffer.alloc(32, 9).toString('base64');

describe('token cipher', () => {
  it('round-trips and never stores the token in clear', () => {
    const cipher = createTokenCipher(key);
    const token = 'eyJ0b2tlbiI6InNlY3JldC1sb2NhdGlvbi10b2tlbiJ9';
    const sealed = cipher.encrypt(token);
    expect(Buffer.from(sealed).toString('utf8')).not.toContain(token);
    expect(Buffer.from(sealed).toString('base64')).not.toContain(token);
    expect(cipher.decrypt(sealed)).toBe(token);
    expect(Buffer.from(cipher.encrypt(token)).equals(Buffer.from(sealed))).toBe(false);
  });

  it('refuses a tampered ciphertext or another key', () => {
    const sealed = createTokenCipher(key).encrypt('secret-value');
    const tampered = new Uint8Array(sealed);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(() => createTokenCipher(key).decrypt(tampered)).toThrow();
    expect(() => createTokenCipher(Buffer.alloc(32, 8).toString('base64')).decrypt(sealed)).toThrow();
  });

  it('wants a 32-byte key', () => {
    expect(() => createTokenCipher(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
