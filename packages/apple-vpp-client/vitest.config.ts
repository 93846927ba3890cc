import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'apple-vpp-client', include: ['test/**/*.test.ts'] },
});
