import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_SCALE, type ScaleParameters } from './generators/scaled-organisation.ts';

export const CLI_USAGE = `Usage: npm run emulator -- [options]

  --port N                      port to listen on (default 8443; 0 picks a free one)
  --host HOST                   address to listen on (default 127.0.0.1)
  --seed demo|none              organisation to serve (default demo)
  --scale tokens=N,apps=M,assignments=K,seed=S
                                a generated organisation for benchmarks instead of the demo
  --write-tokens DIR            write each location's .vpptoken file into DIR
  --event-delay-ms N            how long events stay PENDING (default 1000)
  --notification-retry-delay-ms N
                                wait between notification attempts (default 60000)
  --http-notifications reject|loopback|allow
                                plain-HTTP notification URLs (default loopback; Apple: reject)
  --public-url URL              base URL written into the service config (default: request host)
  --no-rate-limit               do not enforce maxRequestPerSecond
  --help                        show this text`;

export interface CliArguments {
  port: number;
  host: string;
  organisation: { kind: 'demo' } | { kind: 'none' } | { kind: 'scale'; scale: ScaleParameters };
  writeTokensTo: string | undefined;
  eventDelayMs: number;
  notificationRetryDelayMs: number;
  httpNotificationUrls: 'reject' | 'loopback' | 'allow';
  publicUrl: string | undefined;
  rateLimit: boolean;
  help: boolean;
}

const wholeNumber = () => z.string().regex(/^\d+$/, 'must be a whole number').transform(Number);

const cliSchema = z.object({
  port: wholeNumber().pipe(z.number().max(65535)).default(8443),
  host: z.string().min(1).default('127.0.0.1'),
  seed: z.enum(['demo', 'none']).optional(),
  scale: z.string().optional(),
  'write-tokens': z.string().min(1).optional(),
  'event-delay-ms': wholeNumber().default(1000),
  'notification-retry-delay-ms': wholeNumber().default(60_000),
  'http-notifications': z.enum(['reject', 'loopback', 'allow']).default('loopback'),
  'public-url': z.url().optional(),
  'no-rate-limit': z.boolean().default(false),
  help: z.boolean().default(false),
});

/** Parses `tokens=N,apps=M,assignments=K,seed=S` (any subset; the rest from the defaults). */
export function parseScale(text: string): ScaleParameters {
  const scale: ScaleParameters = { ...DEFAULT_SCALE };
  for (const part of text.split(',').filter((p) => p.trim() !== '')) {
    const [key, value] = part.split('=').map((s) => s.trim());
    if (key === undefined || !(key in scale)) throw new Error(`--scale: unknown key "${key}"`);
    if (value === undefined || !/^\d+$/.test(value))
      throw new Error(`--scale: ${key} must be a whole number`);
    scale[key as keyof ScaleParameters] = Number(value);
  }
  return scale;
}

/** Parses the command line once; throws an Error naming every bad option. */
export function parseCliArguments(argv: string[]): CliArguments {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      scale: { type: 'string' },
      'write-tokens': { type: 'string' },
      'event-delay-ms': { type: 'string' },
      'notification-retry-delay-ms': { type: 'string' },
      'http-notifications': { type: 'string' },
      'public-url': { type: 'string' },
      'no-rate-limit': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  const parsed = cliSchema.safeParse(values);
  if (!parsed.success) {
    throw new Error(
      parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n'),
    );
  }
  const options = parsed.data;
  if (options.seed !== undefined && options.scale !== undefined)
    throw new Error('give --seed or --scale, not both');
  return {
    port: options.port,
    host: options.host,
    organisation:
      options.scale !== undefined
        ? { kind: 'scale', scale: parseScale(options.scale) }
        : { kind: options.seed ?? 'demo' },
    writeTokensTo: options['write-tokens'],
    eventDelayMs: options['event-delay-ms'],
    notificationRetryDelayMs: options['notification-retry-delay-ms'],
    httpNotificationUrls: options['http-notifications'],
    publicUrl: options['public-url'],
    rateLimit: !options['no-rate-limit'],
    help: options.help,
  };
}
