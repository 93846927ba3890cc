import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

// sTokens at rest: AES-256-GCM with a random 96-bit IV; stored as iv | tag | ciphertext.
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface TokenCipher {
  encrypt(plain: string): Uint8Array<ArrayBuffer>;
  decrypt(sealed: Uint8Array): string;
}

export function createTokenCipher(base64Key: string): TokenCipher {
  const key = Buffer.from(base64Key, 'base64');
  if (key.length !== 32) throw new Error('The token encryption key must be 32 bytes.');
  return {
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), ciphertext]));
    },
    decrypt(sealed) {
      const buffer = Buffer.from(sealed);
      const decipher = createDecipheriv('aes-256-gcm', key, buffer.subarray(0, IV_BYTES));
      decipher.setAuthTag(buffer.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([
        decipher.update(buffer.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}

/** Recognises the same file uploaded twice without keeping the token in clear. */
export function tokenFingerprint(fileContent: string): string {
  return createHash('sha256').update(fileContent.trim()).digest('hex');
}
