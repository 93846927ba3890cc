import { z } from 'zod';

/** How people may sign in here: the sign-in page shows what this says. */
export const signInMethodsSchema = z.object({
  /** The organisation's identity provider (OIDC), when configured. */
  oidc: z.object({ providerName: z.string() }).nullable(),
  /** False when LOCAL_PASSWORDS=off: only the break-glass admin may still use a password. */
  passwordSignIn: z.boolean(),
});
export type SignInMethods = z.infer<typeof signInMethodsSchema>;

export const oidcLoginQuerySchema = z.object({
  /** Where to go after signing in: a path of the console (never another site). */
  returnTo: z
    .string()
    .max(500)
    .regex(/^\/(?![/\\])[^\s]*$/, 'must be a path of this console')
    .optional(),
});

export const oidcCallbackQuerySchema = z.object({
  code: z.string().max(2000).optional(),
  state: z.string().max(500).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
  iss: z.string().max(500).optional(),
  session_state: z.string().max(500).optional(),
});

export const oidcLogoutResponseSchema = z.object({
  /** The identity provider's end-session page to send the browser to, or null when there is none. */
  redirectTo: z.string().nullable(),
});
export type OidcLogoutResponse = z.infer<typeof oidcLogoutResponseSchema>;

/** Codes the callback puts on /sign-in?sso_error=… when it refuses a sign-in. */
export const ssoErrorCodes = [
  'OIDC_NO_ROLE',
  'OIDC_FAILED',
  'OIDC_EMAIL_MISSING',
  'ACCOUNT_DISABLED',
  'IDENTITY_PROVIDER_UNAVAILABLE',
] as const;
export type SsoErrorCode = (typeof ssoErrorCodes)[number];
