import type { Account } from '@vpp/contracts/accounts';
import { useTranslation } from 'react-i18next';
import { ActionsMenu, ActionsMenuItem } from '../../../components/actions-menu.tsx';
import { Badge } from '../../../components/badge.tsx';
import { ActionsHeading, DataTable } from '../../../components/data-table.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';

export type AccountAction = 'edit' | 'reset' | 'sessions' | 'disable' | 'enable' | 'delete';

interface AccountsTableProps {
  accounts: Account[];
  currentUserId: string;
  onAction: (action: AccountAction, account: Account) => void;
}

export function AccountsTable({ accounts, currentUserId, onAction }: AccountsTableProps) {
  const { t } = useTranslation();
  const format = useLocaleFormat();

  return (
    <DataTable
      caption={t('accounts.caption')}
      headings="accounts.columns"
      columns={[
        'name',
        'role',
        ['language', 'hide-narrow'],
        'status',
        'lastSignIn',
        ['created', 'hide-narrow'],
        <ActionsHeading key="actions" />,
      ]}
    >
      {accounts.map((account) => {
        const isSelf = account.id === currentUserId;
        return (
          <tr key={account.id}>
            <th scope="row" className="account-cell">
              <span className="account-cell__name">
                {account.displayName || account.email}
                {isSelf && <span className="muted"> ({t('common.you')})</span>}
              </span>
              <span className="account-cell__email">{account.email}</span>
            </th>
            <td>
              <Badge tone={account.role === 'admin' ? 'info' : 'neutral'}>{t(`roles.${account.role}`)}</Badge>
            </td>
            <td className="hide-narrow">{t(`locales.${account.locale}`)}</td>
            <td>
              <Badge tone={account.disabled ? 'danger' : 'success'}>
                {account.disabled ? t('accounts.status.disabled') : t('accounts.status.active')}
              </Badge>
            </td>
            <td className="nowrap">
              {account.lastSignInAt ? (
                <time dateTime={account.lastSignInAt}>{format.dateTime(account.lastSignInAt)}</time>
              ) : (
                <span className="muted">{t('accounts.never')}</span>
              )}
            </td>
            <td className="nowrap hide-narrow">
              <time dateTime={account.createdAt}>{format.date(account.createdAt)}</time>
            </td>
            <td className="table__actions">
              <ActionsMenu label={t('common.actions')} context={account.email}>
                <ActionsMenuItem onSelect={() => onAction('edit', account)}>
                  {t('accounts.edit')}
                </ActionsMenuItem>
                <ActionsMenuItem onSelect={() => onAction('reset', account)}>
                  {t('accounts.resetPassword')}
                </ActionsMenuItem>
                <ActionsMenuItem onSelect={() => onAction('sessions', account)}>
                  {t('accounts.sessions')}
                </ActionsMenuItem>
                {/* Disabling or deleting yourself would lock you out mid-session, so those are not offered. */}
                {!isSelf &&
                  (account.disabled ? (
                    <ActionsMenuItem onSelect={() => onAction('enable', account)}>
                      {t('accounts.enable')}
                    </ActionsMenuItem>
                  ) : (
                    <ActionsMenuItem onSelect={() => onAction('disable', account)}>
                      {t('accounts.disable')}
                    </ActionsMenuItem>
                  ))}
                {!isSelf && (
                  <ActionsMenuItem danger onSelect={() => onAction('delete', account)}>
                    {t('accounts.delete')}
                  </ActionsMenuItem>
                )}
              </ActionsMenu>
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
