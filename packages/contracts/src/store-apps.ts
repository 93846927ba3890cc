import { z } from 'zod';
import { forecastQueryShape, forecastSchema } from './license-intelligence.ts';
import { pageQuerySchema } from './paging.ts';
import { tokenTypeSchema } from './tokens.ts';

export const storeAppSortKeys = ['name', 'inUse', 'available', 'total', 'token', 'adamId'] as const;
const sortSchema = z
  .string()
  .regex(
    new RegExp(`^-?(${storeAppSortKeys.join('|')})$`),
    `one of ${storeAppSortKeys.join(', ')}, optionally with a leading -`,
  )
  .default('name');

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const storeAppQuerySchema = pageQuerySchema.extend({
  search: z.string().trim().max(200).optional(),
  tokenId: z.uuid().optional(),
  category: z.string().max(50).optional(),
  tokenType: tokenTypeSchema.optional(),
  deviceAssignable: booleanQuery.optional(),
  productType: z.enum(['APP', 'BOOK']).optional(),
  horizonDays: forecastQueryShape.horizonDays,
  sort: sortSchema,
});
export type StoreAppQuery = z.output<typeof storeAppQuerySchema>;

/** One row of "License information for Store Apps": an app bought with one token. */
export const storeAppSchema = z.object({
  id: z.string(),
  adamId: z.string(),
  name: z.string(),
  iconUrl: z.string().nullable(),
  bundleId: z.string().nullable(),
  pricingParam: z.string(),
  productType: z.enum(['APP', 'BOOK']),
  platforms: z.array(z.string()),
  deviceAssignable: z.boolean(),
  /** Free apps Apple lists with an unlimited count: not a number of purchased licenses. */
  unlimited: z.boolean(),
  totalCount: z.number().int(),
  assignedCount: z.number().int(),
  availableCount: z.number().int(),
  retiredCount: z.number().int(),
  /** Licenses set aside for deployment targets not yet confirmed by Apple. */
  reservedCount: z.number().int(),
  token: z.object({ id: z.string(), name: z.string(), type: tokenTypeSchema }),
  applicationCount: z.number().int(),
  /** When the app runs out at the current burn rate (docs/license-intelligence.md). */
  forecast: forecastSchema,
});
export type StoreApp = z.infer<typeof storeAppSchema>;

export const createApplicationRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
});
