import { z } from 'zod';

// zod compiles fast parsers with `new Function` after probing whether eval is allowed; the probe
// itself trips the console's Content-Security-Policy (no 'unsafe-eval'). The console parses small
// payloads, so the interpreted parsers are fast enough.
z.config({ jitless: true });
