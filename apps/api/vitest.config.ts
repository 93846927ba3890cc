import { defineProject } from 'vitest/config';

// The root config's timeouts do not reach a project defined in its own directory; these match them,
// so sign-ins (scrypt) on a busy 2-core machine do not fail on vitest's 5 s default.
export default defineProject({
  test: { name: 'api', include: ['test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
});
