import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'job-queue', include: ['test/**/*.test.ts'] },
});
