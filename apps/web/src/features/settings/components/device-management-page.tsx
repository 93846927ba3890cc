import {
  type DeviceManagement,
  MDM_KINDS,
  type MdmKind,
  updateDeviceManagementSchema,
} from '@vpp/contracts/device-management';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PasswordField, SelectField, TextField } from '../../../components/form-field.tsx';
import { ErrorMessage, StatusMessage } from '../../../components/live-messages.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import {
  useDeviceManagement,
  useResetDeviceManagement,
  useSaveDeviceManagement,
  useTestDeviceManagement,
} from '../api/device-management.ts';

/**
 * Settings → Device management (admins): the MDM server deployments drive, its keys (saved
 * encrypted, never shown again), a connection test, and the flags to start NanoMDM/NanoHUB with.
 */
export function DeviceManagementPage() {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const current = useDeviceManagement();

  return (
    <>
      <PageHeader title={t('settings.deviceManagement.title')} intro={t('settings.deviceManagement.intro')} />
      {current.isPending ? (
        <LoadingState />
      ) : current.isError ? (
        <div className="card card__body" role="alert">
          <p className="notice notice--error">{describeError(current.error)}</p>
          <button type="button" className="button button--secondary" onClick={() => current.refetch()}>
            {t('common.retry')}
          </button>
        </div>
      ) : (
        <>
          <DeviceManagementForm current={current.data} />
          <ConnectInstructions current={current.data} />
        </>
      )}
    </>
  );
}

function DeviceManagementForm({ current }: { current: DeviceManagement }) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const save = useSaveDeviceManagement();
  const test = useTestDeviceManagement();
  const reset = useResetDeviceManagement();
  const [kind, setKind] = useState<MdmKind>(current.kind ?? 'nanomdm');
  const [url, setUrl] = useState(current.url ?? '');
  const [apiKey, setApiKey] = useState('');
  const [hmacKey, setHmacKey] = useState('');
  const [errors, setErrors] = useState<{ url?: string; apiKey?: string; webhookHmacKey?: string }>({});

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    test.reset();
    const parsed = updateDeviceManagementSchema.safeParse({
      kind,
      url: url.trim(),
      ...(apiKey.trim() ? { apiKey: apiKey.trim() } : {}),
      ...(hmacKey.trim() ? { webhookHmacKey: hmacKey.trim() } : {}),
    });
    if (!parsed.success) {
      const paths = new Set(parsed.error.issues.map((issue) => issue.path[0]));
      setErrors({
        ...(paths.has('url') ? { url: t('settings.deviceManagement.urlInvalid') } : {}),
        ...(paths.has('webhookHmacKey')
          ? { webhookHmacKey: t('settings.deviceManagement.hmacInvalid') }
          : {}),
      });
      return;
    }
    setErrors({});
    save.mutate(parsed.data, {
      onSuccess: () => {
        setApiKey('');
        setHmacKey('');
      },
    });
  }

  const needsKey = kind !== 'webhook';
  const testMessage = test.data
    ? test.data.version
      ? t('settings.deviceManagement.testOkVersion', { version: test.data.version })
      : t('settings.deviceManagement.testOk')
    : undefined;

  return (
    <section className="card settings-card" aria-labelledby="device-management-heading">
      <h2 className="card__title" id="device-management-heading">
        {t('settings.deviceManagement.title')}
      </h2>
      <p className="muted" data-testid="device-management-source">
        {t(`settings.deviceManagement.source.${current.source}`)}
      </p>
      <form
        className="form settings-form"
        onSubmit={submit}
        noValidate
        aria-labelledby="device-management-heading"
      >
        <SelectField
          label={t('settings.deviceManagement.kind')}
          name="kind"
          value={kind}
          options={MDM_KINDS.map((value) => ({
            value,
            label: t(`settings.deviceManagement.kinds.${value}`),
          }))}
          onChange={(event) => setKind(event.target.value as MdmKind)}
        />
        <TextField
          label={t('settings.deviceManagement.url')}
          name="url"
          type="url"
          inputMode="url"
          autoComplete="off"
          value={url}
          onChange={(event) => {
            setUrl(event.target.value);
            setErrors({ ...errors, url: undefined });
          }}
          hint={t('settings.deviceManagement.urlHint')}
          error={errors.url}
        />
        {needsKey && (
          <PasswordField
            label={t('settings.deviceManagement.apiKey')}
            name="apiKey"
            autoComplete="off"
            value={apiKey}
            onChange={(event) => setApiKey(event.target.value)}
            hint={
              current.apiKeySet
                ? `${t('settings.deviceManagement.apiKeyHint')} ${t('settings.deviceManagement.apiKeySet')}`
                : t('settings.deviceManagement.apiKeyHint')
            }
            error={errors.apiKey}
          />
        )}
        {needsKey && (
          <PasswordField
            label={t('settings.deviceManagement.hmacKey')}
            name="webhookHmacKey"
            autoComplete="off"
            value={hmacKey}
            onChange={(event) => {
              setHmacKey(event.target.value);
              setErrors({ ...errors, webhookHmacKey: undefined });
            }}
            hint={
              current.webhookHmacKeySet
                ? `${t('settings.deviceManagement.hmacKeyHint')} ${t('settings.deviceManagement.hmacKeySet')}`
                : t('settings.deviceManagement.hmacKeyHint')
            }
            error={errors.webhookHmacKey}
          />
        )}
        <StatusMessage>
          {save.isSuccess
            ? t('settings.deviceManagement.saved')
            : reset.isSuccess
              ? t('settings.deviceManagement.resetDone')
              : testMessage}
        </StatusMessage>
        <ErrorMessage>
          {save.error
            ? describeError(save.error)
            : test.error
              ? describeError(test.error)
              : reset.error
                ? describeError(reset.error)
                : undefined}
        </ErrorMessage>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={save.isPending}>
            {save.isPending ? t('common.saving') : t('settings.deviceManagement.save')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={test.isPending}
            onClick={() => {
              save.reset();
              reset.reset();
              test.mutate();
            }}
          >
            {test.isPending ? t('settings.deviceManagement.testing') : t('settings.deviceManagement.test')}
          </button>
          {current.source === 'settings' && (
            <button
              type="button"
              className="button button--secondary"
              disabled={reset.isPending}
              onClick={() => {
                save.reset();
                test.reset();
                reset.mutate(undefined, {
                  onSuccess: (restored) => {
                    setKind(restored.kind ?? 'nanomdm');
                    setUrl(restored.url ?? '');
                  },
                });
              }}
            >
              {t('settings.deviceManagement.reset')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

/** The flags NanoMDM and NanoHUB need to report to this console. */
function ConnectInstructions({ current }: { current: DeviceManagement }) {
  const { t } = useTranslation();
  const signing = current.webhookHmacKeySet
    ? t('settings.deviceManagement.connect.signed')
    : current.unsignedWebhooksAllowed
      ? t('settings.deviceManagement.connect.unsignedAllowed')
      : t('settings.deviceManagement.connect.unsigned');
  return (
    <section className="card settings-card" aria-labelledby="connect-heading">
      <h2 className="card__title" id="connect-heading">
        {t('settings.deviceManagement.connect.heading')}
      </h2>
      <p>{t('settings.deviceManagement.connect.intro')}</p>
      <dl className="facts">
        <div className="facts__item">
          <dt>{t('settings.deviceManagement.connect.webhookUrl')}</dt>
          <dd>
            <code data-testid="webhook-url">{current.webhookUrl}</code>
          </dd>
        </div>
      </dl>
      <h3>{t('settings.deviceManagement.connect.nanomdm')}</h3>
      <pre className="code-block">
        <code>{`nanomdm -api "$API_KEY" \\\n  -webhook-url ${current.webhookUrl} \\\n  -webhook-hmac-key "$WEBHOOK_HMAC_KEY"`}</code>
      </pre>
      <h3>{t('settings.deviceManagement.connect.nanohub')}</h3>
      <pre className="code-block">
        <code>{`nanohub -api-key "$API_KEY" \\\n  -webhook-url ${current.webhookUrl} \\\n  -webhook-hmac-key "$WEBHOOK_HMAC_KEY"`}</code>
      </pre>
      <p className="muted">{signing}</p>
    </section>
  );
}
