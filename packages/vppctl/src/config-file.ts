import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

// Where `vppctl login` keeps the console's URL and the API key: a JSON file only its owner can read
// (0600). VPPCTL_URL and VPPCTL_API_KEY override it, so a pipeline needs no file at all.

const storedSchema = z.object({ url: z.url(), apiKey: z.string().min(1) });
export type Credentials = z.infer<typeof storedSchema>;

export type Env = Record<string, string | undefined>;

export function configPath(env: Env): string {
  if (env.VPPCTL_CONFIG) return env.VPPCTL_CONFIG;
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'vppctl', 'config.json');
}

export async function writeCredentials(env: Env, credentials: Credentials): Promise<string> {
  const file = configPath(env);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600); // an existing file keeps its mode on write
  return file;
}

/** The credentials to use: the environment's, else the file's; null when neither has them. */
export async function readCredentials(env: Env): Promise<Credentials | null> {
  let stored: Partial<Credentials> = {};
  try {
    const parsed = storedSchema.partial().safeParse(JSON.parse(await readFile(configPath(env), 'utf8')));
    if (parsed.success) stored = parsed.data;
  } catch {
    // no file yet
  }
  const url = env.VPPCTL_URL || stored.url;
  const apiKey = env.VPPCTL_API_KEY || stored.apiKey;
  return url && apiKey ? { url, apiKey } : null;
}
