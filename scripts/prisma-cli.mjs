#!/usr/bin/env node
// Runs the Prisma CLI. `generate` reads no database, but Prisma 6 refuses a schema whose
// env("DATABASE_URL") is unset, so a placeholder stands in for it there.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = createRequire(import.meta.url).resolve('prisma/build/index.js');
let args = process.argv.slice(2);
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
// The product passes the database URL on stdin so that a password never shows in a process list.
if (args[0] === '--database-url-stdin') {
  env.DATABASE_URL = readFileSync(0, 'utf8').trim();
  args = args.slice(1);
}
if (args[0] === 'generate' && !env.DATABASE_URL)
  env.DATABASE_URL = 'postgresql://generate-only@localhost/none';
const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, env, stdio: 'inherit' });
process.exit(result.status ?? 1);
