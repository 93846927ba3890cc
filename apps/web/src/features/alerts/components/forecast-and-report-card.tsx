import {
  type LicenseIntelligenceSettings,
  updateLicenseIntelligenceSettingsSchema,
} from '@vpp/contracts/license-intelligence';
import { useTranslation } from 'react-i18next';
import { NumberField, TextAreaField, TextField } from '../../../components/form-field.tsx';
import { SettingsCard, SettingsForm } from '../../../components/settings-card.tsx';
import { useSchemaForm } from '../../../lib/use-schema-form.ts';
import {
  useLicenseIntelligenceSettings,
  useUpdateLicenseIntelligenceSettings,
} from '../api/license-intelligence-settings.ts';

const HEADING = 'forecast-report-heading';

/** The forecast horizon and the weekly report by email: admins change them, managers read them. */
export function ForecastAndReportCard({ canChange }: { canChange: boolean }) {
  const { t } = useTranslation();
  return (
    <SettingsCard id={HEADING} title={t('alerts.settings.title')} setting={useLicenseIntelligenceSettings()}>
      {(settings) =>
        canChange ? (
          <ForecastAndReportForm settings={settings} />
        ) : (
          <dl className="facts">
            <div className="facts__item">
              <dt>{t('alerts.settings.horizon')}</dt>
              <dd>{t('alerts.settings.days', { count: settings.forecastHorizonDays })}</dd>
            </div>
            <div className="facts__item">
              <dt>{t('alerts.settings.currency')}</dt>
              <dd>{settings.currency}</dd>
            </div>
            <div className="facts__item">
              <dt>{t('alerts.settings.weeklyReport')}</dt>
              <dd>
                {settings.weeklyReport.enabled
                  ? settings.weeklyReport.recipients.join(', ')
                  : t('alerts.settings.off')}
              </dd>
            </div>
          </dl>
        )
      }
    </SettingsCard>
  );
}

function ForecastAndReportForm({ settings }: { settings: LicenseIntelligenceSettings }) {
  const { t } = useTranslation();
  const update = useUpdateLicenseIntelligenceSettings();
  const form = useSchemaForm({
    schema: updateLicenseIntelligenceSettingsSchema,
    initial: {
      forecastHorizonDays: String(settings.forecastHorizonDays),
      currency: settings.currency,
      enabled: settings.weeklyReport.enabled ? 'on' : '',
      recipients: settings.weeklyReport.recipients.join('\n'),
    },
    input: (values) => ({
      forecastHorizonDays: Number(values.forecastHorizonDays),
      currency: values.currency.trim().toUpperCase(),
      weeklyReport: {
        enabled: values.enabled === 'on',
        recipients: values.recipients
          .split(/[\s,;]+/)
          .map((entry) => entry.trim())
          .filter(Boolean),
      },
    }),
  });
  // The schema names a recipient by its place in the list: the message goes to the one field.
  const recipientsError = Object.entries(form.errors).find(([name]) => name.startsWith('weeklyReport'))?.[1];

  return (
    <SettingsForm
      labelledBy={HEADING}
      {...form.saving(
        update,
        (body) => body,
        () => undefined,
      )}
      saved={update.isSuccess ? t('alerts.settings.saved') : undefined}
      submitLabel={t('alerts.settings.save')}
    >
      <NumberField
        label={t('alerts.settings.horizon')}
        {...form.field('forecastHorizonDays')}
        min={1}
        max={730}
        hint={t('alerts.settings.horizonHint')}
      />
      <TextField
        label={t('alerts.settings.currency')}
        {...form.field('currency')}
        maxLength={3}
        autoComplete="off"
        spellCheck={false}
        hint={t('alerts.settings.currencyHint')}
        className="input--short"
      />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={form.values.enabled === 'on'}
          onChange={(event) => form.setValue('enabled', event.target.checked ? 'on' : '')}
        />{' '}
        {t('alerts.settings.weeklyReportEnabled')}
      </label>
      <TextAreaField
        label={t('alerts.settings.recipients')}
        {...form.field('recipients')}
        rows={3}
        hint={t('alerts.settings.recipientsHint')}
        error={form.errors.recipients ?? recipientsError}
      />
    </SettingsForm>
  );
}
