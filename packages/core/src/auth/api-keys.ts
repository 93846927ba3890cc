import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '@vpp/contracts/accounts';
import {
  API_KEY_PREFIX,
  type ApiKey,
  type CreateApiKeyRequest,
  type CreatedApiKey,
} from '@vpp/contracts/api-keys';
import { AppError } from '@vpp/contracts/errors';
import type { Database } from '@vpp/db/database';
import { type Sql, withTransaction } from '@vpp/db/transaction';
import { recordAuditSql } from '../audit-log/record-audit.ts';
import type { Actor, RequestContext } from '../request-context.ts';
import { roleFromDb, roleToDb } from './account-view.ts';

// API keys for scripts and pipelines. A key is `vpp_` + 32 random bytes (base64url): guessing one is
// hopeless, so a plain SHA-256 of it is a safe thing to store and look up by (no slow hash needed,
// which keeps the per-request lookup one indexed read).

const KEY_BYTES = 32;
const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 6;
/** last_used_at is written at most this often per key, so a busy script does not write on every call. */
const LAST_USED_RESOLUTION_SECONDS = 60;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(API_KEY_PREFIX) && value.length < 200;
}

interface ApiKeyRow {
  id: string;
  name: string;
  role: 'ADMIN' | 'MANAGER';
  categories: string[];
  key_prefix: string;
  created_at: Date;
  created_by: string | null;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

function toApiKey(row: ApiKeyRow, now: Date): ApiKey {
  const status = row.revoked_at ? 'revoked' : row.expires_at && row.expires_at <= now ? 'expired' : 'active';
  return {
    id: row.id,
    name: row.name,
    role: roleFromDb(row.role),
    categories: row.categories,
    keyPrefix: `${row.key_prefix}…`,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    expiresAt: row.expires_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    status,
  };
}

const SELECT_KEYS = `SELECT k.id, k.name, k.role, k.categories, k.key_prefix, k.created_at, a.email AS created_by,
                            k.expires_at, k.last_used_at, k.revoked_at
                       FROM api_keys k LEFT JOIN accounts a ON a.id = k.created_by_id`;

export async function createApiKey(
  database: Pick<Database, 'pool'>,
  ctx: RequestContext,
  input: CreateApiKeyRequest,
  now: Date,
): Promise<CreatedApiKey> {
  const actor = ctx.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in to use this.');
  // A leaked key must not be able to mint keys that outlive its own revocation.
  if (actor.apiKey)
    throw new AppError('FORBIDDEN', 'An API key cannot create API keys; sign in to the console.');
  if (input.categories && input.categories.length > 0) {
    throw new AppError(
      'SCOPES_NOT_SUPPORTED',
      'Keys limited to token categories are not available yet; leave categories empty for an unscoped key.',
    );
  }
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt <= now) {
    throw new AppError('VALIDATION_FAILED', 'The expiry must be in the future.', {
      errors: [{ path: 'body.expiresAt', message: 'must be in the future' }],
    });
  }
  const key = `${API_KEY_PREFIX}${randomBytes(KEY_BYTES).toString('base64url')}`;
  const name = input.name.trim();
  return withTransaction(database, async (tx) => {
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO api_keys (id, name, role, categories, key_hash, key_prefix, created_by_id, created_at, expires_at)
       VALUES (gen_random_uuid(), $1, $2::"Role", $3, $4, $5, $6, $7, $8)
       RETURNING id`,
      [
        name,
        roleToDb(input.role as Role),
        [],
        hashApiKey(key),
        key.slice(0, SHOWN_PREFIX_LENGTH),
        actor.id,
        now,
        expiresAt,
      ],
    );
    const id = inserted.rows[0]!.id;
    const row = (await tx.query<ApiKeyRow>(`${SELECT_KEYS} WHERE k.id = $1`, [id])).rows[0]!;
    await recordAuditSql(tx, ctx, {
      action: 'api-key.create',
      targetType: 'api-key',
      targetId: id,
      summary: `Created API key "${name}" (${input.role})`,
      after: { name, role: input.role, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { ...toApiKey(row, now), key };
  });
}

export async function listApiKeys(sql: Sql, now: Date): Promise<{ items: ApiKey[] }> {
  const result = await sql.query<ApiKeyRow>(
    `${SELECT_KEYS} ORDER BY k.revoked_at IS NOT NULL, k.created_at DESC`,
  );
  return { items: result.rows.map((row) => toApiKey(row, now)) };
}

/** Revokes a key: it answers 401 from the next request on. The row stays, so the audit log still names it. */
export async function revokeApiKey(
  database: Pick<Database, 'pool'>,
  ctx: RequestContext,
  id: string,
  now: Date,
): Promise<void> {
  await withTransaction(database, async (tx) => {
    const found = await tx.query<{ name: string; revoked_at: Date | null }>(
      'SELECT name, revoked_at FROM api_keys WHERE id = $1 FOR UPDATE',
      [id],
    );
    const key = found.rows[0];
    if (!key) throw new AppError('NOT_FOUND', 'No such API key.');
    if (key.revoked_at) return;
    await tx.query('UPDATE api_keys SET revoked_at = $2 WHERE id = $1', [id, now]);
    await recordAuditSql(tx, ctx, {
      action: 'api-key.revoke',
      targetType: 'api-key',
      targetId: id,
      summary: `Revoked API key "${key.name}"`,
    });
  });
}

/**
 * The caller behind a bearer key, or null when the key is unknown, revoked or expired. One indexed
 * read; last_used_at is bumped by a second statement at most once a minute per key.
 */
export async function findApiKeyActor(sql: Sql, key: string, now: Date): Promise<Actor | null> {
  if (!looksLikeApiKey(key)) return null;
  const result = await sql.query<{
    id: string;
    name: string;
    role: 'ADMIN' | 'MANAGER';
    last_used_at: Date | null;
  }>(
    `SELECT id, name, role, last_used_at FROM api_keys
      WHERE key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
    [hashApiKey(key), now],
  );
  const row = result.rows[0];
  if (!row) return null;
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > LAST_USED_RESOLUTION_SECONDS * 1000) {
    await sql.query('UPDATE api_keys SET last_used_at = $2 WHERE id = $1', [row.id, now]);
  }
  return {
    id: row.id,
    email: `api-key:${row.name}`,
    role: roleFromDb(row.role),
    apiKey: { id: row.id, name: row.name },
  };
}
