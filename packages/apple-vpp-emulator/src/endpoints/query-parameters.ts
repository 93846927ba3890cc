import { AppleError } from '../apple/apple-errors.ts';

/** A query parameter given once, as text; repeated parameters are an invalid argument. */
export function readText(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new AppleError(9602);
  return value;
}

export function readBoolean(query: Record<string, unknown>, name: string): boolean | undefined {
  const value = readText(query, name);
  if (value === undefined || value === '') return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new AppleError(9602);
}

export function readCount(query: Record<string, unknown>, name: string): number | undefined {
  const value = readText(query, name);
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw new AppleError(9602);
  return Number(value);
}

export function readEnum<T extends string>(
  query: Record<string, unknown>,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = readText(query, name);
  if (value === undefined || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new AppleError(9602);
  return value as T;
}
