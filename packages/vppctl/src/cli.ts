import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { applicationSchema, deploymentPreviewSchema, deploymentSchema } from '@vpp/contracts/deployments';
import { collectionSchema } from '@vpp/contracts/inventory';
import { pagedSchema } from '@vpp/contracts/paging';
import { reclaimResultSchema, reclaimRules } from '@vpp/contracts/reclaim';
import { storeAppSchema } from '@vpp/contracts/store-apps';
import { startSyncResponseSchema, tokenSchema } from '@vpp/contracts/tokens';
import { Command, CommanderError, Option } from 'commander';
import { z } from 'zod';
import { type ApiClient, ApiRefusal, allPages, createApiClient, Unreachable } from './api-client.ts';
import { describePlan, FileProblem, makePlan, parseVppFile } from './config-as-code.ts';
import { type Env, readCredentials, writeCredentials } from './config-file.ts';
import { type Io, moneyText, type OutputFormat, print } from './output.ts';

/** Exit codes scripts can trust. */
export const EXIT = { ok: 0, refused: 1, usage: 2, unreachable: 3 } as const;

class UsageProblem extends Error {}

export interface RunOptions {
  env: Env;
  io: Io;
  fetch?: typeof fetch;
}

const pagedTokens = pagedSchema(tokenSchema);
const pagedStoreApps = pagedSchema(storeAppSchema);
const pagedApplications = pagedSchema(applicationSchema);
const pagedCollections = pagedSchema(collectionSchema);

/** Runs one vppctl command line (without `node vppctl`) and answers its exit code. */
export async function run(argv: string[], options: RunOptions): Promise<number> {
  const { io, env } = options;
  let exitCode: number = EXIT.ok;
  const client = async (): Promise<ApiClient> => {
    const credentials = await readCredentials(env);
    if (!credentials) {
      throw new UsageProblem(
        'Not logged in: run `vppctl login --url … --key …`, or set VPPCTL_URL and VPPCTL_API_KEY.',
      );
    }
    return createApiClient(credentials.url, credentials.apiKey, options.fetch);
  };
  const format = (command: Command): OutputFormat => command.optsWithGlobals().output as OutputFormat;

  const program = new Command('vppctl')
    .description(
      'The VPP Console from scripts and pipelines. Exit codes: 0 ok, 1 refused by the API, 2 usage, 3 cannot reach.',
    )
    .addOption(
      new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'),
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.trimEnd()),
      writeErr: (text) => io.err(text.trimEnd()),
    })
    .showHelpAfterError();

  program
    .command('login')
    .description(
      'Check an API key against the console and keep it (with the URL) in a file only you can read',
    )
    .requiredOption('--url <url>', "the console's address, e.g. https://vpp.example.com")
    .requiredOption('--key <apiKey>', 'an API key (vpp_…) from Settings → API keys')
    .action(async (opts: { url: string; key: string }) => {
      if (!z.url().safeParse(opts.url).success) throw new UsageProblem(`--url is not a URL: ${opts.url}`);
      const api = createApiClient(opts.url, opts.key, options.fetch);
      await api.get('/api/tokens', pagedTokens, { pageSize: 1 });
      const file = await writeCredentials(env, { url: api.baseUrl, apiKey: opts.key });
      io.err(`Logged in to ${api.baseUrl}; the key is kept in ${file}.`);
    });

  const tokens = program.command('tokens').description('VPP tokens');
  tokens
    .command('list')
    .description('List tokens with their status')
    .option('--search <text>')
    .option('--category <name>')
    .action(async (opts: { search?: string; category?: string }, command: Command) => {
      const api = await client();
      const items = await allPages((page, pageSize) =>
        api.get('/api/tokens', pagedTokens, { page, pageSize, search: opts.search, category: opts.category }),
      );
      print(io, format(command), items, items, [
        'id',
        'name',
        'locationName',
        'type',
        'status',
        'categories',
        'expiresAt',
        'lastSyncedAt',
      ]);
    });
  tokens
    .command('sync')
    .description('Start a full sync of a token')
    .argument('<id>', 'token id')
    .action(async (id: string, _opts: unknown, command: Command) => {
      const api = await client();
      const started = await api.send(
        'POST',
        `/api/tokens/${encodeURIComponent(id)}/sync`,
        startSyncResponseSchema,
      );
      print(io, format(command), started, [started], ['syncRunId']);
    });
  tokens
    .command('add')
    .description('Upload a .vpptoken file')
    .requiredOption('--file <path>', 'the .vpptoken file')
    .requiredOption('--name <name>')
    .requiredOption('--apple-id <email>', 'the Apple ID the token belongs to')
    .addOption(new Option('--type <type>').choices(['BUSINESS', 'EDUCATION']).makeOptionMandatory())
    .option('--description <text>', '', '')
    .option('--categories <list>', 'comma-separated', '')
    .option('--take-over', 'take the token over from another MDM', false)
    .action(async (opts: Record<string, string | boolean>, command: Command) => {
      const api = await client();
      const form = await tokenForm(String(opts.file));
      form.set('name', String(opts.name));
      form.set('appleId', String(opts.appleId));
      form.set('type', String(opts.type));
      form.set('description', String(opts.description));
      form.set('categories', String(opts.categories));
      form.set('takeOver', opts.takeOver ? 'true' : 'false');
      const token = await api.upload('POST', '/api/tokens', tokenSchema, form);
      print(io, format(command), token, [token], ['id', 'name', 'locationName', 'status']);
    });
  tokens
    .command('renew')
    .description('Renew a token with a new file of the same location')
    .argument('<id>', 'token id')
    .requiredOption('--file <path>', 'the new .vpptoken file')
    .action(async (id: string, opts: { file: string }, command: Command) => {
      const api = await client();
      const token = await api.upload(
        'PATCH',
        `/api/tokens/${encodeURIComponent(id)}`,
        tokenSchema,
        await tokenForm(opts.file),
      );
      print(io, format(command), token, [token], ['id', 'name', 'status', 'expiresAt']);
    });

  program
    .command('apps')
    .description('Store apps (Apple VPP apps and books) with license counts')
    .command('list')
    .option('--search <text>')
    .option('--token <id>', 'only this token')
    .action(async (opts: { search?: string; token?: string }, command: Command) => {
      const api = await client();
      const items = await allPages((page, pageSize) =>
        api.get('/api/store-apps', pagedStoreApps, {
          page,
          pageSize,
          search: opts.search,
          tokenId: opts.token,
        }),
      );
      const rows = items.map((app) => ({ ...app, token: app.token.name }));
      print(io, format(command), items, rows, [
        'id',
        'adamId',
        'name',
        'token',
        'totalCount',
        'assignedCount',
        'availableCount',
      ]);
    });

  program
    .command('report')
    .description('The license-counts report')
    .option('--csv', 'every row as CSV (as the console exports it)', false)
    .option('--search <text>')
    .option('--category <name>')
    .action(async (opts: { csv: boolean; search?: string; category?: string }) => {
      const api = await client();
      if (!opts.csv) throw new UsageProblem('Only --csv is supported: `vppctl report --csv > report.csv`.');
      const csv = await api.text('/api/reports/license-counts', {
        format: 'csv',
        search: opts.search,
        category: opts.category,
      });
      io.out(csv.trimEnd());
    });

  program
    .command('reclaim')
    .description(
      'Take back licenses a reclaim rule finds (preview them with --dry-run); undo in the console for 7 days',
    )
    .addOption(new Option('--rule <rule>', 'which licenses').choices(reclaimRules).makeOptionMandatory())
    .option('--days <n>', 'DEVICE_NOT_SEEN and NOT_INSTALLED: for this many days (default 30)')
    .option('--token <id>', 'only this token')
    .option('--dry-run', 'list what it would take back and the money freed; change nothing', false)
    .action(
      async (opts: { rule: string; days?: string; token?: string; dryRun: boolean }, command: Command) => {
        const days = opts.days === undefined ? undefined : Number(opts.days);
        if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 3650)) {
          throw new UsageProblem(`--days must be a whole number from 1 to 3650, not ${opts.days}.`);
        }
        const api = await client();
        const result = await api.send('POST', '/api/reclaim', reclaimResultSchema, {
          rule: opts.rule,
          ...(days === undefined ? {} : { days }),
          ...(opts.token ? { tokenId: opts.token } : {}),
          dryRun: opts.dryRun,
        });
        const money = (minor: number | null) =>
          minor === null ? null : `${moneyText(minor, result.currency)} ${result.currency}`;
        print(
          io,
          format(command),
          result,
          result.candidates.map((candidate) => ({
            ...candidate,
            app: candidate.appName,
            holder: candidate.assigneeName
              ? `${candidate.assignee} (${candidate.assigneeName})`
              : candidate.assignee,
            price: money(candidate.priceMinor),
          })),
          ['app', 'tokenName', 'licenseType', 'holder', 'reason', 'installed', 'price'],
        );
        if (format(command) === 'table') {
          io.out(
            `${result.dryRun ? 'Would take back' : 'Took back'} ${result.candidates.length} licenses (${result.uninstalls} removed first), freeing ${money(result.freedMinor)}${result.reclaim ? `; reclaim ${result.reclaim.id}, undo until ${result.reclaim.undoUntil}` : ''}.`,
          );
        }
      },
    );

  program
    .command('deploy')
    .description('Deploy an application to a collection (or preview it with --dry-run)')
    .requiredOption('--app <application>', 'application name or id')
    .requiredOption('--collection <collection>', 'collection name or id')
    .option('--uninstall', 'remove the app instead of installing it', false)
    .addOption(new Option('--purpose <purpose>').choices(['REQUIRED', 'AVAILABLE']).default('REQUIRED'))
    .option('--dry-run', 'show what it would do (licenses needed, shortfall) and change nothing', false)
    .action(
      async (
        opts: { app: string; collection: string; uninstall: boolean; purpose: string; dryRun: boolean },
        command: Command,
      ) => {
        const api = await client();
        const applications = await allPages((page, pageSize) =>
          api.get('/api/applications', pagedApplications, { page, pageSize }),
        );
        const application = only(
          applications.filter((app) => app.id === opts.app || app.name === opts.app),
          `application "${opts.app}"`,
        );
        const collections = await allPages((page, pageSize) =>
          api.get('/api/collections', pagedCollections, { page, pageSize }),
        );
        const collection = only(
          collections.filter((c) => c.id === opts.collection || c.name === opts.collection),
          `collection "${opts.collection}"`,
        );
        const body = {
          applicationId: application.id,
          collectionId: collection.id,
          action: opts.uninstall ? 'UNINSTALL' : 'INSTALL',
          purpose: opts.purpose,
        };
        if (opts.dryRun) {
          const preview = await api.send('POST', '/api/deployments/preview', deploymentPreviewSchema, body);
          print(
            io,
            format(command),
            preview,
            [preview],
            [
              'licenseType',
              'targets',
              'licensesNeeded',
              'alreadyHeld',
              'newClaims',
              'available',
              'shortfall',
            ],
          );
          return;
        }
        const deployment = await api.send('POST', '/api/deployments', deploymentSchema, body);
        print(
          io,
          format(command),
          deployment,
          [{ ...deployment, application: deployment.application.name }],
          ['id', 'application', 'collectionName', 'action', 'purpose', 'status', 'targetsTotal'],
        );
      },
    );

  for (const verb of ['plan', 'apply'] as const) {
    program
      .command(verb)
      .description(
        verb === 'plan'
          ? 'Show what applying a YAML file would change (token metadata, collections, deployments)'
          : 'Make the console match a YAML file: shows the plan, then applies it',
      )
      .requiredOption('-f, --file <path>', 'the YAML file (e.g. vpp.yaml)')
      .option('--prune', 'also delete collections and deployments the file does not mention', false)
      .action(async (opts: { file: string; prune: boolean }, command: Command) => {
        let source: string;
        try {
          source = await readFile(opts.file, 'utf8');
        } catch {
          throw new UsageProblem(`Cannot read ${opts.file}.`);
        }
        const file = parseVppFile(source, path.basename(opts.file));
        const api = await client();
        const plan = await makePlan(api, file, { prune: opts.prune });
        const summary = { changes: plan.changes, problems: plan.problems };
        if (format(command) === 'json') io.out(JSON.stringify({ ...summary, applied: false }, null, 2));
        else io.out(describePlan(plan, path.basename(opts.file)));
        if (plan.problems.length > 0) {
          exitCode = EXIT.refused;
          return;
        }
        if (verb === 'apply' && plan.changes.length > 0) {
          await plan.run();
          if (format(command) === 'json') io.out(JSON.stringify({ applied: true }));
          else io.out('Applied.');
        }
      });
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return EXIT.ok;
      return EXIT.usage;
    }
    if (error instanceof UsageProblem || error instanceof FileProblem) {
      io.err(`error: ${error.message}`);
      return EXIT.usage;
    }
    if (error instanceof ApiRefusal) {
      io.err(`error: ${error.code} (HTTP ${error.status}): ${error.message}`);
      return EXIT.refused;
    }
    if (error instanceof Unreachable) {
      io.err(`error: ${error.message}`);
      return EXIT.unreachable;
    }
    throw error;
  }
}

async function tokenForm(file: string): Promise<FormData> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new UsageProblem(`Cannot read ${file}.`);
  }
  const form = new FormData();
  form.set(
    'token',
    new Blob([new Uint8Array(bytes)], { type: 'application/octet-stream' }),
    path.basename(file),
  );
  return form;
}

function only<T>(matches: T[], what: string): T {
  if (matches.length === 1) return matches[0]!;
  throw new ApiRefusal(
    404,
    'NOT_FOUND',
    matches.length === 0 ? `No ${what}.` : `More than one ${what}; use its id.`,
  );
}
