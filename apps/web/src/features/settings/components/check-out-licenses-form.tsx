import {
  CHECK_OUT_LICENSE_MODES,
  type CheckOutLicenses,
  checkOutLicensesSchema,
} from '@vpp/contracts/settings';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../../components/form-field.tsx';
import { ErrorMessage, StatusMessage } from '../../../components/live-messages.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { RadioGroup } from '../../../components/radio-group.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { useCheckOutLicenses, useSaveCheckOutLicenses } from '../api/check-out-licenses.ts';

type Mode = CheckOutLicenses['mode'];

/** Settings → Licenses: what happens to the licenses of devices that check out or are deleted. */
export function CheckOutLicensesCard({ canChange }: { canChange: boolean }) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const setting = useCheckOutLicenses();
  return (
    <section className="card settings-card" aria-labelledby="check-out-heading">
      <h2 className="card__title" id="check-out-heading">
        {t('settings.checkOut.heading')}
      </h2>
      <p className="muted">{t('settings.checkOut.intro')}</p>
      {setting.isPending ? (
        <LoadingState />
      ) : setting.isError ? (
        <p className="notice notice--error" role="alert">
          {describeError(setting.error)}
        </p>
      ) : canChange ? (
        <CheckOutLicensesForm current={setting.data} />
      ) : (
        <p>{t(`settings.checkOut.current.${setting.data.mode}`, { count: setting.data.days })}</p>
      )}
    </section>
  );
}

function CheckOutLicensesForm({ current }: { current: CheckOutLicenses }) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const save = useSaveCheckOutLicenses();
  const [mode, setMode] = useState<Mode>(current.mode);
  const [days, setDays] = useState(String(current.days));
  const [daysError, setDaysError] = useState<string>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = checkOutLicensesSchema.safeParse({
      mode,
      days: days.trim() === '' ? Number.NaN : Number(days),
    });
    if (!parsed.success) {
      setDaysError(t('settings.checkOut.daysInvalid'));
      return;
    }
    setDaysError(undefined);
    save.mutate(parsed.data);
  }

  return (
    <form className="form settings-form" onSubmit={submit} noValidate aria-labelledby="check-out-heading">
      <RadioGroup
        legend={t('settings.checkOut.mode')}
        name="checkOutMode"
        value={mode}
        options={CHECK_OUT_LICENSE_MODES.map((value) => ({
          value,
          label: t(`settings.checkOut.modes.${value}`),
          hint: t(`settings.checkOut.modes.${value}_hint`),
        }))}
        onChange={(value) => {
          setMode(value);
          save.reset();
        }}
      />
      {mode === 'AFTER_DAYS' && (
        <TextField
          label={t('settings.checkOut.days')}
          name="checkOutDays"
          type="number"
          inputMode="numeric"
          min={1}
          max={365}
          step={1}
          className="input--short"
          value={days}
          onChange={(event) => {
            setDays(event.target.value);
            setDaysError(undefined);
            save.reset();
          }}
          error={daysError}
        />
      )}
      <StatusMessage>{save.isSuccess ? t('settings.checkOut.saved') : undefined}</StatusMessage>
      <ErrorMessage>{save.error ? describeError(save.error) : undefined}</ErrorMessage>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : t('settings.checkOut.save')}
        </button>
      </div>
    </form>
  );
}
