import type { Token } from '@vpp/contracts/tokens';
import type { Category, SyncRun, TokenCategory, VppToken } from '@vpp/db/client';
import { computeTokenStatus } from '@vpp/domain/tokens/token-status';

export type TokenRow = VppToken & {
  categories: (TokenCategory & { category: Category })[];
  activeSyncRun: SyncRun | null;
};

/** What the API's view of a token is made from: a Prisma row with `tokenRowInclude`, or token-store.ts's. */
export type TokenViewRow = Pick<
  VppToken,
  | 'id'
  | 'name'
  | 'description'
  | 'appleId'
  | 'type'
  | 'orgName'
  | 'locationName'
  | 'expiresAt'
  | 'lastUpdatedAt'
  | 'lastSyncedAt'
  | 'lastSuccessfulSyncAt'
  | 'lastFullSyncAt'
  | 'nextSyncAt'
  | 'backoffUntil'
  | 'revokedAt'
  | 'foreignMdmInfo'
  | 'lastSyncError'
  | 'restoreSuspectedAt'
  | 'createdAt'
> & {
  categories: { category: Pick<Category, 'name'> }[];
  activeSyncRun: Pick<SyncRun, 'id' | 'status' | 'kind'> | null;
};

export const tokenRowInclude = {
  categories: { include: { category: true } },
  activeSyncRun: true,
} as const;

export function foreignMdmName(row: Pick<VppToken, 'foreignMdmInfo'>): string | null {
  const info = row.foreignMdmInfo as { name?: unknown } | null;
  if (!info) return null;
  return typeof info.name === 'string' ? info.name : '';
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** The API's view of a token: never the sToken, status computed by the one domain rule. */
export function toToken(row: TokenViewRow, now: Date): Token {
  const { status, reason, params } = computeTokenStatus(
    {
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
      foreignMdmName: foreignMdmName(row),
      lastSyncError: row.lastSyncError,
    },
    now,
  );
  return {
    id: row.id,
    ...tokenIdentity(row),
    expiresAt: row.expiresAt.toISOString(),
    lastUpdatedAt: row.lastUpdatedAt.toISOString(),
    lastSyncedAt: iso(row.lastSyncedAt),
    lastSuccessfulSyncAt: iso(row.lastSuccessfulSyncAt),
    lastFullSyncAt: iso(row.lastFullSyncAt),
    // Syncs wait for the admin while the token is revoked, expired or held by another MDM.
    nextSyncAt: ['REVOKED', 'EXPIRED', 'IN_USE_ELSEWHERE'].includes(status) ? null : iso(row.nextSyncAt),
    backoffUntil: iso(row.backoffUntil),
    status,
    statusReason: reason,
    statusReasonParams: params,
    categories: row.categories.map((link) => link.category.name).sort(),
    foreignMdmName: foreignMdmName(row),
    activeSyncRun: row.activeSyncRun
      ? { id: row.activeSyncRun.id, status: row.activeSyncRun.status, kind: row.activeSyncRun.kind }
      : null,
    restoreSuspectedAt: iso(row.restoreSuspectedAt),
    createdAt: row.createdAt.toISOString(),
  };
}

/** What the audit log keeps of a token: never the sToken. */
export function tokenAuditSnapshot(row: VppToken, categories: string[]) {
  return {
    ...tokenIdentity(row),
    expiresAt: row.expiresAt,
    categories,
  };
}

/** What names a token and its Apple location, in the API and in the audit log alike. */
function tokenIdentity(
  row: Pick<VppToken, 'name' | 'description' | 'appleId' | 'type' | 'orgName' | 'locationName'>,
) {
  return {
    name: row.name,
    description: row.description,
    appleId: row.appleId,
    type: row.type,
    orgName: row.orgName,
    locationName: row.locationName,
  };
}
