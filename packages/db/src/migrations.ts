import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const migrationsDir = path.join(repoRoot, 'prisma', 'migrations');

/** The migrations this build ships, by folder name, in order. */
export function shippedMigrations(): string[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Applies pending migrations with `prisma migrate deploy` (the CLI, through its wasm engine). */
export async function applyMigrations(databaseUrl: string): Promise<void> {
  const cli = path.join(repoRoot, 'scripts', 'prisma-cli.mjs');
  await new Promise<void>((resolve, reject) => {
    // The URL goes through stdin: it may hold a password, which argv would show to every user.
    const child = spawn(process.execPath, [cli, '--database-url-stdin', 'migrate', 'deploy'], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end(`${databaseUrl}\n`);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output}`)),
    );
  });
}

/** Shipped migrations not (successfully) applied to this database; empty when it is up to date. */
export async function pendingMigrations(pool: pg.Pool): Promise<string[]> {
  const applied = new Set<string>();
  try {
    const result = await pool.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    for (const row of result.rows) applied.add(row.migration_name);
  } catch (error) {
    if ((error as { code?: string }).code !== '42P01') throw error;
  }
  return shippedMigrations().filter((name) => !applied.has(name));
}
