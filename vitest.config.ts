import { defineConfig } from 'vitest/config';

// One vitest run covers every workspace; each workspace is a project so one can be run alone
// (`npx vitest run --project api`). A single real PostgreSQL serves the whole run.
export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    projects: [
      'packages/*',
      'apps/api',
      'apps/worker',
      'apps/web',
      // API, worker and the Apple emulator together: upload, sync, crash and fault scenarios.
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      // Outages: each file runs its own PostgreSQL cluster and stops it hard mid-work. They run
      // after every other project (groupOrder 1), so their time bounds are not measured on a machine
      // the rest of the suite keeps busy.
      {
        extends: true,
        test: {
          name: 'chaos',
          include: ['test/chaos/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 1 },
        },
      },
      // The Apple VPP client against the emulator over loopback HTTP: every call and every error.
      { extends: true, test: { name: 'contract', include: ['test/contract/**/*.test.ts'] } },
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
