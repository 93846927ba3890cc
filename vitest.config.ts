import { defineConfig } from 'vitest/config';

// One vitest run covers every workspace; each workspace is a project so a single one can be run alone.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/api', 'apps/worker'],
  },
});
