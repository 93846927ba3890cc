import type { ApiKey, CreatedApiKey } from '@vpp/contracts/api-keys';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AddButton } from '../../../components/add-button.tsx';
import { Badge } from '../../../components/badge.tsx';
import { Card } from '../../../components/card.tsx';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { ActionsHeading, DataTable } from '../../../components/data-table.tsx';
import { Dialog } from '../../../components/dialog.tsx';
import { ErrorMessage, StatusMessage } from '../../../components/live-messages.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { QueryState } from '../../../components/query-state.tsx';
import { useDocumentTitle } from '../../../lib/document-title.ts';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { useApiKeys, useRevokeApiKey } from '../api/api-keys.ts';
import { CreateApiKeyDialog } from './create-api-key-dialog.tsx';

type OpenDialog =
  | { kind: 'create' }
  | { kind: 'created'; key: CreatedApiKey }
  | { kind: 'revoke'; key: ApiKey }
  | null;

const STATUS_TONE = { active: 'success', expired: 'warning', revoked: 'danger' } as const;

/** Settings → API keys: keys for scripts and vppctl, each with a role; the key is shown once. */
export function ApiKeysPage() {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [status, setStatus] = useState<string>();
  useDocumentTitle(t('apiKeys.title'));

  return (
    <>
      <PageHeader
        title={t('apiKeys.title')}
        intro={t('apiKeys.intro')}
        actions={<AddButton label={t('apiKeys.create')} onClick={() => setDialog({ kind: 'create' })} />}
      />
      <StatusMessage>{status}</StatusMessage>
      <Card id="api-keys-heading" title={t('apiKeys.caption')}>
        <QueryState query={keys} errorClassName="card__body" empty={t('apiKeys.empty')}>
          {({ items }) => (
            <DataTable
              caption={t('apiKeys.caption')}
              headings="apiKeys.columns"
              columns={[
                'name',
                'role',
                'status',
                'lastUsed',
                ['expires', 'hide-narrow'],
                ['created', 'hide-narrow'],
                <ActionsHeading key="actions" />,
              ]}
            >
              {items.map((key) => (
                <tr key={key.id}>
                  <th scope="row" className="stacked-cell">
                    <span>{key.name}</span>
                    <span className="stacked-cell__secondary">
                      <span className="visually-hidden">{t('apiKeys.columns.key')}: </span>
                      <code>{key.keyPrefix}</code>
                    </span>
                  </th>
                  <td>
                    <Badge tone={key.role === 'admin' ? 'info' : 'neutral'}>{t(`roles.${key.role}`)}</Badge>
                  </td>
                  <td>
                    <Badge tone={STATUS_TONE[key.status]}>{t(`apiKeys.status.${key.status}`)}</Badge>
                  </td>
                  <td className="nowrap">
                    {key.lastUsedAt ? (
                      <time dateTime={key.lastUsedAt}>{format.dateTime(key.lastUsedAt)}</time>
                    ) : (
                      <span className="muted">{t('apiKeys.never')}</span>
                    )}
                  </td>
                  <td className="nowrap hide-narrow">
                    {key.expiresAt ? (
                      <time dateTime={key.expiresAt}>{format.date(key.expiresAt)}</time>
                    ) : (
                      <span className="muted">{t('apiKeys.noExpiry')}</span>
                    )}
                  </td>
                  <td className="hide-narrow stacked-cell">
                    <time dateTime={key.createdAt}>{format.date(key.createdAt)}</time>
                    {key.createdBy && <span className="stacked-cell__secondary">{key.createdBy}</span>}
                  </td>
                  <td className="table__actions">
                    {key.status !== 'revoked' && (
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        onClick={() => {
                          setStatus(undefined);
                          setDialog({ kind: 'revoke', key });
                        }}
                      >
                        {t('apiKeys.revoke')}
                        <span className="visually-hidden"> {key.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </QueryState>
      </Card>

      {dialog?.kind === 'create' && (
        <CreateApiKeyDialog
          onClose={() => setDialog(null)}
          onSaved={(key) => setDialog({ kind: 'created', key })}
        />
      )}
      {dialog?.kind === 'created' && (
        <CreatedKeyDialog created={dialog.key} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'revoke' && (
        <ConfirmDialog
          title={t('apiKeys.revokeTitle')}
          message={t('apiKeys.revokeMessage', { name: dialog.key.name })}
          confirmLabel={t('apiKeys.revoke')}
          action={revoke}
          onClose={() => {
            revoke.reset();
            setDialog(null);
          }}
          onConfirm={() =>
            revoke.mutate(dialog.key.id, {
              onSuccess: () => {
                setStatus(t('apiKeys.revokedMessage', { name: dialog.key.name }));
                setDialog(null);
              },
            })
          }
        />
      )}
    </>
  );
}

/** The key, once: it is stored hashed, so this is the only time anyone sees it. */
function CreatedKeyDialog({ created, onClose }: { created: CreatedApiKey; onClose: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <Dialog title={t('apiKeys.createdTitle', { name: created.name })} onClose={onClose}>
      <p className="notice notice--warning">{t('apiKeys.showOnce')}</p>
      <label className="field__label" htmlFor="created-api-key">
        {t('apiKeys.keyLabel')}
      </label>
      <input
        id="created-api-key"
        className="input api-key-value"
        readOnly
        value={created.key}
        onFocus={(e) => e.currentTarget.select()}
      />
      <StatusMessage>{copied ? t('apiKeys.copied') : undefined}</StatusMessage>
      <ErrorMessage>{copied === false ? t('apiKeys.copyFailed') : undefined}</ErrorMessage>
      <div className="dialog__actions">
        <button
          type="button"
          className="button button--secondary"
          onClick={() =>
            navigator.clipboard.writeText(created.key).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {t('apiKeys.copy')}
        </button>
        <button type="button" className="button button--primary" onClick={onClose}>
          {t('apiKeys.done')}
        </button>
      </div>
    </Dialog>
  );
}
