import { settingsSchema } from '@vpp/contracts/settings';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../../components/form-field.tsx';
import { ErrorMessage, StatusMessage } from '../../../components/live-messages.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { fieldErrorsFromApi } from '../../../lib/form-errors.ts';
import { useUpdateSettings } from '../api/update-settings.ts';

const thresholdSchema = settingsSchema.shape.lowLicenseThresholdPercent;

/** The admin's form for the share of available licenses at which an app counts as running low. */
export function LowLicenseThresholdForm({ thresholdPercent }: { thresholdPercent: number }) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const updateSettings = useUpdateSettings();
  const [value, setValue] = useState(String(thresholdPercent));
  const [fieldError, setFieldError] = useState<string>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = thresholdSchema.safeParse(value.trim() === '' ? Number.NaN : Number(value));
    if (!parsed.success) {
      setFieldError(t('settings.licenses.thresholdInvalid'));
      // Back to the field, which reads its error out with its label.
      const field = event.currentTarget.elements.namedItem('lowLicenseThresholdPercent');
      if (field instanceof HTMLInputElement) field.focus();
      return;
    }
    setFieldError(undefined);
    updateSettings.mutate(
      { lowLicenseThresholdPercent: parsed.data },
      {
        onError: (error) => {
          if (fieldErrorsFromApi(error).lowLicenseThresholdPercent) {
            setFieldError(t('settings.licenses.thresholdInvalid'));
          }
        },
      },
    );
  }

  return (
    <form
      className="form settings-form"
      onSubmit={submit}
      noValidate
      aria-labelledby="license-settings-heading"
    >
      <TextField
        label={t('settings.licenses.threshold')}
        name="lowLicenseThresholdPercent"
        type="number"
        inputMode="numeric"
        min={0}
        max={100}
        step={1}
        value={value}
        className="input--short"
        onChange={(event) => {
          setValue(event.target.value);
          setFieldError(undefined);
          updateSettings.reset();
        }}
        hint={t('settings.licenses.thresholdHint')}
        error={fieldError}
      />
      <StatusMessage>{updateSettings.isSuccess ? t('settings.licenses.saved') : undefined}</StatusMessage>
      <ErrorMessage>
        {updateSettings.error && !fieldError ? describeError(updateSettings.error) : undefined}
      </ErrorMessage>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={updateSettings.isPending}>
          {updateSettings.isPending ? t('common.saving') : t('settings.licenses.save')}
        </button>
      </div>
    </form>
  );
}
