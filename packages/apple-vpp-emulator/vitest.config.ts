import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'apple-vpp-emulator', include: ['test/**/*.test.ts'] },
});
