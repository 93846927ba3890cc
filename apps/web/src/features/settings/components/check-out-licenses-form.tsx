import {
  CHECK_OUT_LICENSE_MODES,
  type CheckOutLicenses,
  checkOutLicensesSchema,
} from '@vpp/contracts/settings';
import { useTranslation } from 'react-i18next';
import { NumberField } from '../../../components/form-field.tsx';
import { RadioGroup } from '../../../components/radio-group.tsx';
import { SettingsCard, SettingsForm } from '../../../components/settings-card.tsx';
import { numberFromText } from '../../../lib/form-errors.ts';
import { useSchemaForm } from '../../../lib/use-schema-form.ts';
import { useCheckOutLicenses, useSaveCheckOutLicenses } from '../api/check-out-licenses.ts';

const HEADING = 'check-out-heading';

/** Settings → Licenses: what happens to the licenses of devices that check out or are deleted. */
export function CheckOutLicensesCard({ canChange }: { canChange: boolean }) {
  const { t } = useTranslation();
  return (
    <SettingsCard
      id={HEADING}
      title={t('settings.checkOut.heading')}
      intro={<p className="muted">{t('settings.checkOut.intro')}</p>}
      setting={useCheckOutLicenses()}
    >
      {(current) =>
        canChange ? (
          <CheckOutLicensesForm current={current} />
        ) : (
          <p>{t(`settings.checkOut.current.${current.mode}`, { count: current.days })}</p>
        )
      }
    </SettingsCard>
  );
}

function CheckOutLicensesForm({ current }: { current: CheckOutLicenses }) {
  const { t } = useTranslation();
  const save = useSaveCheckOutLicenses();
  const form = useSchemaForm({
    schema: checkOutLicensesSchema,
    initial: { mode: current.mode, days: String(current.days) },
    input: (values) => ({ mode: values.mode, days: numberFromText(values.days) }),
    messages: { days: t('settings.checkOut.daysInvalid') },
  });

  return (
    <SettingsForm
      labelledBy={HEADING}
      {...form.saving(
        save,
        (data) => data,
        () => undefined,
      )}
      saved={save.isSuccess ? t('settings.checkOut.saved') : undefined}
      onEdit={save.reset}
      submitLabel={t('settings.checkOut.save')}
    >
      <RadioGroup
        legend={t('settings.checkOut.mode')}
        name="checkOutMode"
        value={form.values.mode}
        options={CHECK_OUT_LICENSE_MODES.map((value) => ({
          value,
          label: t(`settings.checkOut.modes.${value}`),
          hint: t(`settings.checkOut.modes.${value}_hint`),
        }))}
        onChange={(value) => form.setValue('mode', value)}
      />
      {form.values.mode === 'AFTER_DAYS' && (
        <NumberField
          label={t('settings.checkOut.days')}
          {...form.field('days')}
          name="checkOutDays"
          min={1}
          max={365}
        />
      )}
    </SettingsForm>
  );
}
