import { run } from './cli.ts';

// The one place vppctl reads the process: its arguments and environment go in, an exit code comes out.
process.exitCode = await run(process.argv.slice(2), {
  env: { ...process.env },
  io: {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  },
});
