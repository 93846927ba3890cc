import { isIP } from 'node:net';
import { validate as isValidCron } from 'node-cron';
import { z } from 'zod';

// The one place that reads the environment. Every process parses it once at start and passes the
// result down; a bad or missing value stops the program with a message naming each bad key.

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

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const databaseShape = {
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .describe('PostgreSQL connection string'),
};

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
  SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  SYNC_LEASE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(60)
    .describe('how long a crashed worker keeps a sync run before another resumes it'),
  LOGIN_RATE_LIMIT_PER_15_MIN: z.coerce.number().int().min(1).max(10_000).default(10),
  TRUST_PROXY: trustProxy.default(0),
  WEB_DIST_DIR: z.string().optional().describe('Built SPA to serve; unset serves the API only'),
  ADMIN_EMAIL: z.email().optional().describe('First admin, created when the installation has no account'),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  DATA_DIR: z.string().default('.data').describe('npm start: embedded PostgreSQL and generated secrets'),
});

const configShape = configFields.superRefine((config, ctx) => {
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
