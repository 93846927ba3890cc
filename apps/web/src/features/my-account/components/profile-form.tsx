import { type SessionUser, updateMeRequestSchema } from '@vpp/contracts/accounts';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../../../components/form-actions.tsx';
import { SelectField, TextField } from '../../../components/form-field.tsx';
import { ErrorMessage, StatusMessage } from '../../../components/live-messages.tsx';
import { useLocaleOptions } from '../../../lib/account-options.ts';
import { useSchemaForm } from '../../../lib/use-schema-form.ts';
import { useUpdateMe } from '../api/update-me.ts';

export function ProfileForm({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const localeOptions = useLocaleOptions();
  const updateMe = useUpdateMe();
  const form = useSchemaForm({
    schema: updateMeRequestSchema,
    initial: { displayName: user.displayName, locale: user.locale },
  });
  /** A change hides the message about the last save. */
  const field = (name: 'displayName' | 'locale') => {
    const bound = form.field(name);
    return {
      ...bound,
      onChange: (event: Parameters<typeof bound.onChange>[0]) => {
        bound.onChange(event);
        updateMe.reset();
      },
    };
  };

  return (
    <form
      className="form"
      onSubmit={form.handleSubmit((data) => updateMe.mutate(data, { onError: form.apiFailed() }))}
      noValidate
      aria-labelledby="profile-heading"
    >
      <TextField label={t('myAccount.displayName')} {...field('displayName')} autoComplete="name" />
      <SelectField
        label={t('myAccount.language')}
        {...field('locale')}
        options={localeOptions}
        hint={t('myAccount.languageHint')}
      />
      <StatusMessage>{updateMe.isSuccess ? t('myAccount.profileSaved') : undefined}</StatusMessage>
      <ErrorMessage>{form.failure(updateMe.error)}</ErrorMessage>
      <FormActions submitLabel={t('myAccount.saveProfile')} pending={updateMe.isPending} />
    </form>
  );
}
