/** The subset of pino's API the client uses, so the product can pass its pino logger as is. */
export interface VppLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export const silentLogger: VppLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
