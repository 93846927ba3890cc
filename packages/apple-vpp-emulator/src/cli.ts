import { CLI_USAGE, type CliArguments, parseCliArguments } from './cli-arguments.ts';
import { createEmulator } from './create-emulator.ts';
import { generateDemoOrganisation } from './generators/demo-organisation.ts';
import { generateScaledOrganisation } from './generators/scaled-organisation.ts';
import { writeVppTokenFiles } from './generators/write-token-files.ts';
import { Organisation } from './state/organisation.ts';

function buildOrganisation(organisation: CliArguments['organisation']): Organisation {
  if (organisation.kind === 'demo') return generateDemoOrganisation();
  if (organisation.kind === 'scale') return generateScaledOrganisation(organisation.scale);
  return new Organisation();
}

async function main(argv: string[]): Promise<void> {
  let options: CliArguments;
  try {
    options = parseCliArguments(argv);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(`\n${CLI_USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    console.log(CLI_USAGE);
    return;
  }

  const started = performance.now();
  const organisation = buildOrganisation(options.organisation);
  const built = Math.round(performance.now() - started);
  const emulator = createEmulator({
    organisation,
    eventDelayMs: options.eventDelayMs,
    notificationRetryDelayMs: options.notificationRetryDelayMs,
    httpNotificationUrls: options.httpNotificationUrls,
    rateLimit: options.rateLimit,
    ...(options.publicUrl ? { publicBaseUrl: options.publicUrl } : {}),
  });
  const server = await emulator.start({ port: options.port, host: options.host });

  const assignments = organisation.locations.reduce((sum, location) => sum + location.assignments.size, 0);
  console.log(`Apple VPP emulator listening on ${server.origin}`);
  console.log(`  API base URL:  ${server.baseUrl}`);
  console.log(`  Control API:   ${server.controlUrl}`);
  console.log(
    `  Organisation:  ${options.organisation.kind}, ${organisation.locations.length} locations, ${assignments} assignments (built in ${built} ms)`,
  );
  if (options.writeTokensTo !== undefined) {
    const files = await writeVppTokenFiles(organisation, options.writeTokensTo);
    console.log(`  Token files:   ${files.length} written to ${options.writeTokensTo}`);
    for (const file of files.slice(0, 10)) console.log(`    ${file.file}  (${file.locationName})`);
    if (files.length > 10) console.log(`    … and ${files.length - 10} more`);
  }

  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main(process.argv.slice(2));
