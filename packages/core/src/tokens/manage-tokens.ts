import { AppError } from '@vpp/contracts/errors';
import type { Paged } from '@vpp/contracts/paging';
import type {
  CreateTokenFields,
  DeletionPreview,
  Token,
  TokenListQuery,
  UpdateTokenFields,
} from '@vpp/contracts/tokens';
import { Prisma } from '@vpp/db/client';
import type { Db } from '@vpp/db/database';
import type { Sql } from '@vpp/db/transaction';
import { computeTokenStatus } from '@vpp/domain/tokens/token-status';
import { recordAudit } from '../audit-log/record-audit.ts';
import type { RequestContext } from '../request-context.ts';
import { installationId, ourMdmInfo } from '../settings/installation-identity.ts';
import { requestSyncInTransaction } from '../sync/request-sync.ts';
import { forgetSyncSlot, setNextSyncAt } from '../sync/sync-run-store.ts';
import { nextScheduledSync } from '../sync/sync-schedule.ts';
import { appleErrorToAppError } from './apple-errors-to-app-errors.ts';
import { type CheckedTokenFile, checkTokenFile } from './read-token-file.ts';
import { tokenFingerprint } from './token-cipher.ts';
import type { TokenServiceDeps } from './token-service-deps.ts';
import { selectTokenPage } from './token-store.ts';
import { type TokenRow, tokenAuditSnapshot, tokenRowInclude, toToken } from './token-view.ts';

async function findTokenRow(db: Db, id: string): Promise<TokenRow> {
  const row = await db.vppToken.findUnique({ where: { id }, include: tokenRowInclude });
  if (!row) throw new AppError('NOT_FOUND', 'No such token.');
  return row;
}

export async function getToken(deps: TokenServiceDeps, id: string): Promise<Token> {
  return toToken(await findTokenRow(deps.prisma, id), deps.now());
}

/** The token list: two statements (page and count) at any page size, the status filtered in SQL. */
export async function listTokens(sql: Sql, query: TokenListQuery, now: Date): Promise<Paged<Token>> {
  const { total, rows } = await selectTokenPage(sql, query, now);
  return { total, page: query.page, pageSize: query.pageSize, items: rows.map((row) => toToken(row, now)) };
}

async function linkCategories(tx: Db, tokenId: string, names: string[]): Promise<void> {
  await tx.tokenCategory.deleteMany({ where: { tokenId } });
  for (const name of names) {
    const category = await tx.category.upsert({ where: { name }, create: { name }, update: {} });
    await tx.tokenCategory.create({ data: { tokenId, categoryId: category.id } });
  }
}

/** Claims the location for this installation at Apple, unless another MDM holds it and takeOver is false. */
async function claimLocation(
  deps: TokenServiceDeps,
  checked: CheckedTokenFile,
  takeOver: boolean,
): Promise<void> {
  if (checked.foreignMdm && !takeOver) {
    throw new AppError(
      'TOKEN_IN_USE_ELSEWHERE',
      `This location is managed by another MDM (${checked.foreignMdm.name || 'unnamed'}). Taking it over stops that MDM from managing its licenses: confirm to take it over.`,
      { extensions: { mdmName: checked.foreignMdm.name } },
    );
  }
  if (checked.clientConfig.mdmInfo?.id === checked.ourMdmId) return;
  try {
    await deps.appleClients
      .forToken(checked.file.sToken)
      .updateClientConfig({ mdmInfo: ourMdmInfo(checked.ourMdmId) });
  } catch (error) {
    throw appleErrorToAppError(error);
  }
}

export async function addToken(
  deps: TokenServiceDeps,
  ctx: RequestContext,
  fields: CreateTokenFields,
  fileContent: Buffer | undefined,
): Promise<Token> {
  const checked = await checkTokenFile(deps, fileContent);
  const locationUid = checked.clientConfig.uId;
  // Cheap refusals before anything is written at Apple; the transaction below checks again under a lock.
  if (await deps.prisma.vppToken.findUnique({ where: { locationUid }, select: { id: true } })) {
    throw new AppError('TOKEN_ALREADY_ADDED', 'This location is already added. Renew its token instead.');
  }
  if ((await deps.prisma.vppToken.count()) >= deps.maxTokens) {
    throw new AppError(
      'TOKEN_LIMIT_REACHED',
      `An installation holds at most ${deps.maxTokens} tokens. Delete one first.`,
    );
  }
  await claimLocation(deps, checked, fields.takeOver);

  const tokenId = await deps.prisma.$transaction(async (tx) => {
    // Serialises uploads so the limit and the one-token-per-location rule hold under concurrency.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('vpp-console:token-upload'))`;
    if ((await tx.vppToken.count()) >= deps.maxTokens) {
      throw new AppError(
        'TOKEN_LIMIT_REACHED',
        `An installation holds at most ${deps.maxTokens} tokens. Delete one first.`,
      );
    }
    if (await tx.vppToken.findUnique({ where: { locationUid }, select: { id: true } })) {
      throw new AppError('TOKEN_ALREADY_ADDED', 'This location is already added. Renew its token instead.');
    }
    const row = await tx.vppToken.create({
      data: {
        name: fields.name,
        description: fields.description,
        appleId: fields.appleId,
        type: fields.type,
        orgName: checked.file.orgName,
        locationName: checked.clientConfig.locationName ?? '',
        locationUid,
        sTokenEncrypted: deps.cipher.encrypt(checked.file.sToken),
        sTokenSha256: tokenFingerprint(checked.file.sToken),
        expiresAt: checked.file.expDate,
        lastUpdatedAt: deps.now(),
        countryCode: checked.clientConfig.countryISO2ACode ?? null,
        nextSyncAt: null,
        websiteUrl: checked.clientConfig.websiteURL ?? null,
      },
    });
    await linkCategories(tx, row.id, fields.categories);
    await setNextSyncAt(tx, row.id, nextScheduledSync(deps.schedule, row.id));
    await requestSyncInTransaction(tx, row.id, 'FULL', 'UPLOAD');
    await recordAudit(tx, ctx, {
      action: 'token.create',
      targetType: 'token',
      targetId: row.id,
      summary: `Added token ${row.name} (${row.orgName}${checked.foreignMdm ? `, taken over from ${checked.foreignMdm.name || 'another MDM'}` : ''})`,
      after: tokenAuditSnapshot(row, fields.categories),
    });
    return row.id;
  });
  return getToken(deps, tokenId);
}

export async function updateToken(
  deps: TokenServiceDeps,
  ctx: RequestContext,
  id: string,
  fields: UpdateTokenFields,
  newFileContent: Buffer | undefined,
): Promise<Token> {
  const before = await findTokenRow(deps.prisma, id);
  let renewal: CheckedTokenFile | undefined;
  if (newFileContent) {
    renewal = await checkTokenFile(deps, newFileContent);
    if (renewal.clientConfig.uId !== before.locationUid) {
      throw new AppError(
        'TOKEN_LOCATION_MISMATCH',
        `This file is for another location (${renewal.file.orgName}${renewal.clientConfig.locationName ? `, ${renewal.clientConfig.locationName}` : ''}). Add it as a new token instead.`,
      );
    }
    await claimLocation(deps, renewal, fields.takeOver ?? false);
  } else if (fields.takeOver) {
    const sToken = deps.cipher.decrypt(before.sTokenEncrypted);
    await claimLocation(deps, await checkTokenFile(deps, Buffer.from(sToken)), true);
  }
  const categories = fields.categories;
  await deps.prisma.$transaction(async (tx) => {
    const after = await tx.vppToken.update({
      where: { id },
      data: {
        name: fields.name,
        description: fields.description,
        appleId: fields.appleId,
        ...(renewal
          ? {
              sTokenEncrypted: deps.cipher.encrypt(renewal.file.sToken),
              sTokenSha256: tokenFingerprint(renewal.file.sToken),
              expiresAt: renewal.file.expDate,
              orgName: renewal.file.orgName,
              lastUpdatedAt: deps.now(),
              revokedAt: null,
              lastSyncError: null,
              lastSyncErrorCode: null,
            }
          : {}),
        // We hold the location again (claimLocation above wrote our mdmInfo).
        ...(renewal || fields.takeOver ? { foreignMdmInfo: Prisma.DbNull } : {}),
      },
    });
    if (renewal || fields.takeOver) {
      await requestSyncInTransaction(tx, id, 'FULL', 'MANUAL');
    }
    if (categories) await linkCategories(tx, id, categories);
    const beforeCategories = before.categories.map((link) => link.category.name);
    await recordAudit(tx, ctx, {
      action: renewal ? 'token.renew' : 'token.update',
      targetType: 'token',
      targetId: id,
      summary: renewal ? `Renewed token ${after.name} with a new file` : `Updated token ${after.name}`,
      before: tokenAuditSnapshot(before, beforeCategories),
      after: tokenAuditSnapshot(after, categories ?? beforeCategories),
    });
  });
  return getToken(deps, id);
}

export async function tokenDeletionPreview(deps: TokenServiceDeps, id: string): Promise<DeletionPreview> {
  await findTokenRow(deps.prisma, id);
  const [apps, applications, deployments, assignedLicenses] = await Promise.all([
    deps.prisma.storeApp.count({ where: { tokenId: id } }),
    deps.prisma.application.count({ where: { storeApp: { tokenId: id } } }),
    deps.prisma.deployment.count({ where: { application: { storeApp: { tokenId: id } } } }),
    deps.prisma.licenseAssignment.count({ where: { tokenId: id } }),
  ]);
  return { apps, applications, deployments, assignedLicenses };
}

export async function deleteToken(deps: TokenServiceDeps, ctx: RequestContext, id: string): Promise<void> {
  const row = await findTokenRow(deps.prisma, id);
  const preview = await tokenDeletionPreview(deps, id);
  // Hand the location back: clear our mdmInfo at Apple while the token still works. A token Apple no
  // longer accepts is deleted all the same.
  const status = computeTokenStatus(
    { expiresAt: row.expiresAt, revokedAt: row.revokedAt, foreignMdmName: null, lastSyncError: null },
    deps.now(),
  ).status;
  if (status === 'VALID' || status === 'EXPIRING') {
    try {
      const client = deps.appleClients.forToken(deps.cipher.decrypt(row.sTokenEncrypted));
      const config = await client.getClientConfig();
      if (config.mdmInfo?.id === (await installationId(deps.prisma))) {
        await client.updateClientConfig({ mdmInfo: null });
      }
    } catch {
      // Apple unreachable or refusing: the admin asked to delete; the location keeps our mdmInfo.
    }
  }
  await deps.prisma.$transaction(async (tx) => {
    await forgetSyncSlot(tx, id);
    // Assignments carry no foreign key (a sync inserts too many for one to be checked per row).
    await tx.licenseAssignment.deleteMany({ where: { tokenId: id } });
    await tx.vppToken.delete({ where: { id } });
    await recordAudit(tx, ctx, {
      action: 'token.delete',
      targetType: 'token',
      targetId: id,
      summary: `Deleted token ${row.name} with ${preview.apps} apps, ${preview.applications} applications, ${preview.deployments} deployments and ${preview.assignedLicenses} license records`,
      before: {
        ...tokenAuditSnapshot(
          row,
          row.categories.map((link) => link.category.name),
        ),
        ...preview,
      },
    });
  });
}
