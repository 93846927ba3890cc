// Every entry point installs this first: an unhandled rejection or an uncaught exception is logged
// and ends the process with a non-zero code, after at most `graceMs` of cleanup, never a hang.

export interface FatalLogger {
  fatal(obj: object, msg: string): void;
}

export interface FatalHandlerOptions {
  /** Best-effort cleanup (close the server, the database); cut short after graceMs. */
  cleanup?: () => Promise<void>;
  graceMs?: number;
  exit?: (code: number) => void;
}

export const FATAL_EXIT_CODE = 70;

export function installFatalErrorHandlers(
  logger: FatalLogger | (() => FatalLogger),
  options: FatalHandlerOptions = {},
): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let ending = false;
  const onFatal = (kind: 'unhandledRejection' | 'uncaughtException') => (error: unknown) => {
    try {
      (typeof logger === 'function' ? logger() : logger).fatal({ err: error, kind }, `fatal: ${kind}`);
    } catch {
      console.error(`fatal: ${kind}`, error);
    }
    if (ending) return;
    ending = true;
    const timer = setTimeout(() => exit(FATAL_EXIT_CODE), options.graceMs ?? 3000);
    timer.unref();
    Promise.resolve()
      .then(() => options.cleanup?.())
      .catch(() => {})
      .finally(() => {
        clearTimeout(timer);
        exit(FATAL_EXIT_CODE);
      });
  };
  const rejection = onFatal('unhandledRejection');
  const exception = onFatal('uncaughtException');
  process.on('unhandledRejection', rejection);
  process.on('uncaughtException', exception);
  return () => {
    process.off('unhandledRejection', rejection);
    process.off('uncaughtException', exception);
  };
}
