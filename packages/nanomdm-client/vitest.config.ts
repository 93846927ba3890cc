import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'nanomdm-client', include: ['test/**/*.test.ts'] },
});
