import { useQueryClient } from '@tanstack/react-query';
import type { Account } from '@vpp/contracts/accounts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AddButton } from '../../../components/add-button.tsx';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { ListCard } from '../../../components/list-card.tsx';
import { ErrorMessage, StatusMessage } from '../../../components/live-messages.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { pageFromParams } from '../../../lib/url-params.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import { useDeleteAccount } from '../api/delete-account.ts';
import { ACCOUNTS_PAGE_SIZE, accountsQueryOptions, useAccounts } from '../api/get-accounts.ts';
import { useUpdateAccount } from '../api/update-account.ts';
import { AccountSessionsDialog } from './account-sessions-dialog.tsx';
import { type AccountAction, AccountsTable } from './accounts-table.tsx';
import { CreateAccountDialog } from './create-account-dialog.tsx';
import { EditAccountDialog } from './edit-account-dialog.tsx';
import { ResetPasswordDialog } from './reset-password-dialog.tsx';

type OpenDialog = { kind: 'create' } | { kind: Exclude<AccountAction, 'enable'>; account: Account } | null;

export function AccountsPage() {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const user = useSignedInUser();
  const [params, setParams] = useSearchParams();
  const page = pageFromParams(params);
  const query = { page, pageSize: ACCOUNTS_PAGE_SIZE };
  const accounts = useAccounts(query);
  const updateAccount = useUpdateAccount();
  const deleteAccount = useDeleteAccount();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [status, setStatus] = useState<string>();
  const [failure, setFailure] = useState<string>();

  const total = accounts.data?.total ?? 0;
  useEffect(() => {
    if (page * ACCOUNTS_PAGE_SIZE < total) {
      queryClient.prefetchQuery(accountsQueryOptions({ page: page + 1, pageSize: ACCOUNTS_PAGE_SIZE }));
    }
  }, [queryClient, page, total]);

  // After deleting the last account of the last page, show the page before it.
  const emptyPage = accounts.data !== undefined && accounts.data.items.length === 0 && page > 1;
  useEffect(() => {
    if (emptyPage) setParams({ page: String(page - 1) }, { replace: true });
  }, [emptyPage, page, setParams]);

  function closeDialog() {
    setDialog(null);
    updateAccount.reset();
    deleteAccount.reset();
  }

  function announce(message: string) {
    setFailure(undefined);
    setStatus(message);
  }

  /** Closes the dialog and says what it did to the account. */
  const savedWith =
    (message: 'accounts.createdMessage' | 'accounts.updatedMessage' | 'accounts.passwordResetMessage') =>
    (account: Account) => {
      closeDialog();
      announce(t(message, { email: account.email }));
    };

  function act(action: AccountAction, account: Account) {
    setStatus(undefined);
    if (action === 'enable') {
      updateAccount.mutate(
        { id: account.id, body: { disabled: false } },
        {
          onSuccess: () => announce(t('accounts.enabledMessage', { email: account.email })),
          onError: (error) => setFailure(describeError(error)),
        },
      );
      return;
    }
    setDialog({ kind: action, account });
  }

  return (
    <>
      <PageHeader
        title={t('accounts.title')}
        intro={t('accounts.intro')}
        actions={<AddButton label={t('accounts.create')} onClick={() => setDialog({ kind: 'create' })} />}
      />
      <StatusMessage>{status}</StatusMessage>
      <ErrorMessage>{failure}</ErrorMessage>

      <ListCard
        id="accounts-heading"
        title={t('accounts.caption')}
        results={(count) => t('accounts.total', { count })}
        list={accounts}
        empty={t('accounts.empty')}
        paging={{ page, pageSize: ACCOUNTS_PAGE_SIZE, goToPage: (next) => setParams({ page: String(next) }) }}
        pagination="always"
      >
        {(items) => <AccountsTable accounts={items} currentUserId={user.id} onAction={act} />}
      </ListCard>

      {dialog?.kind === 'create' && (
        <CreateAccountDialog onClose={closeDialog} onSaved={savedWith('accounts.createdMessage')} />
      )}
      {dialog?.kind === 'edit' && (
        <EditAccountDialog
          account={dialog.account}
          onClose={closeDialog}
          onSaved={savedWith('accounts.updatedMessage')}
        />
      )}
      {dialog?.kind === 'reset' && (
        <ResetPasswordDialog
          account={dialog.account}
          onClose={closeDialog}
          onSaved={savedWith('accounts.passwordResetMessage')}
        />
      )}
      {dialog?.kind === 'sessions' && (
        <AccountSessionsDialog account={dialog.account} onClose={closeDialog} />
      )}
      {dialog?.kind === 'disable' && (
        <ConfirmDialog
          title={t('accounts.disableTitle')}
          message={t('accounts.disableConfirm', { email: dialog.account.email })}
          confirmLabel={t('accounts.disable')}
          action={updateAccount}
          onClose={closeDialog}
          onConfirm={() => {
            const { account } = dialog;
            updateAccount.mutate(
              { id: account.id, body: { disabled: true } },
              {
                onSuccess: () => {
                  closeDialog();
                  announce(t('accounts.disabledMessage', { email: account.email }));
                },
              },
            );
          }}
        />
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title={t('accounts.deleteTitle')}
          message={t('accounts.deleteConfirm', { email: dialog.account.email })}
          confirmLabel={t('accounts.delete')}
          action={deleteAccount}
          onClose={closeDialog}
          onConfirm={() => {
            const { account } = dialog;
            deleteAccount.mutate(account.id, {
              onSuccess: () => {
                closeDialog();
                announce(t('accounts.deletedMessage', { email: account.email }));
              },
            });
          }}
        />
      )}
    </>
  );
}
