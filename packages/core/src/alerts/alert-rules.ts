import {
  type AlertRule,
  type AlertScope,
  type AlertThreshold,
  type CreateAlertRule,
  thresholdProblem,
  type UpdateAlertRule,
} from '@vpp/contracts/alerts';
import { AppError } from '@vpp/contracts/errors';
import { Prisma } from '@vpp/db/client';
import type { Db, DbClient } from '@vpp/db/database';
import { recordAudit } from '../audit-log/record-audit.ts';
import { evaluateAlertsJob } from '../jobs/jobs.ts';
import type { RequestContext } from '../request-context.ts';

// What to watch and whom to tell. A new or changed rule is evaluated at once (a job queued in the
// same transaction), so a rule added while an app is already low fires without waiting for a sync.

const ruleInclude = {
  channels: { select: { channelId: true } },
  _count: { select: { states: { where: { state: 'FIRING' } } } },
} as const satisfies Prisma.AlertRuleInclude;

type RuleRow = Prisma.AlertRuleGetPayload<{ include: typeof ruleInclude }>;

function toAlertRule(row: RuleRow): AlertRule {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    threshold: row.threshold as AlertThreshold,
    channelIds: row.channels.map((channel) => channel.channelId).sort(),
    scope: (row.scope as AlertScope | null) ?? null,
    firingCount: row._count.states,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function audited(rule: AlertRule): Record<string, unknown> {
  const { firingCount: _firing, createdAt: _created, updatedAt: _updated, ...rest } = rule;
  return rest;
}

async function checkChannels(db: Db, channelIds: string[]): Promise<void> {
  const unique = [...new Set(channelIds)];
  const found = await db.alertChannel.count({ where: { id: { in: unique } } });
  if (found !== unique.length) {
    throw new AppError('VALIDATION_FAILED', 'A channel of the rule does not exist.', {
      errors: [{ path: 'body.channelIds', message: 'every id must name an existing alert channel' }],
    });
  }
}

export async function listAlertRules(db: Db): Promise<{ items: AlertRule[] }> {
  const rows = await db.alertRule.findMany({
    include: ruleInclude,
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
  return { items: rows.map(toAlertRule) };
}

export async function getAlertRule(db: Db, id: string): Promise<AlertRule> {
  const row = await db.alertRule.findUnique({ where: { id }, include: ruleInclude });
  if (!row) throw new AppError('NOT_FOUND', 'No such alert rule.');
  return toAlertRule(row);
}

export async function createAlertRule(
  prisma: DbClient,
  ctx: RequestContext,
  input: CreateAlertRule,
): Promise<AlertRule> {
  return prisma.$transaction(async (tx) => {
    await checkChannels(tx, input.channelIds);
    const created = await tx.alertRule.create({
      data: {
        name: input.name,
        kind: input.kind,
        threshold: input.threshold,
        scope: input.scope ?? undefined,
        channels: { create: [...new Set(input.channelIds)].map((channelId) => ({ channelId })) },
      },
      include: ruleInclude,
    });
    const rule = toAlertRule(created);
    await recordAudit(tx, ctx, {
      action: 'alert-rule.create',
      targetType: 'alert-rule',
      targetId: rule.id,
      summary: `Added alert rule "${rule.name}" (${rule.kind})`,
      after: audited(rule),
    });
    await evaluateAlertsJob.enqueue(tx, {});
    return rule;
  });
}

export async function updateAlertRule(
  prisma: DbClient,
  ctx: RequestContext,
  id: string,
  changes: UpdateAlertRule,
): Promise<AlertRule> {
  return prisma.$transaction(async (tx) => {
    const existing = await tx.alertRule.findUnique({ where: { id }, include: ruleInclude });
    if (!existing) throw new AppError('NOT_FOUND', 'No such alert rule.');
    const before = toAlertRule(existing);
    if (changes.threshold !== undefined) {
      const problem = thresholdProblem(before.kind, changes.threshold);
      if (problem) {
        throw new AppError('VALIDATION_FAILED', 'The threshold does not fit the rule.', {
          errors: [{ path: 'body.threshold', message: problem }],
        });
      }
    }
    if (changes.channelIds !== undefined) {
      await checkChannels(tx, changes.channelIds);
      await tx.alertRuleChannel.deleteMany({ where: { ruleId: id } });
      await tx.alertRuleChannel.createMany({
        data: [...new Set(changes.channelIds)].map((channelId) => ({ ruleId: id, channelId })),
      });
    }
    const updated = await tx.alertRule.update({
      where: { id },
      data: {
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.threshold !== undefined ? { threshold: changes.threshold } : {}),
        ...(changes.scope !== undefined ? { scope: changes.scope ?? Prisma.DbNull } : {}),
      },
      include: ruleInclude,
    });
    const rule = toAlertRule(updated);
    await recordAudit(tx, ctx, {
      action: 'alert-rule.update',
      targetType: 'alert-rule',
      targetId: id,
      summary: `Changed alert rule "${rule.name}"`,
      before: audited(before),
      after: audited(rule),
    });
    await evaluateAlertsJob.enqueue(tx, {});
    return rule;
  });
}

export async function deleteAlertRule(prisma: DbClient, ctx: RequestContext, id: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const existing = await tx.alertRule.findUnique({ where: { id }, include: ruleInclude });
    if (!existing) throw new AppError('NOT_FOUND', 'No such alert rule.');
    await tx.alertRule.delete({ where: { id } });
    await recordAudit(tx, ctx, {
      action: 'alert-rule.delete',
      targetType: 'alert-rule',
      targetId: id,
      summary: `Deleted alert rule "${existing.name}"`,
      before: audited(toAlertRule(existing)),
    });
  });
}
