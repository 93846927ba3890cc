import type { ServiceConfigLimits } from './apple-payloads.ts';

export type ResolvedLimits = Required<
  Pick<
    ServiceConfigLimits,
    | 'maxAssets'
    | 'maxClientUserIds'
    | 'maxSerialNumbers'
    | 'maxRevokeClientUserIds'
    | 'maxRevokeSerialNumbers'
    | 'maxUsers'
    | 'maxRequestPerSecond'
  >
>;

/**
 * Apple's documented example values. Used only for a limit the live service
 * config leaves out (Apple's own examples omit `maxRequestPerSecond` at times) or while the
 * service config cannot be read at all.
 */
export const DOCUMENTED_LIMITS: ResolvedLimits = {
  maxAssets: 25,
  maxClientUserIds: 1000,
  maxSerialNumbers: 1000,
  maxRevokeClientUserIds: 100,
  maxRevokeSerialNumbers: 100,
  maxUsers: 100,
  maxRequestPerSecond: 15,
};

export function resolveLimits(limits: ServiceConfigLimits): ResolvedLimits {
  return {
    maxAssets: limits.maxAssets ?? DOCUMENTED_LIMITS.maxAssets,
    maxClientUserIds: limits.maxClientUserIds ?? DOCUMENTED_LIMITS.maxClientUserIds,
    maxSerialNumbers: limits.maxSerialNumbers ?? DOCUMENTED_LIMITS.maxSerialNumbers,
    maxRevokeClientUserIds: limits.maxRevokeClientUserIds ?? DOCUMENTED_LIMITS.maxRevokeClientUserIds,
    maxRevokeSerialNumbers: limits.maxRevokeSerialNumbers ?? DOCUMENTED_LIMITS.maxRevokeSerialNumbers,
    maxUsers: limits.maxUsers ?? DOCUMENTED_LIMITS.maxUsers,
    maxRequestPerSecond: limits.maxRequestPerSecond ?? DOCUMENTED_LIMITS.maxRequestPerSecond,
  };
}
