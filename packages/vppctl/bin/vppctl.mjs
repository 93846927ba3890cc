#!/usr/bin/env node
// vppctl is TypeScript run through tsx (as the rest of the checkout is), so `npx vppctl` works
// straight after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
