import { defineProject } from 'vitest/config';

// The worker's tests start it as its own process (tsx compiles on the way): as long as the root's.
export default defineProject({
  test: { name: 'worker', include: ['test/**/*.test.ts'], testTimeout: 30_000 },
});
