import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'vppctl', include: ['test/**/*.test.ts'] },
});
