import type { LicenseReportRow } from '@vpp/contracts/reports';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/form-dialog.tsx';
import { TextField } from '../../../components/form-field.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { decimalFromMinor, minorFromDecimal } from '../../../lib/money.ts';
import { useSetStoreAppPrice } from '../api/store-app-price.ts';

/** The price of one license of an app on a token, typed as a decimal in the organisation's currency. */
export function PriceDialog({
  row,
  currency,
  onClose,
}: {
  row: LicenseReportRow;
  currency: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const save = useSetStoreAppPrice();
  const [text, setText] = useState(
    row.unitPriceMinor === null ? '' : decimalFromMinor(row.unitPriceMinor, currency),
  );
  const [error, setError] = useState<string>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = text.trim();
    const minor = trimmed === '' ? null : minorFromDecimal(trimmed, currency);
    if (minor === undefined) {
      setError(t('reports.licenseCounts.price.invalid', { currency }));
      return;
    }
    setError(undefined);
    save.mutate({ storeAppId: row.storeAppId, unitPriceMinor: minor }, { onSuccess: onClose });
  }

  return (
    <FormDialog
      title={t('reports.licenseCounts.price.title')}
      intro={`${row.appName} · ${row.tokenName}`}
      onClose={onClose}
      onSubmit={submit}
      failure={save.error ? describeError(save.error) : undefined}
      submitLabel={t('reports.licenseCounts.price.save')}
      pending={save.isPending}
    >
      <TextField
        label={t('reports.licenseCounts.price.label', { currency })}
        hint={t('reports.licenseCounts.price.hint')}
        name="price"
        inputMode="decimal"
        className="input--short"
        value={text}
        onChange={(event) => setText(event.target.value)}
        error={error}
      />
    </FormDialog>
  );
}
