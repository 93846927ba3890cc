import type { NextFunction, Request, Response } from 'express';
import { AppleError } from '../apple/apple-errors.ts';
import type { SeededRandom } from '../state/seeded-random.ts';

export type InjectedStatus = 429 | 500 | 503;

/** Fault injection for Apple's surface (`PUT /_emulator/faults`). Rates are shares from 0 to 1. */
export interface FaultSettings {
  /** Share of requests answered 429 / 9646. */
  rate429: number;
  /** Share of requests answered 503 / 9729. */
  rate5xx: number;
  /** Retry-After (seconds) sent with injected 429 and 5xx answers. */
  retryAfterSeconds: number;
  /** Delay added before every answer. */
  latencyMs: number;
  /** Share of notifications never sent. */
  dropNotifications: number;
  /** Share of notifications sent twice with the same notificationId. */
  duplicateNotifications: number;
  /** The next `count` requests fail with `status`, whatever the rates (deterministic tests). */
  failNext: { count: number; status: InjectedStatus };
}

export function noFaults(): FaultSettings {
  return {
    rate429: 0,
    rate5xx: 0,
    retryAfterSeconds: 1,
    latencyMs: 0,
    dropNotifications: 0,
    duplicateNotifications: 0,
    failNext: { count: 0, status: 503 },
  };
}

function injectedError(status: InjectedStatus, retryAfterSeconds: number): AppleError {
  if (status === 429) return new AppleError(9646, { retryAfterSeconds });
  if (status === 500) return new AppleError(9603, { retryAfterSeconds });
  return new AppleError(9729, { retryAfterSeconds });
}

export function injectFaults(faults: () => FaultSettings, random: SeededRandom) {
  return async (_req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const settings = faults();
    if (settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, settings.latencyMs));
    if (settings.failNext.count > 0) {
      settings.failNext.count -= 1;
      throw injectedError(settings.failNext.status, settings.retryAfterSeconds);
    }
    if (random.chance(settings.rate429)) throw injectedError(429, settings.retryAfterSeconds);
    if (random.chance(settings.rate5xx)) throw injectedError(503, settings.retryAfterSeconds);
    next();
  };
}
