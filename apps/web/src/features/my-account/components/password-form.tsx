import { PASSWORD_MIN_LENGTH, updateMeRequestSchema } from '@vpp/contracts/accounts';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../../../components/form-actions.tsx';
import { PasswordField } from '../../../components/form-field.tsx';
import { ErrorMessage, StatusMessage } from '../../../components/live-messages.tsx';
import { useSchemaForm } from '../../../lib/use-schema-form.ts';
import { useUpdateMe } from '../api/update-me.ts';

const emptyPasswords = { currentPassword: '', newPassword: '', confirmPassword: '' };

export function PasswordForm({ email }: { email: string }) {
  const { t } = useTranslation();
  const updateMe = useUpdateMe();
  const form = useSchemaForm({
    schema: updateMeRequestSchema,
    initial: emptyPasswords,
    input: ({ currentPassword, newPassword }) => ({ currentPassword, newPassword }),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    updateMe.reset();
    const { currentPassword, newPassword, confirmPassword } = form.values;
    const data = form.parse((errors) => {
      if (!currentPassword) errors.currentPassword = t('validation.required');
      if (!newPassword) errors.newPassword = t('validation.required');
      if (!errors.newPassword && newPassword !== confirmPassword)
        errors.confirmPassword = t('validation.passwordsDiffer');
    });
    if (!data) return;
    updateMe.mutate(data, {
      onSuccess: () => form.reset(emptyPasswords),
      // A wrong current password is a 401 too, but it belongs to that field, not to the session.
      onError: form.apiFailed({
        INVALID_CREDENTIALS: { currentPassword: t('myAccount.currentPasswordWrong') },
      }),
    });
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="password-heading">
      {/* Lets password managers pair the new password with this account. */}
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <PasswordField
        label={t('myAccount.currentPassword')}
        {...form.field('currentPassword')}
        autoComplete="current-password"
      />
      <PasswordField
        label={t('myAccount.newPassword')}
        {...form.field('newPassword')}
        autoComplete="new-password"
        hint={t('accounts.passwordHint', { count: PASSWORD_MIN_LENGTH })}
      />
      <PasswordField
        label={t('myAccount.confirmPassword')}
        {...form.field('confirmPassword')}
        autoComplete="new-password"
      />
      <StatusMessage>{updateMe.isSuccess ? t('myAccount.passwordChanged') : undefined}</StatusMessage>
      <ErrorMessage>{form.failure(updateMe.error, ['INVALID_CREDENTIALS'])}</ErrorMessage>
      <FormActions submitLabel={t('myAccount.changePassword')} pending={updateMe.isPending} />
    </form>
  );
}
