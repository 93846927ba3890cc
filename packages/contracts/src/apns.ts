import { z } from 'zod';

export const apnsStatusSchema = z.enum(['VALID', 'EXPIRING', 'EXPIRED']);

export const apnsCertificateSchema = z.object({
  subject: z.string(),
  topic: z.string(),
  serialNumber: z.string(),
  notBefore: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  uploadedAt: z.iso.datetime(),
  status: apnsStatusSchema,
  statusReason: z.string(),
  /** The days left that `statusReason` names, to say it in any language. */
  statusReasonParams: z.object({ days: z.number().int().optional() }),
});
export type ApnsCertificate = z.infer<typeof apnsCertificateSchema>;

/** JSON form of the upload; multipart uploads send the same as a `certificate` file. */
export const putApnsCertificateSchema = z.strictObject({
  certificate: z
    .string()
    .min(1)
    .max(64 * 1024)
    .optional(),
});
