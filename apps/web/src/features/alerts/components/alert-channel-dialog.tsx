import { type AlertChannelType, alertChannelTypes, createAlertChannelSchema } from '@vpp/contracts/alerts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/form-dialog.tsx';
import { PasswordField, SelectField, TextField } from '../../../components/form-field.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { type FieldErrors, fieldErrorsFromApi, fieldErrorsFromIssues } from '../../../lib/form-errors.ts';
import { useSaveAlertChannel } from '../api/alert-channels.ts';

/** Adds a channel: where alerts go (an address, a webhook URL, a Slack/Teams incoming webhook). */
export function AlertChannelDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const save = useSaveAlertChannel();
  const [type, setType] = useState<AlertChannelType>('EMAIL');
  const [name, setName] = useState('');
  const [target, setTarget] = useState('');
  const [secret, setSecret] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = { type, name, target, ...(type === 'WEBHOOK' && secret ? { secret } : {}) };
    const parsed = createAlertChannelSchema.safeParse(body);
    if (!parsed.success) {
      setErrors(fieldErrorsFromIssues(parsed.error.issues, t));
      return;
    }
    setErrors({});
    save.mutate(
      { body: parsed.data },
      {
        onSuccess: onClose,
        onError: (error) => setErrors(fieldErrorsFromApi(error)),
      },
    );
  }

  return (
    <FormDialog
      title={t('alerts.channels.add')}
      onClose={onClose}
      onSubmit={submit}
      failure={save.error && Object.keys(errors).length === 0 ? describeError(save.error) : undefined}
      submitLabel={t('alerts.channels.save')}
      pending={save.isPending}
    >
      <SelectField
        label={t('alerts.channels.type')}
        value={type}
        onChange={(event) => setType(event.target.value as AlertChannelType)}
        options={alertChannelTypes.map((value) => ({ value, label: t(`alerts.channelTypes.${value}`) }))}
        hint={t(`alerts.channels.typeHints.${type}`)}
      />
      <TextField
        label={t('alerts.channels.name')}
        name="name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={errors.name}
      />
      <TextField
        label={type === 'EMAIL' ? t('alerts.channels.address') : t('alerts.channels.url')}
        name="target"
        type={type === 'EMAIL' ? 'email' : 'url'}
        value={target}
        onChange={(event) => setTarget(event.target.value)}
        error={errors.target}
      />
      {type === 'WEBHOOK' && (
        <PasswordField
          label={t('alerts.channels.secret')}
          name="secret"
          autoComplete="new-password"
          value={secret}
          onChange={(event) => setSecret(event.target.value)}
          hint={t('alerts.channels.secretHint')}
          error={errors.secret}
        />
      )}
    </FormDialog>
  );
}
