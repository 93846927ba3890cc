import { z } from 'zod';
import { pageQuerySchema } from './paging.ts';

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actor: z.object({ id: z.string().nullable(), email: z.string() }).nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  summary: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  requestId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditLogQuerySchema = pageQuerySchema.extend({
  action: z.string().max(100).optional(),
  targetType: z.string().max(100).optional(),
  actorEmail: z.string().max(254).optional(),
  search: z.string().max(200).optional(),
});
export type AuditLogQuery = z.output<typeof auditLogQuerySchema>;
