import { settingsSchema } from '@vpp/contracts/settings';
import { useTranslation } from 'react-i18next';
import { NumberField } from '../../../components/form-field.tsx';
import { SettingsForm } from '../../../components/settings-card.tsx';
import { numberFromText } from '../../../lib/form-errors.ts';
import { useSchemaForm } from '../../../lib/use-schema-form.ts';
import { useUpdateSettings } from '../api/update-settings.ts';

/** The admin's form for the share of available licenses at which an app counts as running low. */
export function LowLicenseThresholdForm({ thresholdPercent }: { thresholdPercent: number }) {
  const { t } = useTranslation();
  const updateSettings = useUpdateSettings();
  const invalid = t('settings.licenses.thresholdInvalid');
  const form = useSchemaForm({
    schema: settingsSchema,
    initial: { lowLicenseThresholdPercent: String(thresholdPercent) },
    input: (values) => ({ lowLicenseThresholdPercent: numberFromText(values.lowLicenseThresholdPercent) }),
    messages: { lowLicenseThresholdPercent: invalid },
  });

  return (
    <SettingsForm
      labelledBy="license-settings-heading"
      {...form.saving(
        updateSettings,
        (body) => body,
        () => undefined,
        {
          VALIDATION_FAILED: { lowLicenseThresholdPercent: invalid },
        },
      )}
      saved={updateSettings.isSuccess ? t('settings.licenses.saved') : undefined}
      onEdit={updateSettings.reset}
      submitLabel={t('settings.licenses.save')}
    >
      <NumberField
        label={t('settings.licenses.threshold')}
        {...form.field('lowLicenseThresholdPercent')}
        max={100}
        hint={t('settings.licenses.thresholdHint')}
      />
    </SettingsForm>
  );
}
