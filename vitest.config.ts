import { defineConfig } from 'vitest/config';

// One vitest run covers every workspace; each workspace is a project so one can be run alone
// (`npx vitest run --project api`). A single real PostgreSQL serves the whole run.
export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    projects: ['packages/*', 'apps/api', 'apps/worker', 'apps/web'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
