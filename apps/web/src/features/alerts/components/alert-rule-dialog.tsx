import {
  type AlertChannel,
  type AlertKind,
  type AlertThreshold,
  alertKinds,
  createAlertRuleSchema,
  type NumericThresholdField,
  thresholdFieldsByKind,
} from '@vpp/contracts/alerts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/form-dialog.tsx';
import { SelectField, TextField } from '../../../components/form-field.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { type FieldErrors, fieldErrorsFromApi, fieldErrorsFromIssues } from '../../../lib/form-errors.ts';
import { TokenSelectField } from '../../tokens/index.ts';
import { useSaveAlertRule } from '../api/alert-rules.ts';

type ThresholdField = NumericThresholdField;

/** Adds a rule: what to watch (a kind and its threshold), where (a token, or everything), whom to tell. */
export function AlertRuleDialog({ channels, onClose }: { channels: AlertChannel[]; onClose: () => void }) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const save = useSaveAlertRule();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<AlertKind>('LOW_LICENSES');
  const [threshold, setThreshold] = useState<Record<ThresholdField, string>>({
    available: '',
    percent: '',
    days: '',
    runs: '',
  });
  const [tokenId, setTokenId] = useState('');
  const [channelIds, setChannelIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const fields = thresholdFieldsByKind[kind];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values: AlertThreshold = {};
    for (const field of fields) {
      const text = threshold[field].trim();
      if (text !== '') values[field] = Number(text);
    }
    const parsed = createAlertRuleSchema.safeParse({
      name,
      kind,
      threshold: values,
      channelIds,
      scope: tokenId ? { tokenIds: [tokenId] } : null,
    });
    if (!parsed.success) {
      setErrors(fieldErrorsFromIssues(parsed.error.issues, t));
      return;
    }
    setErrors({});
    save.mutate(
      { body: parsed.data },
      { onSuccess: onClose, onError: (error) => setErrors(fieldErrorsFromApi(error)) },
    );
  }

  const thresholdError = Object.entries(errors).find(([key]) => key.startsWith('threshold'))?.[1];
  return (
    <FormDialog
      title={t('alerts.rules.add')}
      onClose={onClose}
      onSubmit={submit}
      failure={save.error && Object.keys(errors).length === 0 ? describeError(save.error) : undefined}
      submitLabel={t('alerts.rules.save')}
      pending={save.isPending}
      wide
    >
      <TextField
        label={t('alerts.rules.name')}
        name="name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={errors.name}
      />
      <SelectField
        label={t('alerts.rules.kind')}
        value={kind}
        onChange={(event) => setKind(event.target.value as AlertKind)}
        options={alertKinds.map((value) => ({ value, label: t(`alerts.kinds.${value}`) }))}
        hint={t(`alerts.kindHints.${kind}`)}
      />
      {fields.map((field, index) => (
        <TextField
          key={field}
          label={t(`alerts.rules.threshold.${field}`)}
          name={`threshold.${field}`}
          type="number"
          inputMode="numeric"
          min={0}
          className="input--short"
          value={threshold[field]}
          onChange={(event) => setThreshold({ ...threshold, [field]: event.target.value })}
          error={index === 0 ? thresholdError : undefined}
        />
      ))}
      <TokenSelectField
        label={t('alerts.rules.scope')}
        anyLabel={t('alerts.rules.everything')}
        value={tokenId}
        onChange={setTokenId}
      />
      <fieldset className="field fieldset">
        <legend className="field__label">{t('alerts.rules.channels')}</legend>
        {channels.length === 0 && <p className="muted">{t('alerts.rules.noChannels')}</p>}
        {channels.map((channel) => (
          <label key={channel.id} className="checkbox">
            <input
              type="checkbox"
              checked={channelIds.includes(channel.id)}
              onChange={(event) =>
                setChannelIds(
                  event.target.checked
                    ? [...channelIds, channel.id]
                    : channelIds.filter((id) => id !== channel.id),
                )
              }
            />{' '}
            {channel.name} <span className="muted">({t(`alerts.channelTypes.${channel.type}`)})</span>
          </label>
        ))}
      </fieldset>
    </FormDialog>
  );
}
