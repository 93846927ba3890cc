import {
  type DeviceManagement,
  MDM_KINDS,
  updateDeviceManagementSchema,
} from '@vpp/contracts/device-management';
import { useTranslation } from 'react-i18next';
import { Card } from '../../../components/card.tsx';
import { PasswordField, SelectField, TextField } from '../../../components/form-field.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { QueryState } from '../../../components/query-state.tsx';
import { SettingsForm } from '../../../components/settings-card.tsx';
import { useSchemaForm } from '../../../lib/use-schema-form.ts';
import {
  useDeviceManagement,
  useResetDeviceManagement,
  useSaveDeviceManagement,
  useTestDeviceManagement,
} from '../api/device-management.ts';

const HEADING = 'device-management-heading';

/**
 * Settings → Device management (admins): the MDM server deployments drive, its keys (saved
 * encrypted, never shown again), a connection test, and the flags to start NanoMDM/NanoHUB with.
 */
export function DeviceManagementPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('settings.deviceManagement.title')} intro={t('settings.deviceManagement.intro')} />
      <QueryState query={useDeviceManagement()} errorClassName="card card__body">
        {(current) => (
          <>
            <DeviceManagementForm current={current} />
            <ConnectInstructions current={current} />
          </>
        )}
      </QueryState>
    </>
  );
}

/** A saved key's field: what it is for, and whether one is saved (typing a new one replaces it). */
function keyHint(hint: string, saved: string | false) {
  return saved ? `${hint} ${saved}` : hint;
}

function DeviceManagementForm({ current }: { current: DeviceManagement }) {
  const { t } = useTranslation();
  const save = useSaveDeviceManagement();
  const test = useTestDeviceManagement();
  const reset = useResetDeviceManagement();
  const form = useSchemaForm({
    schema: updateDeviceManagementSchema,
    initial: { kind: current.kind ?? 'nanomdm', url: current.url ?? '', apiKey: '', webhookHmacKey: '' },
    input: ({ kind, url, apiKey, webhookHmacKey }) => ({
      kind,
      url: url.trim(),
      ...(apiKey.trim() ? { apiKey: apiKey.trim() } : {}),
      ...(webhookHmacKey.trim() ? { webhookHmacKey: webhookHmacKey.trim() } : {}),
    }),
    messages: {
      url: t('settings.deviceManagement.urlInvalid'),
      webhookHmacKey: t('settings.deviceManagement.hmacInvalid'),
    },
  });
  const saving = form.saving(
    save,
    (body) => body,
    () => {
      form.setValue('apiKey', '');
      form.setValue('webhookHmacKey', '');
    },
  );

  const needsKey = form.values.kind !== 'webhook';
  const testMessage = test.data
    ? test.data.version
      ? t('settings.deviceManagement.testOkVersion', { version: test.data.version })
      : t('settings.deviceManagement.testOk')
    : undefined;

  return (
    <Card id={HEADING} title={t('settings.deviceManagement.title')} flush={false} className="settings-card">
      <p className="muted" data-testid="device-management-source">
        {t(`settings.deviceManagement.source.${current.source}`)}
      </p>
      <SettingsForm
        labelledBy={HEADING}
        {...saving}
        onSubmit={(event) => {
          test.reset();
          saving.onSubmit(event);
        }}
        saved={
          save.isSuccess
            ? t('settings.deviceManagement.saved')
            : reset.isSuccess
              ? t('settings.deviceManagement.resetDone')
              : testMessage
        }
        failure={form.failure(save.error ?? test.error ?? reset.error)}
        submitLabel={t('settings.deviceManagement.save')}
        actions={
          <>
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
                      form.setValue('kind', restored.kind ?? 'nanomdm');
                      form.setValue('url', restored.url ?? '');
                    },
                  });
                }}
              >
                {t('settings.deviceManagement.reset')}
              </button>
            )}
          </>
        }
      >
        <SelectField
          label={t('settings.deviceManagement.kind')}
          {...form.field('kind')}
          options={MDM_KINDS.map((value) => ({
            value,
            label: t(`settings.deviceManagement.kinds.${value}`),
          }))}
        />
        <TextField
          label={t('settings.deviceManagement.url')}
          {...form.field('url')}
          type="url"
          inputMode="url"
          autoComplete="off"
          hint={t('settings.deviceManagement.urlHint')}
        />
        {needsKey && (
          <PasswordField
            label={t('settings.deviceManagement.apiKey')}
            {...form.field('apiKey')}
            autoComplete="off"
            hint={keyHint(
              t('settings.deviceManagement.apiKeyHint'),
              current.apiKeySet && t('settings.deviceManagement.apiKeySet'),
            )}
          />
        )}
        {needsKey && (
          <PasswordField
            label={t('settings.deviceManagement.hmacKey')}
            {...form.field('webhookHmacKey')}
            autoComplete="off"
            hint={keyHint(
              t('settings.deviceManagement.hmacKeyHint'),
              current.webhookHmacKeySet && t('settings.deviceManagement.hmacKeySet'),
            )}
          />
        )}
      </SettingsForm>
    </Card>
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
    <Card
      id="connect-heading"
      title={t('settings.deviceManagement.connect.heading')}
      flush={false}
      className="settings-card"
    >
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
    </Card>
  );
}
