import { useQueryClient } from '@tanstack/react-query';
import type { Token } from '@vpp/contracts/tokens';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { paths } from '../../../app/paths.ts';
import { Button } from '../../../components/button.tsx';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { ErrorMessage, StatusMessage } from '../../../components/live-messages.tsx';
import { LoadError } from '../../../components/load-error.tsx';
import { isNotFound } from '../../../components/load-failure.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import { syncHealthQueryKey } from '../api/get-sync-health.ts';
import { isSyncRunActive, useSyncRun } from '../api/get-sync-run.ts';
import { syncRunsQueryKey } from '../api/get-sync-runs.ts';
import { useToken } from '../api/get-token.ts';
import { tokensQueryKey } from '../api/get-tokens.ts';
import { useStartSync } from '../api/start-sync.ts';
import { useUpdateToken } from '../api/update-token.ts';
import { type TokenNotice, useTokenNotice } from '../token-notice.ts';
import { DeleteTokenDialog } from './delete-token-dialog.tsx';
import { EditTokenDialog } from './edit-token-dialog.tsx';
import { RenewTokenDialog } from './renew-token-dialog.tsx';
import { SyncHistory } from './sync-history.tsx';
import { TokenDetails } from './token-details.tsx';
import { TokenStatusNotice } from './token-status-notice.tsx';
import { TokenSyncCard } from './token-sync-card.tsx';

type OpenDialog = 'edit' | 'renew' | 'delete' | 'takeOver' | null;

function BackToTokens() {
  const { t } = useTranslation();
  return (
    <Link className="back-link" to={paths.tokens}>
      <span aria-hidden="true">← </span>
      {t('tokens.backToList')}
    </Link>
  );
}

function TokenNotFound() {
  const { t } = useTranslation();
  return (
    <>
      <BackToTokens />
      <div className="status-page">
        <PageHeader title={t('tokens.notFound.title')} />
        <div className="card status-page__card">
          <p>{t('tokens.notFound.message')}</p>
          <Link className="button button--primary" to={paths.tokens}>
            {t('tokens.backToList')}
          </Link>
        </div>
      </div>
    </>
  );
}

function TokenView({ token }: { token: Token }) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const user = useSignedInUser();
  const isAdmin = user.role === 'admin';
  const startSync = useStartSync();
  const updateToken = useUpdateToken();
  const notice = useTokenNotice();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [status, setStatus] = useState<string>();
  useEffect(() => {
    if (notice?.tokenNotice === 'added') setStatus(t('tokens.addedMessage', { name: notice.name }));
  }, [notice, t]);
  // The run whose progress is shown: one the token reports as active, or one started here. It stays
  // shown after it finishes, with its result, until another one starts.
  const [runId, setRunId] = useState<string | undefined>(token.activeSyncRun?.id);
  const activeRunId = token.activeSyncRun?.id;
  useEffect(() => {
    if (activeRunId) setRunId(activeRunId);
  }, [activeRunId]);

  const followedRun = useSyncRun(runId).data;
  const syncing =
    token.activeSyncRun !== null ||
    startSync.isPending ||
    (followedRun !== undefined && isSyncRunActive(followedRun));

  const onRunFinished = useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: tokensQueryKey }),
        queryClient.invalidateQueries({ queryKey: syncRunsQueryKey(token.id) }),
        queryClient.invalidateQueries({ queryKey: syncHealthQueryKey }),
      ]),
    [queryClient, token.id],
  );

  function closeDialog() {
    setDialog(null);
    updateToken.reset();
  }

  function announce(message: string) {
    startSync.reset();
    setStatus(message);
  }

  function sync() {
    if (syncing) return;
    setStatus(undefined);
    startSync.mutate(token.id, { onSuccess: ({ syncRunId }) => setRunId(syncRunId) });
  }

  return (
    <>
      <BackToTokens />
      <PageHeader
        title={token.name}
        intro={[token.orgName, token.locationName].filter(Boolean).join(' · ')}
        actions={
          isAdmin && (
            <>
              {/* aria-disabled, not disabled: the button keeps the keyboard focus while the sync runs. */}
              <button type="button" className="button button--primary" onClick={sync} aria-disabled={syncing}>
                {syncing ? t('sync.syncing') : t('sync.syncNow')}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setDialog('edit')}>
                {t('tokens.edit')}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setDialog('renew')}>
                {t('tokens.renew.action')}
              </button>
              <Button variant="ghost-danger" onClick={() => setDialog('delete')}>
                {t('tokens.delete.action')}
              </Button>
            </>
          )
        }
      />
      <StatusMessage>{status}</StatusMessage>
      <ErrorMessage>{startSync.error ? describeError(startSync.error) : undefined}</ErrorMessage>
      <TokenStatusNotice token={token} onTakeOver={isAdmin ? () => setDialog('takeOver') : undefined} />

      <div className="card-grid">
        <TokenDetails token={token} />
        <TokenSyncCard token={token} runId={runId} onRunFinished={onRunFinished} />
      </div>
      <SyncHistory tokenId={token.id} />

      {dialog === 'edit' && (
        <EditTokenDialog
          token={token}
          onClose={closeDialog}
          onSaved={(saved) => {
            closeDialog();
            announce(t('tokens.updatedMessage', { name: saved.name }));
          }}
        />
      )}
      {dialog === 'renew' && (
        <RenewTokenDialog
          token={token}
          onClose={closeDialog}
          onSaved={(renewed) => {
            closeDialog();
            if (renewed.activeSyncRun) setRunId(renewed.activeSyncRun.id);
            announce(t('tokens.renew.renewedMessage', { name: renewed.name }));
          }}
        />
      )}
      {dialog === 'delete' && (
        <DeleteTokenDialog
          token={token}
          onClose={closeDialog}
          onDeleted={() => {
            const state: TokenNotice = { tokenNotice: 'deleted', name: token.name };
            navigate(paths.tokens, { state });
          }}
        />
      )}
      {dialog === 'takeOver' && (
        <ConfirmDialog
          title={t('tokens.takeOver.title')}
          message={t('tokens.takeOver.message', {
            mdm: token.foreignMdmName || t('tokens.details.unnamedMdm'),
          })}
          confirmLabel={t('tokens.takeOver.confirmTakeBack')}
          action={updateToken}
          onClose={closeDialog}
          onConfirm={() =>
            updateToken.mutate(
              { id: token.id, body: { takeOver: true } },
              {
                onSuccess: (taken) => {
                  closeDialog();
                  if (taken.activeSyncRun) setRunId(taken.activeSyncRun.id);
                  announce(t('tokens.takeOver.takenMessage', { name: taken.name }));
                },
              },
            )
          }
        />
      )}
    </>
  );
}

/** One token: its details, live sync progress, sync history with each run's changes, and (for admins) its actions. */
export function TokenPage() {
  const { tokenId = '' } = useParams();
  const token = useToken(tokenId);

  if (token.isPending) return <LoadingState />;
  if (token.isError) {
    if (isNotFound(token.error)) return <TokenNotFound />;
    return (
      <>
        <BackToTokens />
        <LoadError
          error={token.error}
          onRetry={() => token.refetch()}
          className="card card__body"
          alert="frame"
        />
      </>
    );
  }
  // A different token (another address) starts with its own state.
  return <TokenView key={token.data.id} token={token.data} />;
}
