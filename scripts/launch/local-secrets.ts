import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface LocalSecrets {
  SESSION_SECRET: string;
  TOKEN_ENCRYPTION_KEY: string;
  MDM_EVENTS_SECRET: string;
  POSTGRES_PASSWORD: string;
}

/**
 * The secrets of a local installation (`npm start`), made once and kept in the data folder with
 * owner-only permissions. Production passes them in the environment instead.
 */
export async function loadOrCreateLocalSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  const secrets: LocalSecrets = {
    SESSION_SECRET: randomBytes(48).toString('base64url'),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    MDM_EVENTS_SECRET: randomBytes(24).toString('base64url'),
    POSTGRES_PASSWORD: randomBytes(18).toString('base64url'),
  };
  // The folder stays traversable: as root, the embedded server runs as the postgres user inside it.
  await mkdir(dataDir, { recursive: true, mode: 0o755 });
  await writeFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}
