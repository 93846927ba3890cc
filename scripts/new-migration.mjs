#!/usr/bin/env node
// Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL from the shipped migrations to
// the current schema.prisma. Unlike `migrate dev` it never asks questions, so it runs anywhere.
// Usage: DATABASE_URL=postgresql://… npm run db:migration:new -- <name>   (the server hosts a shadow database)
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Give the migration a snake_case name: npm run db:migration:new -- add_something');
  process.exit(2);
}
const diff = spawnSync(
  process.execPath,
  [
    path.join(root, 'scripts', 'prisma-cli.mjs'),
    'migrate',
    'diff',
    '--from-migrations',
    'prisma/migrations',
    '--to-schema-datamodel',
    'prisma/schema.prisma',
    '--script',
  ],
  { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
);
if (diff.status !== 0) process.exit(diff.status ?? 1);
if (!diff.stdout.trim() || diff.stdout.includes('This is an empty migration')) {
  console.log('schema.prisma matches the migrations: nothing to write.');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
const folder = path.join(root, 'prisma', 'migrations', `${stamp}_${name}`);
mkdirSync(folder, { recursive: true });
writeFileSync(path.join(folder, 'migration.sql'), diff.stdout);
console.log(`wrote ${path.relative(root, folder)}/migration.sql`);
