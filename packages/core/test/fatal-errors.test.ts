import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FATAL_EXIT_CODE } from '../src/services/fatal-errors.ts';

const handlers = path.resolve(import.meta.dirname, '../src/services/fatal-errors.ts');

/** Runs a small entry point with the fatal handlers installed; resolves with its exit and output. */
function runEntryPoint(body: string): Promise<{ code: number | null; output: string; ms: number }> {
  const source = `
    import { installFatalErrorHandlers } from ${JSON.stringify(handlers)};
    const logger = { fatal: (obj, msg) => console.log(JSON.stringify({ msg, err: String(obj.err) })) };
    ${body}`;
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve) =>
    child.on('exit', (code) => resolve({ code, output, ms: Date.now() - started })),
  );
}

describe('process-level fatal handling', () => {
  it('logs an unhandled rejection, cleans up and exits non-zero', async () => {
    const result = await runEntryPoint(`
      installFatalErrorHandlers(logger, { cleanup: async () => console.log('cleaned up') });
      setInterval(() => {}, 1000); // a server that would otherwise keep the process alive
      Promise.reject(new Error('boom'));`);
    expect(result.code).toBe(FATAL_EXIT_CODE);
    expect(result.output).toContain('"msg":"fatal: unhandledRejection"');
    expect(result.output).toContain('Error: boom');
    expect(result.output).toContain('cleaned up');
  }, 30_000);

  it('never hangs on a cleanup that does not finish', async () => {
    const result = await runEntryPoint(`
      installFatalErrorHandlers(logger, { cleanup: () => new Promise(() => {}), graceMs: 300 });
      setInterval(() => {}, 1000);
      setTimeout(() => { throw new Error('thrown'); }, 10);`);
    expect(result.code).toBe(FATAL_EXIT_CODE);
    expect(result.output).toContain('"msg":"fatal: uncaughtException"');
  }, 30_000);
});
