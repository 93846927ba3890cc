import { type Dispatcher, getGlobalDispatcher } from 'undici';

/** Thrown into a request that reached the wire's edge while its token was held: it was not sent. */
export class HeldBeforeSending extends Error {
  constructor() {
    super('Not sent: Apple asked this token to wait (Retry-After)');
    this.name = 'HeldBeforeSending';
  }
}

/**
 * A fetch `dispatcher` that checks the token's hold at the last moment: when the connection is
 * ready and the request is about to be written (undici calls `onConnect` right before it writes
 * the request line). A request the pacer let through a moment before another request of the same
 * token came back with Retry-After (still queued for a socket, still connecting) is then stopped
 * before a byte of it leaves, and goes back to wait for the hold to pass.
 *
 * Throwing from `onConnect` fails only that request; the socket stays open for the next one.
 */
export function holdGate(isHeld: () => boolean): Dispatcher {
  const base = getGlobalDispatcher();
  const gate = Object.create(base) as Dispatcher;
  gate.dispatch = (options, handler) => base.dispatch(options, gatedHandler(handler, isHeld));
  return gate;
}

function gatedHandler(handler: Dispatcher.DispatchHandlers, isHeld: () => boolean) {
  return new Proxy(handler, {
    get(target, property) {
      if (property === 'onConnect') {
        return (abort: (error?: Error) => void) => {
          if (isHeld()) throw new HeldBeforeSending();
          return target.onConnect?.(abort);
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** True when `error` (or one of its causes) is the gate's refusal. */
export function wasHeldBeforeSending(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof HeldBeforeSending) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
