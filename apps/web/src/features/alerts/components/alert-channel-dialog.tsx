import { alertChannelTypes, createAlertChannelSchema } from '@vpp/contracts/alerts';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/form-dialog.tsx';
import { PasswordField, SelectField, TextField } from '../../../components/form-field.tsx';
import { useSchemaForm } from '../../../lib/use-schema-form.ts';
import { useSaveAlertChannel } from '../api/alert-channels.ts';

/** Adds a channel: where alerts go (an address, a webhook URL, a Slack/Teams incoming webhook). */
export function AlertChannelDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaveAlertChannel();
  const form = useSchemaForm({
    schema: createAlertChannelSchema,
    initial: { type: 'EMAIL' as (typeof alertChannelTypes)[number], name: '', target: '', secret: '' },
    // Only a webhook is signed: a secret typed before another type was chosen is not sent.
    input: ({ secret, ...values }) => ({
      ...values,
      ...(values.type === 'WEBHOOK' && secret ? { secret } : {}),
    }),
  });
  const { type } = form.values;

  return (
    <FormDialog
      title={t('alerts.channels.add')}
      onClose={onClose}
      {...form.saving(save, (body) => ({ body }), onClose)}
      submitLabel={t('alerts.channels.save')}
    >
      <SelectField
        label={t('alerts.channels.type')}
        {...form.field('type')}
        options={alertChannelTypes.map((value) => ({ value, label: t(`alerts.channelTypes.${value}`) }))}
        hint={t(`alerts.channels.typeHints.${type}`)}
      />
      <TextField label={t('alerts.channels.name')} {...form.field('name')} />
      <TextField
        label={type === 'EMAIL' ? t('alerts.channels.address') : t('alerts.channels.url')}
        {...form.field('target')}
        type={type === 'EMAIL' ? 'email' : 'url'}
      />
      {type === 'WEBHOOK' && (
        <PasswordField
          label={t('alerts.channels.secret')}
          {...form.field('secret')}
          autoComplete="new-password"
          hint={t('alerts.channels.secretHint')}
        />
      )}
    </FormDialog>
  );
}
