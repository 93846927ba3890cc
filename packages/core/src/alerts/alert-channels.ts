import {
  type AlertChannel,
  type AlertDelivery,
  alertTargetProblem,
  type CreateAlertChannel,
  type UpdateAlertChannel,
} from '@vpp/contracts/alerts';
import { AppError } from '@vpp/contracts/errors';
import type { Paged, PageQuery } from '@vpp/contracts/paging';
import type { AlertChannel as AlertChannelRow, AlertDelivery as AlertDeliveryRow } from '@vpp/db/client';
import type { Db, DbClient } from '@vpp/db/database';
import { recordAudit } from '../audit-log/record-audit.ts';
import type { RequestContext } from '../request-context.ts';
import type { TokenCipher } from '../tokens/token-cipher.ts';

// Where alerts go. A webhook channel's secret is sealed with the sToken key and never leaves the
// server; the API shows `secretSet` instead.

export function toAlertChannel(row: AlertChannelRow): AlertChannel {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    target: row.target,
    secretSet: row.secretEncrypted !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toAlertDelivery(row: AlertDeliveryRow): AlertDelivery {
  return {
    id: row.id,
    channelId: row.channelId,
    ruleId: row.ruleId,
    purpose: row.purpose as AlertDelivery['purpose'],
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    responseCode: row.responseCode,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** The audit log's view of a channel: never the secret, only whether there is one. */
function audited(channel: AlertChannel): Record<string, unknown> {
  return { type: channel.type, name: channel.name, target: channel.target, secretSet: channel.secretSet };
}

export async function listAlertChannels(db: Db): Promise<{ items: AlertChannel[] }> {
  const rows = await db.alertChannel.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] });
  return { items: rows.map(toAlertChannel) };
}

export async function getAlertChannel(db: Db, id: string): Promise<AlertChannel> {
  const row = await db.alertChannel.findUnique({ where: { id } });
  if (!row) throw new AppError('NOT_FOUND', 'No such alert channel.');
  return toAlertChannel(row);
}

export async function createAlertChannel(
  prisma: DbClient,
  cipher: TokenCipher,
  ctx: RequestContext,
  input: CreateAlertChannel,
): Promise<AlertChannel> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.alertChannel.create({
      data: {
        type: input.type,
        name: input.name,
        target: input.target,
        secretEncrypted: input.secret !== undefined ? cipher.encrypt(input.secret) : null,
      },
    });
    const channel = toAlertChannel(row);
    await recordAudit(tx, ctx, {
      action: 'alert-channel.create',
      targetType: 'alert-channel',
      targetId: row.id,
      summary: `Added ${input.type.toLowerCase()} alert channel "${input.name}"`,
      after: audited(channel),
    });
    return channel;
  });
}

export async function updateAlertChannel(
  prisma: DbClient,
  cipher: TokenCipher,
  ctx: RequestContext,
  id: string,
  changes: UpdateAlertChannel,
): Promise<AlertChannel> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.alertChannel.findUnique({ where: { id } });
    if (!before) throw new AppError('NOT_FOUND', 'No such alert channel.');
    if (changes.target !== undefined) {
      const problem = alertTargetProblem(before.type, changes.target);
      if (problem) {
        throw new AppError('VALIDATION_FAILED', 'The target does not fit the channel type.', {
          errors: [{ path: 'body.target', message: problem }],
        });
      }
    }
    const row = await tx.alertChannel.update({
      where: { id },
      data: {
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.target !== undefined ? { target: changes.target } : {}),
        ...(changes.secret !== undefined ? { secretEncrypted: cipher.encrypt(changes.secret) } : {}),
      },
    });
    const channel = toAlertChannel(row);
    await recordAudit(tx, ctx, {
      action: 'alert-channel.update',
      targetType: 'alert-channel',
      targetId: id,
      summary: `Changed alert channel "${row.name}"${changes.secret !== undefined ? ' (new secret)' : ''}`,
      before: audited(toAlertChannel(before)),
      after: audited(channel),
    });
    return channel;
  });
}

export async function deleteAlertChannel(prisma: DbClient, ctx: RequestContext, id: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const row = await tx.alertChannel.findUnique({ where: { id } });
    if (!row) throw new AppError('NOT_FOUND', 'No such alert channel.');
    await tx.alertChannel.delete({ where: { id } });
    await recordAudit(tx, ctx, {
      action: 'alert-channel.delete',
      targetType: 'alert-channel',
      targetId: id,
      summary: `Deleted alert channel "${row.name}"`,
      before: audited(toAlertChannel(row)),
    });
  });
}

export async function listAlertDeliveries(
  db: Db,
  channelId: string,
  query: PageQuery,
): Promise<Paged<AlertDelivery>> {
  await getAlertChannel(db, channelId);
  const where = { channelId };
  const [total, rows] = await Promise.all([
    db.alertDelivery.count({ where }),
    db.alertDelivery.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
  ]);
  return { items: rows.map(toAlertDelivery), total, page: query.page, pageSize: query.pageSize };
}
