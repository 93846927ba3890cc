import type { Account } from '@vpp/contracts/accounts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/button.tsx';
import { Dialog } from '../../../components/dialog.tsx';
import { DialogActions } from '../../../components/form-dialog-actions.tsx';
import { ErrorMessage, StatusMessage } from '../../../components/live-messages.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { useAccountSessions, useEndAccountSessions } from '../api/account-sessions.ts';
import { browserLabel } from '../browser-label.ts';

interface AccountSessionsDialogProps {
  account: Account;
  onClose: () => void;
}

/** The browsers signed in to one account, each of which an admin can sign out at once. */
export function AccountSessionsDialog({ account, onClose }: AccountSessionsDialogProps) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const describeError = useErrorMessage();
  const sessions = useAccountSessions(account.id);
  const endSessions = useEndAccountSessions();
  const [status, setStatus] = useState<string>();

  function end(sessionId?: string) {
    setStatus(undefined);
    endSessions.mutate(
      { accountId: account.id, ...(sessionId ? { sessionId } : {}) },
      {
        onSuccess: () =>
          setStatus(
            sessionId
              ? t('accounts.sessionEndedMessage')
              : t('accounts.allSessionsEndedMessage', { email: account.email }),
          ),
      },
    );
  }

  const items = sessions.data?.items ?? [];
  return (
    <Dialog title={t('accounts.sessionsTitle', { email: account.email })} onClose={onClose} wide>
      <p className="dialog__message">{t('accounts.sessionsIntro')}</p>
      <StatusMessage>{status}</StatusMessage>
      <ErrorMessage>{endSessions.error ? describeError(endSessions.error) : undefined}</ErrorMessage>
      {sessions.isPending ? (
        <LoadingState />
      ) : sessions.isError ? (
        <p className="notice notice--error">{describeError(sessions.error)}</p>
      ) : items.length === 0 ? (
        <p className="empty-state">{t('accounts.sessionsEmpty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('accounts.sessionsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('accounts.sessionColumns.signedIn')}</th>
                <th scope="col">{t('accounts.sessionColumns.expires')}</th>
                <th scope="col">{t('accounts.sessionColumns.address')}</th>
                <th scope="col" className="hide-narrow">
                  {t('accounts.sessionColumns.browser')}
                </th>
                <th scope="col" className="table__actions">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((session) => (
                <tr key={session.id}>
                  <th scope="row" className="nowrap">
                    <time dateTime={session.createdAt}>{format.dateTime(session.createdAt)}</time>
                    {session.current && <span className="muted"> ({t('accounts.thisSession')})</span>}
                  </th>
                  <td className="nowrap">
                    <time dateTime={session.expiresAt}>{format.dateTime(session.expiresAt)}</time>
                  </td>
                  <td>{session.ip ?? '—'}</td>
                  <td className="hide-narrow" title={session.userAgent ?? undefined}>
                    {session.userAgent ? browserLabel(session.userAgent) : t('accounts.unknownBrowser')}
                  </td>
                  <td className="table__actions">
                    <Button
                      variant="secondary"
                      disabled={endSessions.isPending}
                      aria-label={`${t('accounts.endSession')}: ${format.dateTime(session.createdAt)}`}
                      onClick={() => end(session.id)}
                    >
                      {t('accounts.endSession')}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <DialogActions cancelLabel={t('common.close')} onCancel={onClose}>
        <Button variant="danger" disabled={endSessions.isPending || items.length === 0} onClick={() => end()}>
          {t('accounts.endAllSessions')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
