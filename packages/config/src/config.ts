import { isIP } from 'node:net';
import { validate as isValidCron } from 'node-cron';
import { z } from 'zod';

// The one place that reads the environment. Every process parses it once at start and passes the
// result down; a bad or missing value stops the program with a message naming each bad key.

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

// Express's own names for address ranges, accepted in a TRUST_PROXY list.
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Which proxies in front may say who the client is (X-Forwarded-For): a hop count (`1` for the bundled
 * nginx; `0`/`false` for none) or a comma-separated list of proxy addresses and CIDR ranges. "Trust
 * every hop" is refused: with it any client picks its own address, and with it its own sign-in budget.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): number | string[] => {
    const lower = value.toLowerCase();
    if (lower === 'false' || lower === 'no') return 0;
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops <= 10) return hops;
    }
    if (lower === 'true' || lower === 'yes' || lower === '*') {
      ctx.addIssue({
        code: 'custom',
        message:
          'must not trust every hop (any client could then choose its address); give the number of proxies in front (1 for the bundled nginx) or their addresses',
      });
      return z.NEVER;
    }
    const entries = value.split(',').map((entry) => entry.trim().toLowerCase());
    const bad = entries.filter((entry) => !isAddressOrCidr(entry));
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a hop count from 0 to 10 or a comma-separated list of proxy addresses/CIDR ranges; not understood: ${bad.join(', ')}`,
      });
      return z.NEVER;
    }
    return entries;
  });

export const MDM_KINDS = ['emulator', 'nanomdm', 'nanohub', 'webhook'] as const;
export type MdmKind = (typeof MDM_KINDS)[number];

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const databaseShape = {
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .describe('PostgreSQL connection string'),
};

export interface OidcRoleMapping {
  /** A value of the role claim (a group name, say). */
  value: string;
  role: 'admin' | 'manager';
}

/**
 * `vpp-admins=ADMIN,vpp-managers=MANAGER`: claim value = role. A person with several mapped values
 * gets the highest role. (Category scopes will extend an entry; the list shape leaves room for that.)
 */
const oidcRoleMap = z
  .string()
  .trim()
  .transform((value, ctx): OidcRoleMapping[] => {
    const mappings: OidcRoleMapping[] = [];
    for (const entry of value.split(',').map((part) => part.trim())) {
      if (entry === '') continue;
      const at = entry.lastIndexOf('=');
      const claimValue = at > 0 ? entry.slice(0, at).trim() : '';
      const role =
        at > 0
          ? entry
              .slice(at + 1)
              .trim()
              .toLowerCase()
          : '';
      if (claimValue === '' || (role !== 'admin' && role !== 'manager')) {
        ctx.addIssue({
          code: 'custom',
          message: `entries are claim-value=ADMIN or claim-value=MANAGER, separated by commas; not understood: ${entry.slice(0, 100)}`,
        });
        return z.NEVER;
      }
      mappings.push({ value: claimValue, role });
    }
    if (mappings.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'must map at least one claim value to a role' });
      return z.NEVER;
    }
    return mappings;
  });

/** OpenID Connect single sign-on (docs/single-sign-on.md). */
function ssoShape() {
  return {
    OIDC_ISSUER: z.url().optional().describe("the identity provider's issuer URL; set, SSO is on"),
    OIDC_CLIENT_ID: z.string().min(1).max(500).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
    OIDC_ROLE_CLAIM: z
      .string()
      .min(1)
      .max(200)
      .default('groups')
      .describe('the id-token/userinfo claim whose values map to roles'),
    OIDC_ROLE_MAP: oidcRoleMap
      .optional()
      .describe("claim value → role, e.g. 'vpp-admins=ADMIN,vpp-managers=MANAGER'"),
    OIDC_PROVIDER_NAME: z
      .string()
      .trim()
      .min(1)
      .max(60)
      .default('SSO')
      .describe('shown on the sign-in button'),
    OIDC_SCOPES: z.string().min(1).max(500).default('openid email profile'),
    LOCAL_PASSWORDS: z
      .enum(['on', 'off'])
      .default('on')
      .describe('off: password sign-in is refused except for the break-glass admin'),
    BREAK_GLASS_ADMIN_EMAIL: z
      .email()
      .optional()
      .describe(
        'with LOCAL_PASSWORDS=off, the one admin who may still sign in with a password (default ADMIN_EMAIL)',
      ),
  };
}

const configFields = z.object({
  ...databaseShape,
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  PUBLIC_URL: z.url().optional().describe('URL users reach the console at; https enables Secure cookies'),
  LOG_LEVEL: logLevel.default('info'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters'),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  TOKEN_ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes, base64 encoded (openssl rand -base64 32)'),
  APPLE_VPP_BASE_URL: z.url().default('https://vpp.itunes.apple.com/mdm/v2'),
  MDM_EVENTS_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  APPLE_NOTIFICATIONS_BASE_URL: z
    .url()
    .optional()
    .describe("this console's URL as Apple reaches it; set, each token asks Apple for notifications"),
  MDM_GATEWAY_URL: z
    .url()
    .optional()
    .describe('where install/remove commands go (the emulator device fleet, or an MDM bridge)'),
  MDM_EVENTS_CALLBACK_URL: z
    .url()
    .optional()
    .describe("where the device side reports results; default PUBLIC_URL + '/api/mdm/events'"),
  METRICS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe('bearer token for /metrics; required when NODE_ENV=production, else loopback callers only'),
  SYNC_SCHEDULE: z
    .string()
    .refine((value) => isValidCron(value), 'must be a cron expression, e.g. "0 6,18 * * *"')
    .default('0 6,18 * * *'),
  SYNC_SPREAD_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(60)
    .describe('scheduled syncs of all tokens start spread over this many minutes'),
  // Apple limits requests per token, not per organisation: a sync waits on Apple most of the time,
  // so a worker keeps many tokens in flight (each holds a database connection only per statement).
  SYNC_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(16)
    .describe('jobs (token syncs) one worker runs at once'),
  SYNC_RUN_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(36500)
    .default(400)
    .describe(
      "sync runs (and their change lists) older than this are deleted daily; never a token's active or last successful run",
    ),
  SYNC_LEASE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(60)
    .describe('how long a crashed worker keeps a sync run before another resumes it'),
  DEPLOYMENT_LEASE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(30)
    .describe("how long a crashed worker keeps a deployment's step before another resumes it"),
  DEPLOYMENT_RECHECK_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(120)
    .describe(
      'a command with no device report for this long is re-checked on the device (ManagedApplicationList)',
    ),
  ...databaseTimeoutShape(),
  WORKER_HEALTH_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .optional()
    .describe(
      "the worker's health check listens here (GET /healthz, /readyz on 0.0.0.0); unset: no health server",
    ),
  LOGIN_RATE_LIMIT_PER_15_MIN: z.coerce.number().int().min(1).max(10_000).default(10),
  TRUST_PROXY: trustProxy.default(0),
  WEB_DIST_DIR: z.string().optional().describe('Built SPA to serve; unset serves the API only'),
  ADMIN_EMAIL: z.email().optional().describe('First admin, created when the installation has no account'),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  DATA_DIR: z.string().default('.data').describe('npm start: embedded PostgreSQL and generated secrets'),
  ...mdmShape(),
  ...alertShape(),
  ...ssoShape(),
});

/** How long a database connection, statement or open transaction may take (docs/operations.md). */
function databaseTimeoutShape() {
  const millis = (min: number, max: number, fallback: number) =>
    z.coerce.number().int().min(min).max(max).default(fallback);
  return {
    DATABASE_CONNECT_TIMEOUT_MS: millis(100, 120_000, 5_000).describe(
      'a new database connection fails after this long (the API then answers 503)',
    ),
    DATABASE_STATEMENT_TIMEOUT_MS: millis(1_000, 3_600_000, 60_000).describe(
      'the server cancels a statement after this long; the client gives up 5 s later (a frozen server)',
    ),
    DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: millis(1_000, 3_600_000, 60_000).describe(
      'the server ends a session that sits in an open transaction this long',
    ),
    DATABASE_RETRY_AFTER_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(300)
      .default(5)
      .describe('the Retry-After of 503 DATABASE_UNAVAILABLE answers'),
  };
}

/** Alert email (docs/license-intelligence.md). */
function alertShape() {
  return {
    SMTP_URL: z
      .string()
      .regex(
        /^smtps?:\/\/[^\s]+$/,
        'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587',
      )
      .optional()
      .describe('mail server for alert emails and the weekly report; unset: email channels cannot send'),
    ALERT_FROM: z
      .string()
      .trim()
      .min(3)
      .max(320)
      .default('VPP Console <vpp-console@localhost>')
      .describe('the From of alert emails and the weekly report'),
  };
}

function checkSsoKeys(
  config: {
    OIDC_ISSUER?: string;
    OIDC_CLIENT_ID?: string;
    OIDC_ROLE_MAP?: OidcRoleMapping[];
    LOCAL_PASSWORDS: 'on' | 'off';
  },
  ctx: z.RefinementCtx,
): void {
  const missing = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
  if (config.OIDC_ISSUER !== undefined) {
    if (config.OIDC_CLIENT_ID === undefined) missing('OIDC_CLIENT_ID', 'is required with OIDC_ISSUER');
    if (config.OIDC_ROLE_MAP === undefined) missing('OIDC_ROLE_MAP', 'is required with OIDC_ISSUER');
  }
  if (config.LOCAL_PASSWORDS === 'off' && config.OIDC_ISSUER === undefined) {
    missing('LOCAL_PASSWORDS', 'may be off only when OIDC_ISSUER is set (nobody could sign in otherwise)');
  }
}

/** The device side (docs/nanomdm.md). Kept beside the rest so the config is still parsed once. */
function mdmShape() {
  return {
    MDM_KIND: z
      .enum(MDM_KINDS)
      .optional()
      .describe(
        "device side: emulator (npm start's bundled NanoMDM), nanomdm, nanohub, or webhook (MDM_GATEWAY_URL); unset: webhook if MDM_GATEWAY_URL is set, else none",
      ),
    MDM_URL: z.url().optional().describe('NanoMDM/NanoHUB root URL, e.g. https://mdm.example.com'),
    MDM_API_KEY: z
      .string()
      .min(8, 'must be at least 8 characters')
      .optional()
      .describe("NanoMDM's -api / NanoHUB's -api-key value"),
    MDM_WEBHOOK_HMAC_KEY: z
      .string()
      .min(16, 'must be at least 16 characters')
      .optional()
      .describe('the -webhook-hmac-key given to NanoMDM/NanoHUB; webhooks without its signature get 401'),
    MDM_WEBHOOK_ALLOW_UNSIGNED: booleanFlag
      .default(false)
      .describe(
        'accept unsigned NanoMDM webhooks when no MDM_WEBHOOK_HMAC_KEY is set (trusted networks only)',
      ),
  };
}

function checkMdmKeys(
  config: { MDM_KIND?: MdmKind; MDM_URL?: string; MDM_API_KEY?: string; MDM_GATEWAY_URL?: string } & {
    MDM_WEBHOOK_HMAC_KEY?: string;
    MDM_WEBHOOK_ALLOW_UNSIGNED: boolean;
  },
  ctx: z.RefinementCtx,
): void {
  const missing = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
  if (config.MDM_KIND === 'nanomdm' || config.MDM_KIND === 'nanohub') {
    if (config.MDM_URL === undefined) missing('MDM_URL', `is required with MDM_KIND=${config.MDM_KIND}`);
    if (config.MDM_API_KEY === undefined)
      missing('MDM_API_KEY', `is required with MDM_KIND=${config.MDM_KIND}`);
    if (config.MDM_WEBHOOK_HMAC_KEY === undefined && !config.MDM_WEBHOOK_ALLOW_UNSIGNED) {
      missing(
        'MDM_WEBHOOK_HMAC_KEY',
        'is required with NanoMDM/NanoHUB (or set MDM_WEBHOOK_ALLOW_UNSIGNED=true to accept unsigned webhooks)',
      );
    }
  }
  if (config.MDM_KIND === 'webhook' && config.MDM_GATEWAY_URL === undefined) {
    missing('MDM_GATEWAY_URL', 'is required with MDM_KIND=webhook');
  }
}

/** The keys, plus the rules that tie several keys together. */
const configShape = configFields.superRefine((config, ctx) => {
  checkMdmKeys(config, ctx);
  checkSsoKeys(config, ctx);
  if (config.NODE_ENV === 'production' && !config.METRICS_TOKEN) {
    ctx.addIssue({
      code: 'custom',
      path: ['METRICS_TOKEN'],
      message: 'is required when NODE_ENV=production (Prometheus sends it as a bearer token)',
    });
  }
});

export type AppConfig = z.infer<typeof configShape>;
export type DatabaseConfig = Pick<AppConfig, 'DATABASE_URL'>;

/** The pool timeouts, as openDatabase takes them. */
export function databaseTimeouts(config: AppConfig): {
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
} {
  return {
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}

export class ConfigError extends Error {
  constructor(readonly issues: { key: string; message: string }[]) {
    super(
      `Invalid configuration:\n${issues.map((issue) => `  - ${issue.key}: ${issue.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function parseOrThrow<T extends z.ZodType>(schema: T, env: Env): z.infer<T> {
  // Empty strings count as unset, as most shells and compose files produce them for blank values.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      key: issue.path.join('.') || '(root)',
      message: issue.message,
    })),
  );
}

export function parseConfig(env: Env): AppConfig {
  return parseOrThrow(configShape, env);
}

export function parseDatabaseConfig(env: Env): DatabaseConfig {
  return parseOrThrow(z.object(databaseShape), env);
}

/** The configuration keys with their descriptions and defaults, for the README and --help. */
export const configKeys = Object.keys(configFields.shape) as (keyof AppConfig)[];

/**
 * The device side the configuration asks for. `emulator` is NanoMDM's protocol against the bundled
 * emulator: the launcher that starts it fills MDM_URL and MDM_API_KEY (and may set the HMAC key);
 * without them there is no device side yet.
 */
export type MdmConnection =
  | { kind: 'none' }
  | { kind: 'webhook'; gatewayUrl: string }
  | {
      kind: 'nanomdm' | 'nanohub';
      url: string;
      apiKey: string;
      webhookHmacKey: string | undefined;
      allowUnsignedWebhooks: boolean;
      /** The bundled emulator (MDM_KIND=emulator) rather than a real server. */
      emulated: boolean;
    };

export function mdmConnection(config: AppConfig): MdmConnection {
  const kind = config.MDM_KIND ?? (config.MDM_GATEWAY_URL !== undefined ? 'webhook' : undefined);
  if (kind === 'webhook') {
    return config.MDM_GATEWAY_URL === undefined
      ? { kind: 'none' }
      : { kind, gatewayUrl: config.MDM_GATEWAY_URL };
  }
  if (kind === undefined || config.MDM_URL === undefined || config.MDM_API_KEY === undefined)
    return { kind: 'none' };
  return {
    kind: kind === 'nanohub' ? 'nanohub' : 'nanomdm',
    url: config.MDM_URL,
    apiKey: config.MDM_API_KEY,
    webhookHmacKey: config.MDM_WEBHOOK_HMAC_KEY,
    allowUnsignedWebhooks: config.MDM_WEBHOOK_ALLOW_UNSIGNED,
    emulated: kind === 'emulator',
  };
}

/** Keys whose values are secrets: never logged, never shown. */
export const SECRET_CONFIG_KEYS = [
  'SESSION_SECRET',
  'TOKEN_ENCRYPTION_KEY',
  'MDM_EVENTS_SECRET',
  'METRICS_TOKEN',
  'ADMIN_PASSWORD',
  'MDM_API_KEY',
  'MDM_WEBHOOK_HMAC_KEY',
  'OIDC_CLIENT_SECRET',
] as const satisfies readonly (keyof AppConfig)[];

/** The configuration as it may be logged: secrets replaced, passwords inside URLs removed. */
export function redactConfig(config: AppConfig): Record<string, unknown> {
  const shown: Record<string, unknown> = { ...config };
  for (const key of SECRET_CONFIG_KEYS) if (shown[key] !== undefined) shown[key] = '[redacted]';
  for (const [key, value] of Object.entries(shown)) {
    if (typeof value !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) continue;
    try {
      const url = new URL(value);
      if (url.password !== '') {
        url.password = 'redacted';
        shown[key] = url.toString();
      }
    } catch {
      // Not a URL after all: nothing to hide in it.
    }
  }
  return shown;
}

/** Single sign-on as the configuration asks for it; null when OIDC_ISSUER is unset. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  roleClaim: string;
  roleMap: OidcRoleMapping[];
  providerName: string;
  scopes: string;
}

export function oidcSettings(config: AppConfig): OidcSettings | null {
  if (!config.OIDC_ISSUER || !config.OIDC_CLIENT_ID || !config.OIDC_ROLE_MAP) return null;
  return {
    issuer: config.OIDC_ISSUER,
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    roleClaim: config.OIDC_ROLE_CLAIM,
    roleMap: config.OIDC_ROLE_MAP,
    providerName: config.OIDC_PROVIDER_NAME,
    scopes: config.OIDC_SCOPES,
  };
}

/** With LOCAL_PASSWORDS=off: the one email that may still sign in with a password (null: everyone may). */
export function passwordSignInPolicy(
  config: AppConfig,
): { open: true } | { open: false; breakGlass: string | null } {
  if (config.LOCAL_PASSWORDS === 'on') return { open: true };
  const breakGlass = config.BREAK_GLASS_ADMIN_EMAIL ?? config.ADMIN_EMAIL;
  return { open: false, breakGlass: breakGlass?.trim().toLowerCase() ?? null };
}
