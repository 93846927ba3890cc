// Measures GET /assignments pages per second over HTTP on loopback, with one and with five
// requests in flight (Apple allows up to five). The emulator runs on the main thread and the
// load generator on a worker thread, so the client's work does not eat the server's event loop.
// Bounded: a few seconds per run, then it stops. Usage:
//   npx tsx packages/apple-vpp-emulator/bench/assignments-throughput.ts [--assignments N] [--seconds S] [--page-size P]
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { createEmulator } from '../src/create-emulator.ts';
import { generateScaledOrganisation } from '../src/generators/scaled-organisation.ts';

interface LoadRun {
  url: string;
  authorization: string;
  totalPages: number;
  concurrency: number;
  seconds: number;
}

interface LoadResult {
  pages: number;
  bytes: number;
  elapsedSeconds: number;
}

// The load generator runs on a worker thread as plain JavaScript (workers do not get tsx's loader).
const LOAD_GENERATOR = `
const { parentPort, workerData: run } = require('node:worker_threads');
(async () => {
  let nextPage = 0, pages = 0, bytes = 0;
  const started = performance.now();
  const deadline = started + run.seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const pageIndex = nextPage++ % run.totalPages;
      const response = await fetch(run.url + '?pageIndex=' + pageIndex, { headers: { authorization: run.authorization } });
      const body = await response.arrayBuffer();
      if (response.status !== 200) throw new Error('page ' + pageIndex + ': HTTP ' + response.status);
      pages += 1;
      bytes += body.byteLength;
    }
  };
  await Promise.all(Array.from({ length: run.concurrency }, worker));
  parentPort.postMessage({ pages, bytes, elapsedSeconds: (performance.now() - started) / 1000 });
})();
`;

function runInWorker(run: LoadRun): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_GENERATOR, { eval: true, workerData: run });
    worker.once('message', (result: LoadResult) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', reject);
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      assignments: { type: 'string', default: '1000000' },
      seconds: { type: 'string', default: '5' },
      'page-size': { type: 'string', default: '1000' },
    },
  });
  const assignments = Number(values.assignments);
  const seconds = Number(values.seconds);
  const pageSize = Number(values['page-size']);

  const built = performance.now();
  const organisation = generateScaledOrganisation({ tokens: 1, apps: 50, assignments, seed: 1 });
  console.log(`built ${assignments} assignments in ${Math.round(performance.now() - built)} ms`);
  const location = organisation.locations[0];
  if (location === undefined) throw new Error('no location generated');

  const emulator = createEmulator({ organisation, rateLimit: false, pageSizes: { assignments: pageSize } });
  const { baseUrl } = await emulator.start({ port: 0 });
  const run = {
    url: `${baseUrl}/assignments`,
    authorization: `Bearer ${location.currentToken.vppToken}`,
    totalPages: Math.ceil(assignments / pageSize),
    seconds,
  };
  await runInWorker({ ...run, concurrency: 1, seconds: 1 }); // warm-up
  for (const concurrency of [1, 5]) {
    const result = await runInWorker({ ...run, concurrency });
    const pagesPerSecond = result.pages / result.elapsedSeconds;
    console.log(
      `GET /assignments, ${pageSize} per page, ${concurrency} in flight: ${pagesPerSecond.toFixed(0)} pages/s ` +
        `(${(pagesPerSecond * pageSize).toFixed(0)} assignments/s, ${(result.bytes / result.elapsedSeconds / 1e6).toFixed(1)} MB/s)`,
    );
  }
  await emulator.close();
}

await main();
