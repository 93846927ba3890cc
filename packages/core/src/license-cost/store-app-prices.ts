import { AppError } from '@vpp/contracts/errors';
import type { PriceImportResult, StoreAppPrice } from '@vpp/contracts/reclaim';
import type { Db, DbClient } from '@vpp/db/database';
import { parseMoney } from '@vpp/domain/license-intelligence/money';
import { recordAudit } from '../audit-log/record-audit.ts';
import { readCsvTable } from '../inventory/read-csv-table.ts';
import { readCurrency } from '../license-history/license-intelligence-settings.ts';
import type { RequestContext } from '../request-context.ts';

// The price of one license per store app (store apps are per token), in integer minor units of the
// organisation's currency. Entered per app, or imported from CSV with the inventory's CSV reader.

export async function getStoreAppPrice(db: Db, storeAppId: string): Promise<StoreAppPrice> {
  const app = await db.storeApp.findUnique({ where: { id: storeAppId }, include: { price: true } });
  if (!app) throw new AppError('NOT_FOUND', 'No such store app.');
  return {
    storeAppId,
    unitPriceMinor: app.price ? Number(app.price.unitPriceMinor) : null,
    currency: await readCurrency(db),
    updatedAt: app.price?.updatedAt.toISOString() ?? null,
  };
}

export async function setStoreAppPrice(
  prisma: DbClient,
  ctx: RequestContext,
  storeAppId: string,
  unitPriceMinor: number | null,
): Promise<StoreAppPrice> {
  return prisma.$transaction(async (tx) => {
    const before = await getStoreAppPrice(tx, storeAppId);
    if (unitPriceMinor === null) await tx.storeAppPrice.deleteMany({ where: { storeAppId } });
    else {
      const value = BigInt(unitPriceMinor);
      await tx.storeAppPrice.upsert({
        where: { storeAppId },
        create: { storeAppId, unitPriceMinor: value },
        update: { unitPriceMinor: value },
      });
    }
    const after = await getStoreAppPrice(tx, storeAppId);
    await recordAudit(tx, ctx, {
      action: 'store-app.price',
      targetType: 'store-app',
      targetId: storeAppId,
      summary:
        unitPriceMinor === null
          ? 'Removed the license price'
          : `Set the license price to ${unitPriceMinor} minor units of ${after.currency}`,
      before: { unitPriceMinor: before.unitPriceMinor },
      after: { unitPriceMinor: after.unitPriceMinor },
    });
    return after;
  });
}

export const PRICE_CSV_COLUMNS = {
  required: ['adamId', 'price'],
  optional: ['token', 'pricingParam'],
} as const;

/**
 * Prices from CSV: `adamId,price[,token][,pricingParam]`. `price` is a decimal in the organisation's
 * currency ("12.99"); an empty price removes it. `token` (a token's name or id) limits the row to
 * that token's app; without it the price applies to the app on every token.
 */
export async function importStoreAppPrices(
  prisma: DbClient,
  ctx: RequestContext,
  content: Buffer,
): Promise<PriceImportResult> {
  const table = readCsvTable(content, PRICE_CSV_COLUMNS);
  const currency = await readCurrency(prisma);
  const tokens = await prisma.vppToken.findMany({ select: { id: true, name: true } });
  const problems: PriceImportResult['problems'] = table.refused.map((row) => ({
    line: row.line,
    message: row.reason,
  }));
  const planned: { line: number; where: object; price: number | null }[] = [];
  for (const row of table.rows) {
    const adamId = row.get('adamId');
    const priceText = row.get('price');
    const tokenText = row.get('token');
    const pricingParam = row.get('pricingParam');
    if (!/^\d{1,20}$/.test(adamId)) {
      problems.push({ line: row.line, message: 'adamId must be the App Store id (digits)' });
      continue;
    }
    let price: number | null = null;
    if (priceText !== '') {
      const parsed = parseMoney(priceText, currency);
      if (parsed === undefined) {
        problems.push({ line: row.line, message: `price "${priceText}" is no amount in ${currency}` });
        continue;
      }
      price = parsed;
    }
    let tokenId: string | undefined;
    if (tokenText !== '') {
      tokenId = tokens.find((token) => token.id === tokenText || token.name === tokenText)?.id;
      if (!tokenId) {
        problems.push({ line: row.line, message: `no token is named "${tokenText}"` });
        continue;
      }
    }
    planned.push({
      line: row.line,
      where: { adamId, ...(tokenId ? { tokenId } : {}), ...(pricingParam ? { pricingParam } : {}) },
      price,
    });
  }
  return prisma.$transaction(
    async (tx) => {
      let priced = 0;
      let cleared = 0;
      for (const plan of planned) {
        const apps = await tx.storeApp.findMany({ where: plan.where, select: { id: true } });
        if (apps.length === 0) {
          problems.push({ line: plan.line, message: 'no store app matches this row' });
          continue;
        }
        const ids = apps.map((app) => app.id);
        if (plan.price === null) {
          cleared += (await tx.storeAppPrice.deleteMany({ where: { storeAppId: { in: ids } } })).count;
          continue;
        }
        const value = BigInt(plan.price);
        for (const id of ids) {
          await tx.storeAppPrice.upsert({
            where: { storeAppId: id },
            create: { storeAppId: id, unitPriceMinor: value },
            update: { unitPriceMinor: value },
          });
        }
        priced += ids.length;
      }
      await recordAudit(tx, ctx, {
        action: 'store-app.price-import',
        targetType: 'store-app',
        summary: `Imported license prices: ${priced} set, ${cleared} removed, ${problems.length} rows refused`,
        after: { rows: table.rows.length, priced, cleared, refused: problems.length },
      });
      problems.sort((a, b) => a.line - b.line);
      return { rows: table.rows.length, priced, cleared, problems };
    },
    { timeout: 120_000 },
  );
}
