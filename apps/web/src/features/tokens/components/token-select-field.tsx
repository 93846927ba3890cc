import { useQuery } from '@tanstack/react-query';
import { MAX_PAGE_SIZE } from '@vpp/contracts/paging';
import { type SelectHTMLAttributes, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../../components/form-field.tsx';
import { tokenQueryOptions } from '../api/get-token.ts';
import { useTokens } from '../api/get-tokens.ts';

type TokenSelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'value' | 'onChange'> & {
  label: string;
  anyLabel: string;
  value: string;
  onChange: (tokenId: string) => void;
};

/**
 * Chooses one token by name. It offers the first 500 tokens by name (one page of the API); a token
 * chosen elsewhere (the address) is offered even when it is not among them.
 */
export function TokenSelectField({ label, anyLabel, value, onChange, ...select }: TokenSelectFieldProps) {
  const { t } = useTranslation();
  const tokens = useTokens({ page: 1, pageSize: MAX_PAGE_SIZE });
  const listed = tokens.data?.items ?? [];
  const chosenIsListed = !value || listed.some((token) => token.id === value);
  const chosen = useQuery({ ...tokenQueryOptions(value), enabled: !chosenIsListed });

  const options = useMemo(() => {
    const named = listed.map((token) => ({ value: token.id, label: token.name }));
    if (!chosenIsListed && value) named.push({ value, label: chosen.data?.name ?? value });
    named.sort((a, b) => a.label.localeCompare(b.label));
    return [{ value: '', label: anyLabel }, ...named];
  }, [listed, chosenIsListed, value, chosen.data, anyLabel]);

  const total = tokens.data?.total ?? 0;
  return (
    <SelectField
      {...select}
      label={label}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      options={options}
      aria-busy={tokens.isPending}
      hint={total > MAX_PAGE_SIZE ? t('storeApps.filters.tokenLimit', { count: MAX_PAGE_SIZE }) : undefined}
    />
  );
}
