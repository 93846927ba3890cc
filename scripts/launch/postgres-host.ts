import { startEmbeddedPostgres } from '@vpp/db/embedded-postgres';

// The embedded PostgreSQL, hosted in a process of its own group (the launcher spawns it detached):
// Ctrl-C in the terminal reaches the product, not the database, so the product stops first and the
// database after it, with no connection cut mid-query. It stops when the launcher says so or goes.

const options = JSON.parse(process.argv[2] ?? '{}');
const postgres = await startEmbeddedPostgres(options);
let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await postgres.stop();
  process.exit(0);
}
process.on('message', (message) => {
  if (message === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.send?.({ url: postgres.url, port: postgres.port });
