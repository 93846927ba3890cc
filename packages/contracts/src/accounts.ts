import { z } from 'zod';

export const roles = ['admin', 'manager'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const locales = ['en', 'nl-NL'] as const;
export const localeSchema = z.enum(locales);
export type Locale = z.infer<typeof localeSchema>;

const email = z
  .email()
  .max(254)
  .transform((value) => value.trim().toLowerCase());
export const PASSWORD_MIN_LENGTH = 12;
const password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(200);
const displayName = z.string().trim().max(100);

export const loginRequestSchema = z.strictObject({
  email,
  password: z.string().min(1).max(200),
});
export type LoginRequest = z.input<typeof loginRequestSchema>;

/** The signed-in account as the console sees it. */
export const sessionUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: roleSchema,
  locale: localeSchema,
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const loginResponseSchema = z.object({ user: sessionUserSchema });

export const updateMeRequestSchema = z
  .strictObject({
    displayName: displayName.optional(),
    locale: localeSchema.optional(),
    currentPassword: z.string().min(1).max(200).optional(),
    newPassword: password.optional(),
  })
  .refine((body) => !body.newPassword || body.currentPassword, {
    message: 'is required to set a new password',
    path: ['currentPassword'],
  });
export type UpdateMeRequest = z.input<typeof updateMeRequestSchema>;

export const accountSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: roleSchema,
  locale: localeSchema,
  disabled: z.boolean(),
  lastSignInAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type Account = z.infer<typeof accountSchema>;

export const createAccountRequestSchema = z.strictObject({
  email,
  displayName: displayName.default(''),
  password,
  role: roleSchema,
  locale: localeSchema.default('en'),
});
export type CreateAccountRequest = z.input<typeof createAccountRequestSchema>;

export const updateAccountRequestSchema = z.strictObject({
  displayName: displayName.optional(),
  role: roleSchema.optional(),
  locale: localeSchema.optional(),
  password: password.optional(),
  disabled: z.boolean().optional(),
});
export type UpdateAccountRequest = z.input<typeof updateAccountRequestSchema>;

/** A signed-in browser of an account, as an admin sees it. */
export const accountSessionSchema = z.object({
  id: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** The session this request came with. */
  current: z.boolean(),
});
export type AccountSession = z.infer<typeof accountSessionSchema>;
export const accountSessionListSchema = z.object({ items: z.array(accountSessionSchema) });
export type AccountSessionList = z.infer<typeof accountSessionListSchema>;
