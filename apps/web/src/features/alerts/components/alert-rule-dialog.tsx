import {
  type AlertChannel,
  type AlertRule,
  type AlertThreshold,
  alertKinds,
  type CreateAlertRule,
  createAlertRuleSchema,
  thresholdFieldsByKind,
  type UpdateAlertRule,
} from '@vpp/contracts/alerts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/form-dialog.tsx';
import { NumberField, SelectField, TextField } from '../../../components/form-field.tsx';
import { useSchemaForm } from '../../../lib/use-schema-form.ts';
import { TokenSelectField } from '../../tokens/index.ts';
import { useSaveAlertRule } from '../api/alert-rules.ts';

interface AlertRuleDialogProps {
  channels: AlertChannel[];
  /** The rule to change; without one the dialog adds a rule. Its kind stays. */
  rule?: AlertRule | undefined;
  onClose: () => void;
}

/** The one token a rule watches, or '' for every token (a rule the API scoped otherwise shows ''). */
function scopedToken(rule: AlertRule | undefined): string {
  const tokenIds = rule?.scope?.tokenIds ?? [];
  return tokenIds.length === 1 ? (tokenIds[0] ?? '') : '';
}

/**
 * What changing a rule sends: its name, threshold and channels, and its scope only when another
 * token was chosen (a scope the console cannot show, several tokens or apps, stays as it is).
 */
function ruleChanges(
  { name, threshold, channelIds, scope }: CreateAlertRule,
  rule: AlertRule,
  tokenId: string,
): UpdateAlertRule {
  return { name, threshold, channelIds, ...(tokenId === scopedToken(rule) ? {} : { scope }) };
}

/** Adds or changes a rule: what to watch (a kind and its threshold), where (a token, or everything), whom to tell. */
export function AlertRuleDialog({ channels, rule, onClose }: AlertRuleDialogProps) {
  const { t } = useTranslation();
  const save = useSaveAlertRule();
  const [channelIds, setChannelIds] = useState<string[]>(rule?.channelIds ?? []);
  const threshold = (field: keyof AlertThreshold) => String(rule?.threshold[field] ?? '');
  const form = useSchemaForm({
    schema: createAlertRuleSchema,
    initial: {
      name: rule?.name ?? '',
      kind: rule?.kind ?? 'LOW_LICENSES',
      available: threshold('available'),
      percent: threshold('percent'),
      days: threshold('days'),
      runs: threshold('runs'),
      tokenId: scopedToken(rule),
    },
    input: (values) => ({
      name: values.name,
      kind: values.kind,
      threshold: Object.fromEntries(
        thresholdFieldsByKind[values.kind]
          .filter((field) => values[field].trim() !== '')
          .map((field) => [field, Number(values[field].trim())]),
      ),
      channelIds,
      scope: values.tokenId ? { tokenIds: [values.tokenId] } : null,
    }),
  });
  const fields = thresholdFieldsByKind[form.values.kind];
  const thresholdError = Object.entries(form.errors).find(([key]) => key.startsWith('threshold'))?.[1];

  return (
    <FormDialog
      title={rule ? t('alerts.rules.editTitle') : t('alerts.rules.add')}
      onClose={onClose}
      {...form.saving(
        save,
        (data) =>
          rule ? { id: rule.id, body: ruleChanges(data, rule, form.values.tokenId) } : { body: data },
        onClose,
      )}
      submitLabel={rule ? t('common.save') : t('alerts.rules.save')}
      wide
    >
      <TextField label={t('alerts.rules.name')} {...form.field('name')} />
      <SelectField
        label={t('alerts.rules.kind')}
        {...form.field('kind')}
        disabled={rule !== undefined}
        options={alertKinds.map((value) => ({ value, label: t(`alerts.kinds.${value}`) }))}
        hint={rule ? t('alerts.rules.kindFixed') : t(`alerts.kindHints.${form.values.kind}`)}
      />
      {fields.map((field, index) => (
        <NumberField
          key={field}
          label={t(`alerts.rules.threshold.${field}`)}
          {...form.field(field)}
          name={`threshold.${field}`}
          error={index === 0 ? thresholdError : undefined}
        />
      ))}
      <TokenSelectField
        label={t('alerts.rules.scope')}
        anyLabel={t('alerts.rules.everything')}
        value={form.values.tokenId}
        onChange={(tokenId) => form.setValue('tokenId', tokenId)}
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
