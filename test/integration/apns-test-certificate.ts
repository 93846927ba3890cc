import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A self-signed MDM push certificate, as Apple's portal would issue (topic in the subject UID). */
export function makeApnsCertificate(days = 365, topic = 'com.apple.mgmt.External.1b2c3d4e'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'apns-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
        '-days',
        String(days),
        '-subj',
        `/UID=${topic}/CN=APSP:test`,
      ],
      { stdio: 'ignore' },
    );
    return readFileSync(path.join(dir, 'cert.pem'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
