import { tokenTypes } from '@vpp/contracts/tokens';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

interface Option {
  value: string;
  label: string;
}

/** Choices for a token type <select>, labelled in the reader's language; with `anyLabel`, "any" comes first. */
export function useTokenTypeOptions(anyLabel?: string): Option[] {
  const { t } = useTranslation();
  return useMemo(() => {
    const options = tokenTypes.map((value) => ({ value, label: t(`tokens.types.${value}`) }));
    return anyLabel === undefined ? options : [{ value: '', label: anyLabel }, ...options];
  }, [anyLabel, t]);
}

/**
 * Choices for a <select> of names (e.g. categories), sorted, after "any". A name chosen in the address
 * that is no longer among them still shows as chosen.
 */
export function useNameOptions(
  names: readonly string[] | undefined,
  chosen: string | undefined,
  anyLabel: string,
) {
  return useMemo(() => {
    const all = new Set(names ?? []);
    if (chosen) all.add(chosen);
    return [{ value: '', label: anyLabel }, ...[...all].sort().map((name) => ({ value: name, label: name }))];
  }, [names, chosen, anyLabel]);
}

/** Choices for a <select> of the values of an enum, each with its label, after "any". */
export function enumOptions<T extends string>(
  values: readonly T[],
  label: (value: T) => string,
  anyLabel: string,
): Option[] {
  return [{ value: '', label: anyLabel }, ...values.map((value) => ({ value, label: label(value) }))];
}
