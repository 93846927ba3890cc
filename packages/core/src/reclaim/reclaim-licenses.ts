import type { VppClientFactory } from '@vpp/apple-vpp-client';
import { AppError } from '@vpp/contracts/errors';
import {
  RECLAIM_UNDO_DAYS,
  type Reclaim,
  type ReclaimCandidate,
  type ReclaimCandidates,
  type ReclaimCandidatesQuery,
  type ReclaimRequest,
  type ReclaimResult,
  type ReclaimRule,
  type ReclaimSchedule,
  type ReclaimsPage,
  reclaimScheduleSchema,
} from '@vpp/contracts/reclaim';
import type { Database, Db, DbClient } from '@vpp/db/database';
import { type Transaction, withTransaction } from '@vpp/db/transaction';
import { recordAudit, recordAuditSql } from '../audit-log/record-audit.ts';
import { createDeployment } from '../deployments/create-deployment.ts';
import {
  forgetReleasedLicenses,
  lockStoreApp,
  recordClaimedLicenses,
} from '../deployments/deployment-store.ts';
import { readCurrency } from '../license-history/license-intelligence-settings.ts';
import { type RequestContext, systemContext } from '../request-context.ts';
import { appleErrorToAppError } from '../tokens/apple-errors-to-app-errors.ts';
import type { TokenCipher } from '../tokens/token-cipher.ts';
import {
  type CandidateRow,
  daysOf,
  findCandidates,
  parseCandidateId,
  toCandidate,
} from './reclaim-candidates.ts';

// Reclaim (docs/license-intelligence.md): a rule's candidates are taken back — an app installed
// there is removed first by an uninstall deployment (which then releases the license, as every
// uninstall does), the others are released at Apple at once — and recorded, so an admin can undo
// the reclaim for 7 days (the licenses are assigned again if enough are free).

export interface ReclaimDeps {
  database: Database;
  cipher: TokenCipher;
  appleClients: VppClientFactory;
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

const DAY_MS = 86_400_000;
/** A reclaim takes at most this many licenses at once. */
const MAX_PER_RECLAIM = 10_000;

export async function listReclaimCandidates(
  deps: { database: Database },
  query: ReclaimCandidatesQuery,
  now: Date,
): Promise<ReclaimCandidates> {
  const days = daysOf(query.rule, query.days);
  const [found, currency] = await Promise.all([
    findCandidates(deps.database.pool, { rule: query.rule, days: query.days, tokenId: query.tokenId }, now),
    readCurrency(deps.database.prisma),
  ]);
  return {
    rule: query.rule,
    days,
    currency,
    items: found.rows.map((row) => toCandidate(query.rule, days, row)),
    total: found.total,
    freedMinor: found.freedMinor,
  };
}

/** The candidates a request names: a rule's (all of them), or the ids given that still qualify. */
async function resolveCandidates(deps: ReclaimDeps, request: ReclaimRequest, now: Date) {
  const picked: { rule: ReclaimRule; days: number | null; row: CandidateRow }[] = [];
  if (request.rule) {
    const found = await findCandidates(
      deps.database.pool,
      { rule: request.rule, days: request.days, tokenId: request.tokenId },
      now,
      MAX_PER_RECLAIM,
    );
    const days = daysOf(request.rule, request.days);
    for (const row of found.rows) picked.push({ rule: request.rule, days, row });
    return picked;
  }
  const wanted = new Map<string, Set<string>>();
  for (const id of request.candidateIds ?? []) {
    const parsed = parseCandidateId(id);
    if (!parsed) {
      throw new AppError('VALIDATION_FAILED', 'A candidate id is not valid.', {
        errors: [{ path: 'body.candidateIds', message: `${id.slice(0, 40)} is no candidate id` }],
      });
    }
    const key = JSON.stringify([parsed.rule, parsed.days ?? null]);
    wanted.set(key, (wanted.get(key) ?? new Set()).add(id));
  }
  for (const [key, ids] of wanted) {
    const [rule, daysGiven] = JSON.parse(key) as [ReclaimRule, number | null];
    const found = await findCandidates(
      deps.database.pool,
      { rule, days: daysGiven ?? undefined },
      now,
      MAX_PER_RECLAIM,
    );
    const days = daysOf(rule, daysGiven ?? undefined);
    for (const row of found.rows) {
      if (ids.has(toCandidate(rule, days, row).id)) picked.push({ rule, days, row });
    }
  }
  return picked;
}

interface Group {
  storeAppId: string;
  tokenId: string;
  adamId: string;
  pricingParam: string;
  appName: string;
  licenseType: 'DEVICE' | 'USER';
  members: { rule: ReclaimRule; row: CandidateRow }[];
}

function groupByApp(picked: { rule: ReclaimRule; row: CandidateRow }[]): Group[] {
  const groups = new Map<string, Group>();
  for (const { rule, row } of picked) {
    const key = `${row.store_app_id}:${row.license_type}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        storeAppId: row.store_app_id,
        tokenId: row.token_id,
        adamId: row.adam_id,
        pricingParam: row.pricing_param,
        appName: row.app_name,
        licenseType: row.license_type,
        members: [],
      };
      groups.set(key, group);
    }
    // One holder once, whichever rule found it.
    if (!group.members.some((member) => member.row.assignee === row.assignee))
      group.members.push({ rule, row });
  }
  return [...groups.values()];
}

async function insertItems(
  tx: Transaction,
  reclaimId: string,
  group: Group,
  members: Group['members'],
  method: 'RELEASED' | 'UNINSTALL_DEPLOYMENT',
  extra: { deploymentId?: string; appleEventIds?: string[] },
): Promise<void> {
  await tx.query(
    `INSERT INTO reclaim_items (reclaim_id, rule, store_app_id, token_id, adam_id, pricing_param, app_name,
                                license_type, assignee, assignee_name, method, deployment_id, apple_event_ids, price_minor)
     SELECT $1, m.rule::"ReclaimRule", $2, $3, $4, $5, $6, $7::"LicenseType", m.assignee, m.assignee_name,
            $8::"ReclaimMethod", $9, $10, m.price_minor
       FROM unnest($11::text[], $12::text[], $13::text[], $14::bigint[]) AS m(rule, assignee, assignee_name, price_minor)`,
    [
      reclaimId,
      group.storeAppId,
      group.tokenId,
      group.adamId,
      group.pricingParam,
      group.appName,
      group.licenseType,
      method,
      extra.deploymentId ?? null,
      extra.appleEventIds ?? [],
      members.map((member) => member.rule),
      members.map((member) => member.row.assignee),
      members.map((member) => member.row.assignee_name),
      members.map((member) => member.row.price_minor),
    ],
  );
}

async function appleClientFor(deps: ReclaimDeps, tokenId: string) {
  const token = await deps.database.prisma.vppToken.findUnique({
    where: { id: tokenId },
    select: { sTokenEncrypted: true },
  });
  if (!token) throw new AppError('NOT_FOUND', 'The token of a license no longer exists.');
  return deps.appleClients.forToken(deps.cipher.decrypt(Buffer.from(token.sTokenEncrypted)));
}

function holders(group: Pick<Group, 'licenseType'>, assignees: string[]) {
  return group.licenseType === 'DEVICE' ? { serialNumbers: assignees } : { clientUserIds: assignees };
}

/** Releases the group's licenses at Apple and forgets them here at once (the next sync confirms). */
async function releaseAtApple(deps: ReclaimDeps, reclaimId: string, group: Group, members: Group['members']) {
  const client = await appleClientFor(deps, group.tokenId);
  const assignees = members.map((member) => member.row.assignee);
  let eventIds: string[];
  try {
    const submission = await client.disassociateAssets({
      assets: [{ adamId: group.adamId, pricingParam: group.pricingParam as 'STDQ' | 'PLUS' }],
      ...holders(group, assignees),
    });
    eventIds = submission.eventIds;
  } catch (error) {
    throw appleErrorToAppError(error);
  }
  await withTransaction(deps.database, async (tx) => {
    await lockStoreApp(tx, group.storeAppId);
    await forgetReleasedLicenses(
      tx,
      group.tokenId,
      { id: group.storeAppId, adam_id: group.adamId, pricing_param: group.pricingParam },
      group.licenseType,
      assignees,
    );
    await insertItems(tx, reclaimId, group, members, 'RELEASED', { appleEventIds: eventIds });
  });
}

/**
 * Holders with the app installed: a collection of them and an uninstall deployment of the app's
 * application. Returns false when that is not possible (no application, no APNs certificate):
 * the caller releases the licenses at once instead.
 */
async function uninstallFirst(
  deps: ReclaimDeps,
  ctx: RequestContext,
  reclaimId: string,
  group: Group,
  members: Group['members'],
  now: Date,
): Promise<boolean> {
  const prisma = deps.database.prisma;
  const application = await prisma.application.findFirst({
    where: { storeAppId: group.storeAppId },
    orderBy: { createdAt: 'asc' },
    select: { id: true },
  });
  if (!application) return false;
  const assignees = members.map((member) => member.row.assignee);
  const collection = await prisma.collection.create({
    data: {
      name: `Reclaim ${now.toISOString().slice(0, 16).replace('T', ' ')} ${group.appName || group.adamId} ${reclaimId.slice(0, 8)} ${group.licenseType.toLowerCase()}`,
      description: `Holders whose license of ${group.appName || group.adamId} a reclaim took back (reclaim ${reclaimId}).`,
      type: group.licenseType === 'DEVICE' ? 'DEVICE' : 'USER',
    },
  });
  if (group.licenseType === 'DEVICE') {
    const devices = await prisma.device.findMany({
      where: { serialNumber: { in: assignees } },
      select: { id: true },
    });
    await prisma.collectionDevice.createMany({
      data: devices.map((device) => ({ collectionId: collection.id, deviceId: device.id })),
    });
  } else {
    const people = await prisma.person.findMany({
      where: { clientUserId: { in: assignees } },
      select: { id: true },
    });
    await prisma.collectionPerson.createMany({
      data: people.map((person) => ({ collectionId: collection.id, personId: person.id })),
    });
  }
  let deploymentId: string;
  try {
    deploymentId = (
      await createDeployment(
        deps.database,
        ctx,
        {
          applicationId: application.id,
          collectionId: collection.id,
          action: 'UNINSTALL',
          purpose: 'REQUIRED',
        },
        now,
      )
    ).id;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    deps.logger.warn({ reclaimId, code: error.code }, 'reclaim: no uninstall deployment, releasing at once');
    await prisma.collection.delete({ where: { id: collection.id } });
    return false;
  }
  await withTransaction(deps.database, (tx) =>
    insertItems(tx, reclaimId, group, members, 'UNINSTALL_DEPLOYMENT', { deploymentId }),
  );
  return true;
}

/** `POST /api/reclaim`: a dry run lists what would go; otherwise it goes, recorded for undo. */
export async function reclaimLicenses(
  deps: ReclaimDeps,
  ctx: RequestContext,
  request: ReclaimRequest,
  now: Date,
): Promise<ReclaimResult> {
  const picked = await resolveCandidates(deps, request, now);
  const currency = await readCurrency(deps.database.prisma);
  const candidates: ReclaimCandidate[] = picked.map(({ rule, days, row }) => toCandidate(rule, days, row));
  const freedMinor = candidates.reduce((sum, candidate) => sum + (candidate.priceMinor ?? 0), 0);
  const uninstalls = candidates.filter((candidate) => candidate.installed).length;
  if (request.dryRun || picked.length === 0) {
    return { dryRun: request.dryRun, reclaim: null, candidates, freedMinor, currency, uninstalls };
  }
  const created = await deps.database.pool.query<{ id: string }>(
    `INSERT INTO reclaims (rule, days, actor_email, freed_minor, currency, created_at)
     VALUES ($1::"ReclaimRule", $2, $3, $4, $5, $6) RETURNING id`,
    [
      request.rule ?? null,
      request.rule ? daysOf(request.rule, request.days) : null,
      ctx.actor?.email ?? null,
      freedMinor,
      currency,
      now,
    ],
  );
  const reclaimId = created.rows[0]!.id;
  let uninstalling = 0;
  for (const group of groupByApp(picked)) {
    const installed = group.members.filter((member) => member.row.installed);
    const rest = group.members.filter((member) => !member.row.installed);
    if (installed.length > 0 && (await uninstallFirst(deps, ctx, reclaimId, group, installed, now))) {
      uninstalling += installed.length;
    } else rest.push(...installed);
    if (rest.length > 0) await releaseAtApple(deps, reclaimId, group, rest);
  }
  await withTransaction(deps.database, (tx) =>
    recordAuditSql(tx, ctx, {
      action: 'license.reclaimed',
      targetType: 'reclaim',
      targetId: reclaimId,
      summary: `Reclaimed ${picked.length} licenses${request.rule ? ` (rule ${request.rule})` : ''}: ${uninstalling} removed first by an uninstall, freeing ${freedMinor} minor units of ${currency}`,
      after: {
        rule: request.rule ?? null,
        days: request.rule ? daysOf(request.rule, request.days) : null,
        licenses: picked.length,
        uninstalls: uninstalling,
        freedMinor,
        currency,
      },
    }),
  );
  deps.logger.info({ reclaimId, licenses: picked.length, uninstalling }, 'reclaimed licenses');
  return {
    dryRun: false,
    reclaim: await getReclaim(deps, reclaimId, now),
    candidates,
    freedMinor,
    currency,
    uninstalls: uninstalling,
  };
}

type ReclaimRow = Awaited<ReturnType<typeof loadReclaims>>[number];

function loadReclaims(prisma: Db, where: { id?: string }, page?: { skip: number; take: number }) {
  return prisma.reclaim.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    include: { items: { orderBy: [{ appName: 'asc' }, { assignee: 'asc' }] } },
    ...(page ?? {}),
  });
}

function toReclaim(row: ReclaimRow, now: Date): Reclaim {
  const undoUntil = new Date(row.createdAt.getTime() + RECLAIM_UNDO_DAYS * DAY_MS);
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    rule: row.rule,
    days: row.days,
    actorEmail: row.actorEmail,
    currency: row.currency,
    freedMinor: Number(row.freedMinor),
    licenses: row.items.length,
    undoneAt: row.undoneAt?.toISOString() ?? null,
    undoneBy: row.undoneBy,
    undoUntil: row.undoneAt === null && undoUntil > now ? undoUntil.toISOString() : null,
    items: row.items.map((item) => ({
      id: item.id,
      rule: item.rule,
      storeAppId: item.storeAppId,
      appName: item.appName,
      adamId: item.adamId,
      licenseType: item.licenseType,
      assignee: item.assignee,
      assigneeName: item.assigneeName,
      method: item.method,
      deploymentId: item.deploymentId,
      priceMinor: item.priceMinor === null ? null : Number(item.priceMinor),
    })),
  };
}

export async function getReclaim(deps: { database: Database }, id: string, now: Date): Promise<Reclaim> {
  const [row] = await loadReclaims(deps.database.prisma, { id });
  if (!row) throw new AppError('NOT_FOUND', 'No such reclaim.');
  return toReclaim(row, now);
}

export async function listReclaims(
  deps: { database: Database },
  query: { page: number; pageSize: number },
  now: Date,
): Promise<ReclaimsPage> {
  const prisma = deps.database.prisma;
  const [rows, total] = await Promise.all([
    loadReclaims(prisma, {}, { skip: (query.page - 1) * query.pageSize, take: query.pageSize }),
    prisma.reclaim.count(),
  ]);
  return { items: rows.map((row) => toReclaim(row, now)), total, page: query.page, pageSize: query.pageSize };
}

/**
 * Undo within 7 days: every license goes back to its holder if the apps have enough free licenses
 * (all or nothing: RECLAIM_LICENSES_NOT_FREE names the apps short). The app is not reinstalled.
 */
export async function undoReclaim(
  deps: ReclaimDeps,
  ctx: RequestContext,
  id: string,
  now: Date,
): Promise<Reclaim> {
  const reclaim = await getReclaim(deps, id, now);
  if (reclaim.undoneAt)
    throw new AppError('RECLAIM_ALREADY_UNDONE', `This reclaim was undone on ${reclaim.undoneAt}.`);
  if (!reclaim.undoUntil) {
    throw new AppError(
      'RECLAIM_UNDO_EXPIRED',
      `A reclaim can be undone for ${RECLAIM_UNDO_DAYS} days; this one is older.`,
    );
  }
  const rows = await deps.database.prisma.reclaimItem.findMany({ where: { reclaimId: id } });
  const groups = new Map<
    string,
    {
      storeAppId: string;
      tokenId: string;
      adamId: string;
      pricingParam: string;
      appName: string;
      licenseType: 'DEVICE' | 'USER';
      assignees: string[];
    }
  >();
  for (const item of rows) {
    if (!item.storeAppId) continue;
    const key = `${item.storeAppId}:${item.licenseType}`;
    const group = groups.get(key) ?? {
      storeAppId: item.storeAppId,
      tokenId: item.tokenId,
      adamId: item.adamId,
      pricingParam: item.pricingParam,
      appName: item.appName,
      licenseType: item.licenseType,
      assignees: [],
    };
    group.assignees.push(item.assignee);
    groups.set(key, group);
  }
  // Licenses the holders still have (an uninstall not finished yet) need nothing.
  const still = await deps.database.pool.query<{ key: string }>(
    `SELECT s.id || ':' || la.license_type || ':' || la.assignee AS key
       FROM license_assignments la JOIN store_apps s ON s.token_id = la.token_id AND s.adam_id = la.adam_id
        AND s.pricing_param = la.pricing_param
      WHERE s.id = ANY($1::uuid[])`,
    [[...new Set([...groups.values()].map((group) => group.storeAppId))]],
  );
  const held = new Set(still.rows.map((row) => row.key));
  for (const group of groups.values()) {
    group.assignees = group.assignees.filter(
      (assignee) => !held.has(`${group.storeAppId}:${group.licenseType}:${assignee}`),
    );
  }
  const needed = new Map<string, { appName: string; needed: number }>();
  for (const group of groups.values()) {
    const entry = needed.get(group.storeAppId) ?? { appName: group.appName, needed: 0 };
    entry.needed += group.assignees.length;
    needed.set(group.storeAppId, entry);
  }
  const short: { storeAppId: string; appName: string; needed: number; free: number }[] = [];
  for (const [storeAppId, entry] of needed) {
    if (entry.needed === 0) continue;
    const app = await deps.database.pool.query<{ free: number; unlimited: boolean }>(
      'SELECT greatest(0, available_count - reserved_count)::int AS free, unlimited FROM store_apps WHERE id = $1',
      [storeAppId],
    );
    const row = app.rows[0];
    if (!row) short.push({ storeAppId, appName: entry.appName, needed: entry.needed, free: 0 });
    else if (!row.unlimited && row.free < entry.needed) short.push({ storeAppId, ...entry, free: row.free });
  }
  if (short.length > 0) {
    throw new AppError(
      'RECLAIM_LICENSES_NOT_FREE',
      `Not enough free licenses to undo: ${short.map((app) => `${app.appName || app.storeAppId} needs ${app.needed}, ${app.free} free`).join('; ')}.`,
      { extensions: { shortfalls: short } },
    );
  }
  for (const group of groups.values()) {
    if (group.assignees.length === 0) continue;
    const client = await appleClientFor(deps, group.tokenId);
    try {
      await client.associateAssets({
        assets: [{ adamId: group.adamId, pricingParam: group.pricingParam as 'STDQ' | 'PLUS' }],
        ...holders(group, group.assignees),
      });
    } catch (error) {
      throw appleErrorToAppError(error);
    }
    await withTransaction(deps.database, async (tx) => {
      await lockStoreApp(tx, group.storeAppId);
      await recordClaimedLicenses(
        tx,
        group.tokenId,
        { id: group.storeAppId, adam_id: group.adamId, pricing_param: group.pricingParam },
        group.licenseType,
        group.assignees,
        0,
      );
    });
  }
  await withTransaction(deps.database, async (tx) => {
    await tx.query('UPDATE reclaims SET undone_at = $2, undone_by = $3 WHERE id = $1', [
      id,
      now,
      ctx.actor?.email ?? null,
    ]);
    await recordAuditSql(tx, ctx, {
      action: 'license.reclaim-undone',
      targetType: 'reclaim',
      targetId: id,
      summary: `Undid a reclaim of ${reclaim.licenses} licenses: assigned again`,
      after: { licenses: rows.length },
    });
  });
  return getReclaim(deps, id, now);
}

// ------------------------------------------------------------------ scheduled rules

const SCHEDULE_KEY = 'reclaim-schedule';

export async function readReclaimSchedule(db: Db): Promise<ReclaimSchedule> {
  const row = await db.setting.findUnique({ where: { key: SCHEDULE_KEY } });
  const parsed = reclaimScheduleSchema.safeParse(row?.value ?? { rules: [] });
  return parsed.success ? parsed.data : { rules: [] };
}

export async function updateReclaimSchedule(
  prisma: DbClient,
  ctx: RequestContext,
  schedule: ReclaimSchedule,
): Promise<ReclaimSchedule> {
  const rules = schedule.rules.filter(
    (entry, index) => schedule.rules.findIndex((other) => other.rule === entry.rule) === index,
  );
  const value = { rules };
  return prisma.$transaction(async (tx) => {
    const before = await readReclaimSchedule(tx);
    await tx.setting.upsert({
      where: { key: SCHEDULE_KEY },
      create: { key: SCHEDULE_KEY, value },
      update: { value },
    });
    await recordAudit(tx, ctx, {
      action: 'reclaim-schedule.update',
      targetType: 'settings',
      summary: `Reclaim rules on the daily schedule: ${rules.map((entry) => entry.rule).join(', ') || 'none'}`,
      before: { ...before },
      after: value,
    });
    return value;
  });
}

/** The daily job: every scheduled rule reclaims its candidates, as the system. */
export async function runScheduledReclaims(deps: ReclaimDeps, now: Date): Promise<number> {
  const schedule = await readReclaimSchedule(deps.database.prisma);
  let reclaimed = 0;
  for (const entry of schedule.rules) {
    const result = await reclaimLicenses(
      deps,
      systemContext('scheduled-reclaim'),
      { rule: entry.rule, days: entry.days, dryRun: false },
      now,
    );
    reclaimed += result.candidates.length;
  }
  return reclaimed;
}
