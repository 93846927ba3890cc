import {
  type LicenseIntelligenceSettings,
  updateLicenseIntelligenceSettingsSchema,
} from '@vpp/contracts/license-intelligence';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextAreaField, TextField } from '../../../components/form-field.tsx';
import { ErrorMessage, StatusMessage } from '../../../components/live-messages.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { type FieldErrors, fieldErrorsFromApi, fieldErrorsFromIssues } from '../../../lib/form-errors.ts';
import {
  useLicenseIntelligenceSettings,
  useUpdateLicenseIntelligenceSettings,
} from '../api/license-intelligence-settings.ts';

/** The forecast horizon and the weekly report by email: admins change them, managers read them. */
export function ForecastAndReportCard({ canChange }: { canChange: boolean }) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const settings = useLicenseIntelligenceSettings();
  return (
    <section className="card settings-card" aria-labelledby="forecast-report-heading">
      <h2 className="card__title" id="forecast-report-heading">
        {t('alerts.settings.title')}
      </h2>
      {settings.isPending ? (
        <LoadingState />
      ) : settings.isError ? (
        <ErrorMessage>{describeError(settings.error)}</ErrorMessage>
      ) : canChange ? (
        <SettingsForm settings={settings.data} />
      ) : (
        <dl className="facts">
          <div className="facts__item">
            <dt>{t('alerts.settings.horizon')}</dt>
            <dd>{t('alerts.settings.days', { count: settings.data.forecastHorizonDays })}</dd>
          </div>
          <div className="facts__item">
            <dt>{t('alerts.settings.weeklyReport')}</dt>
            <dd>
              {settings.data.weeklyReport.enabled
                ? settings.data.weeklyReport.recipients.join(', ')
                : t('alerts.settings.off')}
            </dd>
          </div>
        </dl>
      )}
    </section>
  );
}

function SettingsForm({ settings }: { settings: LicenseIntelligenceSettings }) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const update = useUpdateLicenseIntelligenceSettings();
  const [horizon, setHorizon] = useState(String(settings.forecastHorizonDays));
  const [enabled, setEnabled] = useState(settings.weeklyReport.enabled);
  const [recipients, setRecipients] = useState(settings.weeklyReport.recipients.join('\n'));
  const [errors, setErrors] = useState<FieldErrors>({});

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = updateLicenseIntelligenceSettingsSchema.safeParse({
      forecastHorizonDays: Number(horizon),
      weeklyReport: {
        enabled,
        recipients: recipients
          .split(/[\s,;]+/)
          .map((entry) => entry.trim())
          .filter(Boolean),
      },
    });
    if (!parsed.success) {
      const issues = fieldErrorsFromIssues(parsed.error.issues, t);
      setErrors({
        forecastHorizonDays: issues.forecastHorizonDays,
        recipients: Object.entries(issues).find(([name]) => name.startsWith('weeklyReport'))?.[1],
      });
      return;
    }
    setErrors({});
    update.mutate(parsed.data, { onError: (error) => setErrors(fieldErrorsFromApi(error)) });
  }

  return (
    <form
      className="form settings-form"
      onSubmit={submit}
      noValidate
      aria-labelledby="forecast-report-heading"
    >
      <TextField
        label={t('alerts.settings.horizon')}
        name="forecastHorizonDays"
        type="number"
        inputMode="numeric"
        min={1}
        max={730}
        className="input--short"
        value={horizon}
        onChange={(event) => setHorizon(event.target.value)}
        hint={t('alerts.settings.horizonHint')}
        error={errors.forecastHorizonDays}
      />
      <label className="checkbox">
        <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />{' '}
        {t('alerts.settings.weeklyReportEnabled')}
      </label>
      <TextAreaField
        label={t('alerts.settings.recipients')}
        name="recipients"
        rows={3}
        value={recipients}
        onChange={(event) => setRecipients(event.target.value)}
        hint={t('alerts.settings.recipientsHint')}
        error={errors.recipients}
      />
      <StatusMessage>{update.isSuccess ? t('alerts.settings.saved') : undefined}</StatusMessage>
      <ErrorMessage>
        {update.error && Object.keys(errors).length === 0 ? describeError(update.error) : undefined}
      </ErrorMessage>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={update.isPending}>
          {update.isPending ? t('common.saving') : t('alerts.settings.save')}
        </button>
      </div>
    </form>
  );
}
