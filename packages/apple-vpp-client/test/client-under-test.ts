import { createVppClient, type VppClientOptions } from '../src/vpp-client.ts';
import { S_TOKEN } from './apple-fixtures.ts';
import { BASE_URL, FakeApple } from './fake-apple.ts';
import { FakeClock } from './fake-clock.ts';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string;
}

/** A pino-shaped logger that keeps every line, to assert on what was (not) logged. */
export class CapturingLogger {
  readonly lines: LogLine[] = [];
  debug = (obj: Record<string, unknown>, msg: string) => this.lines.push({ level: 'debug', obj, msg });
  info = (obj: Record<string, unknown>, msg: string) => this.lines.push({ level: 'info', obj, msg });
  warn = (obj: Record<string, unknown>, msg: string) => this.lines.push({ level: 'warn', obj, msg });
  error = (obj: Record<string, unknown>, msg: string) => this.lines.push({ level: 'error', obj, msg });
}

/** A client wired to the in-memory Apple, on virtual time, with jitter fixed at its midpoint. */
export function setUpClient(options: Partial<VppClientOptions> = {}) {
  const clock = new FakeClock();
  const apple = new FakeApple(clock);
  const logger = new CapturingLogger();
  const client = createVppClient({
    baseUrl: BASE_URL,
    sToken: S_TOKEN,
    fetch: apple.fetch,
    clock,
    random: () => 0.5,
    logger,
    ...options,
  });
  return { clock, apple, logger, client };
}

/** Runs `action` and returns what it threw (failing the test if it did not throw). */
export async function caught(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw, it resolved');
}
