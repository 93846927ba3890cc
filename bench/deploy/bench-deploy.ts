// `npm run bench:deploy [-- --quick]`: a required install to a 10,000-device collection against the
// Apple emulator (issue 5, "Speed"): time until every target is LICENSED, the Apple requests made
// (associate calls against ⌈targets ÷ maxSerialNumbers⌉, plus status polls) and the SQL statements
// per 1,000 targets. Runs through the product's own code: createDeployment, then the worker.

import { parseArgs } from 'node:util';
import { createEmulator } from '@vpp/apple-vpp-emulator';
import { createApplication } from '@vpp/core/applications/manage-applications';
import { createDeployment } from '@vpp/core/deployments/create-deployment';
import { systemContext } from '@vpp/core/request-context';
import { installFatalErrorHandlers } from '@vpp/core/services/fatal-errors';
import { runTokenSync } from '@vpp/core/sync/run-token-sync';
import { addToken } from '@vpp/core/tokens/manage-tokens';
import { startWorker } from '@vpp/worker/worker';
import pg from 'pg';
import { describeLoad, writeResults } from '../results.ts';
import {
  appleClientsFor,
  benchServices,
  openBenchDatabase,
  startBenchServer,
  syncDepsFor,
} from '../sync/bench-environment.ts';

// A benchmark that fails does so loudly: logged, non-zero, never left hanging.
installFatalErrorHandlers({ fatal: (obj, msg) => console.error(msg, obj) });

const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const DEVICES = args.quick ? 1000 : 10_000;
const ADAM_ID = '361309726';
const fmt = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

console.log(
  `VPP Console deployment benchmark: Node ${process.version}, ${describeLoad()}, embedded PostgreSQL (fsync off), in-process Apple emulator`,
);

const server = await startBenchServer();
const emulator = createEmulator({ eventDelayMs: 500, rateLimit: true });
const apple = await emulator.start({ port: 0 });
try {
  const bench = openBenchDatabase(await server.createDatabase('bench_deploy'));
  const { database } = bench;
  const appleClients = appleClientsFor(apple.baseUrl);
  const location = emulator.control.createLocation({
    orgName: 'Bench Org',
    locationName: 'Bench campus',
    type: 'EDUCATION',
    assets: [{ adamId: ADAM_ID, name: 'Pages', deviceAssignable: true, count: DEVICES + 500 }],
  });

  // A token, synced, an application, a valid APNs certificate and a collection of devices.
  const ctx = systemContext('bench');
  const token = await addToken(
    {
      prisma: database.prisma,
      cipher: server.cipher,
      appleClients,
      now: () => new Date(),
      maxTokens: 3000,
      schedule: { cron: '0 6,18 * * *', spreadMs: 0 },
    },
    ctx,
    {
      name: 'Bench',
      description: '',
      categories: [],
      appleId: 'bench@example.test',
      type: 'EDUCATION',
      takeOver: false,
    },
    Buffer.from(location.vppToken),
  );
  const run = await database.prisma.syncRun.findFirstOrThrow({ where: { tokenId: token.id } });
  await runTokenSync(syncDepsFor(bench, server, appleClients), run.id, { number: 1, isLast: true });
  const storeApp = await database.prisma.storeApp.findFirstOrThrow({ where: { tokenId: token.id } });
  const application = await createApplication(database.prisma, ctx, storeApp.id, undefined);
  await database.prisma.apnsCertificate.create({
    data: {
      pem: 'bench',
      subject: 'UID=com.apple.mgmt.External.bench',
      topic: 'com.apple.mgmt.External.bench',
      serialNumber: '01',
      notBefore: new Date(Date.now() - 86_400_000),
      expiresAt: new Date(Date.now() + 365 * 86_400_000),
    },
  });
  const collection = await database.prisma.collection.create({
    data: { name: 'Bench devices', type: 'DEVICE' },
  });
  await database.pool.query(
    `WITH made AS (
       INSERT INTO devices (id, serial_number, name, model, created_at, updated_at)
       SELECT gen_random_uuid(), 'BNCH' || lpad(n::text, 8, '0'), 'iPad ' || n, 'iPad', now(), now()
         FROM generate_series(1, $1) AS n
       RETURNING id
     )
     INSERT INTO collection_devices (collection_id, device_id) SELECT $2, id FROM made`,
    [DEVICES, collection.id],
  );

  // The worker as production builds it: the same services, on the benchmark's database and Apple.
  const worker = await startWorker(benchServices(bench, server, appleClients), 4);
  emulator.control.clearRequests();
  bench.statements.start();
  const started = performance.now();
  const deployment = await createDeployment(
    database,
    ctx,
    { applicationId: application.id, collectionId: collection.id, action: 'INSTALL', purpose: 'REQUIRED' },
    new Date(),
  );
  const createdMs = performance.now() - started;
  // The benchmark watches on its own connection, so only the product's statements are counted.
  const watcher = new pg.Client({ connectionString: bench.url });
  await watcher.connect();
  for (;;) {
    const { rows } = await watcher.query<{ licensed: number; failed: number }>(
      `SELECT count(*) FILTER (WHERE state = 'LICENSED')::int AS licensed, count(*) FILTER (WHERE state = 'FAILED')::int AS failed
         FROM deployment_targets WHERE deployment_id = $1`,
      [deployment.id],
    );
    const done = rows[0];
    if (done && done.licensed + done.failed >= DEVICES) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const licensedMs = performance.now() - started;
  const statements = bench.statements.stop();
  await watcher.end();
  await worker.stop();
  const requests = emulator.control.requests({ limit: 100_000 });
  const associate = requests.filter((request) => request.path.endsWith('/assets/associate')).length;
  const polls = requests.filter((request) => request.path.endsWith('/status')).length;
  const maxSerials = emulator.control.limits().maxSerialNumbers;
  const bound = Math.ceil(DEVICES / maxSerials);
  const productStatements = statements.total;
  const failed = await database.prisma.deploymentTarget.count({
    where: { deploymentId: deployment.id, state: 'FAILED' },
  });

  console.log(
    `1. install to ${fmt(DEVICES)} devices: every target LICENSED after ${fmt(licensedMs / 1000, 2)} s ` +
      `(the deployment and its ${fmt(DEVICES)} targets created in ${fmt(createdMs)} ms; Apple's event delay 0.5 s; ${fmt(failed)} failed)`,
  );
  console.log(
    `2. Apple requests: ${associate} associate calls (target ≤ ⌈${fmt(DEVICES)} ÷ ${maxSerials}⌉ = ${bound}) ` +
      `${associate <= bound ? 'met' : 'MISSED'}; ${polls} status polls; ${requests.length} requests in all`,
  );
  console.log(
    `3. SQL statements: ${fmt(productStatements)} in all (creating the deployment, the worker's jobs and the queue), ` +
      `${fmt((productStatements / DEVICES) * 1000, 1)} per 1,000 targets`,
  );
  for (const kind of statements.kinds.slice(0, 8)) {
    console.log(
      `      ${fmt(kind.count).padStart(6)}  ${`${fmt(kind.totalMs, 1)} ms`.padStart(10)}  ${kind.label}`,
    );
  }
  writeResults('deploy', [
    {
      what: `install to ${fmt(DEVICES)} devices: Apple associate calls`,
      measured: `${fmt(associate)} calls`,
      baseline: `⌈${fmt(DEVICES)} ÷ ${maxSerials}⌉ = ${bound} calls`,
      value: associate / bound,
      target: '≤ 1.0 × the bound',
      met: associate <= bound,
    },
    {
      what: `install to ${fmt(DEVICES)} devices: failed targets`,
      measured: `${fmt(failed)} failed, all LICENSED after ${fmt(licensedMs / 1000, 2)} s`,
      baseline: null,
      value: failed,
      target: '0 failed',
      met: failed === 0,
    },
  ]);
  console.log(`(${describeLoad()} at the end)`);
  await bench.close();
} finally {
  await emulator.close();
  await server.stop();
}
