import type {
  AssetRef,
  ManageAssetsRequest,
  ManageUsersRequest,
  RequestUser,
  RevokeAssetsRequest,
} from './apple-payloads.ts';
import type { ResolvedLimits } from './service-limits.ts';

// Splitting writes into requests Apple accepts. Pure functions: the
// limits come from the live service config, the inputs from the caller.

export interface ManageAssetsInput {
  assets: AssetRef[];
  serialNumbers?: string[];
  clientUserIds?: string[];
}

/**
 * Associate/disassociate batches: every asset chunk (≤ maxAssets) crossed with every serial-number
 * chunk (≤ maxSerialNumbers) and every user chunk (≤ maxClientUserIds). Devices and users never
 * share a request: Apple's docs show them mixed, Fleet's code asserts Apple accepts only one kind.
 * Duplicates are removed first, because Apple rejects a request that has any (9703–9705).
 */
export function planManageAssetsBatches(
  input: ManageAssetsInput,
  limits: ResolvedLimits,
): ManageAssetsRequest[] {
  const assets = uniqueBy(input.assets, (asset) => `${asset.adamId}\u0000${asset.pricingParam ?? ''}`);
  const serialNumbers = uniqueBy(input.serialNumbers ?? [], (serial) => serial);
  const clientUserIds = uniqueBy(input.clientUserIds ?? [], (id) => id);
  const batches: ManageAssetsRequest[] = [];
  for (const assetChunk of chunk(assets, limits.maxAssets)) {
    for (const serialChunk of chunk(serialNumbers, limits.maxSerialNumbers)) {
      batches.push({ assets: assetChunk, serialNumbers: serialChunk });
    }
    for (const userChunk of chunk(clientUserIds, limits.maxClientUserIds)) {
      batches.push({ assets: assetChunk, clientUserIds: userChunk });
    }
  }
  return batches;
}

/** Revoke batches: serial numbers by maxRevokeSerialNumbers, user ids by maxRevokeClientUserIds, never mixed. */
export function planRevokeBatches(input: RevokeAssetsRequest, limits: ResolvedLimits): RevokeAssetsRequest[] {
  const serialNumbers = uniqueBy(input.serialNumbers ?? [], (serial) => serial);
  const clientUserIds = uniqueBy(input.clientUserIds ?? [], (id) => id);
  return [
    ...chunk(serialNumbers, limits.maxRevokeSerialNumbers).map((serialChunk) => ({
      serialNumbers: serialChunk,
    })),
    ...chunk(clientUserIds, limits.maxRevokeClientUserIds).map((userChunk) => ({ clientUserIds: userChunk })),
  ];
}

/** users/create, users/update, users/retire batches of ≤ maxUsers, one entry per clientUserId (the last wins). */
export function planUserBatches(users: RequestUser[], limits: ResolvedLimits): ManageUsersRequest[] {
  const latestByClientUserId = new Map<string, RequestUser>();
  for (const user of users) latestByClientUserId.set(user.clientUserId, user);
  return chunk([...latestByClientUserId.values()], limits.maxUsers).map((userChunk) => ({
    users: userChunk,
  }));
}

function uniqueBy<Item>(items: readonly Item[], key: (item: Item) => string): Item[] {
  const seen = new Set<string>();
  const unique: Item[] = [];
  for (const item of items) {
    const itemKey = key(item);
    if (seen.has(itemKey)) continue;
    seen.add(itemKey);
    unique.push(item);
  }
  return unique;
}

function chunk<Item>(items: readonly Item[], size: number): Item[][] {
  const chunkSize = Math.max(1, Math.floor(size));
  const chunks: Item[][] = [];
  for (let start = 0; start < items.length; start += chunkSize)
    chunks.push(items.slice(start, start + chunkSize));
  return chunks;
}
