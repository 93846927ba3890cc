import { useQueryClient } from '@tanstack/react-query';
import type { Token } from '@vpp/contracts/tokens';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { tokenPath } from '../../../app/paths.ts';
import { DataTable } from '../../../components/data-table.tsx';
import { StackedTime } from '../../../components/stacked-time.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { tokenQueryOptions } from '../api/get-token.ts';
import { NextSync } from './next-sync.tsx';
import { TokenStatusBadge } from './status-badges.tsx';

export function TokensTable({ tokens }: { tokens: Token[] }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const queryClient = useQueryClient();

  return (
    <DataTable
      className="tokens-table"
      caption={t('tokens.caption')}
      headings="tokens.columns"
      columns={[
        ['name', 'tokens-table__heading'],
        ['organisation', 'tokens-table__heading'],
        ['type', 'tokens-table__heading hide-narrow'],
        ['status', 'tokens-table__heading'],
        ['expiresAndUpdated', 'tokens-table__heading'],
        ['lastSynced', 'tokens-table__heading'],
        ['nextSync', 'tokens-table__heading hide-narrow'],
      ]}
    >
      {tokens.map((token) => (
        <tr key={token.id}>
          <th scope="row" className="tokens-table__name">
            {/* The token page opens with its data when the link was pointed at or focused first. */}
            <Link
              to={tokenPath(token.id)}
              onPointerEnter={() => queryClient.prefetchQuery(tokenQueryOptions(token.id))}
              onFocus={() => queryClient.prefetchQuery(tokenQueryOptions(token.id))}
            >
              {token.name}
            </Link>
            {/* Categories sit under the name, where they take no column of their own. */}
            {token.categories.length > 0 && (
              <ul className="chips tokens-table__categories" aria-label={t('tokens.columns.categories')}>
                {token.categories.map((category) => (
                  <li key={category} className="chip">
                    {category}
                  </li>
                ))}
              </ul>
            )}
          </th>
          <td className="stacked-cell tokens-table__organisation">
            <span>{token.orgName}</span>
            {token.locationName && <span className="stacked-cell__secondary">{token.locationName}</span>}
          </td>
          <td className="hide-narrow">{t(`tokens.types.${token.type}`)}</td>
          <td className="stacked-cell tokens-table__status">
            <span>
              <TokenStatusBadge status={token.status} />
            </span>
            <span className="stacked-cell__secondary">{token.statusReason}</span>
          </td>
          {/* Both dates come from the token file: when it expires, and when it was last replaced. */}
          <td className="stacked-cell tokens-table__expiry">
            <time dateTime={token.expiresAt}>{format.date(token.expiresAt)}</time>
            <span className="stacked-cell__secondary">
              {/* No-break spaces keep the date on one line when the column is narrow. */}
              {t('tokens.updatedOn', {
                date: format.date(token.lastUpdatedAt).replaceAll(' ', '\u00a0'),
              })}
            </span>
          </td>
          <td className="nowrap">
            {token.lastSyncedAt ? (
              <StackedTime value={token.lastSyncedAt} />
            ) : (
              <span className="muted">{t('tokens.never')}</span>
            )}
          </td>
          <td className="nowrap hide-narrow">
            <NextSync token={token} compact />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
