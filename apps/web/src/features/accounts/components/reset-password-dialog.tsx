import { type Account, PASSWORD_MIN_LENGTH, updateAccountRequestSchema } from '@vpp/contracts/accounts';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog, type SaveDialogProps } from '../../../components/form-dialog.tsx';
import { PasswordField } from '../../../components/form-field.tsx';
import { useSchemaForm } from '../../../lib/use-schema-form.ts';
import { useUpdateAccount } from '../api/update-account.ts';

interface ResetPasswordDialogProps extends SaveDialogProps<Account> {
  account: Account;
}

export function ResetPasswordDialog({ account, onClose, onSaved }: ResetPasswordDialogProps) {
  const { t } = useTranslation();
  const updateAccount = useUpdateAccount();
  const form = useSchemaForm({ schema: updateAccountRequestSchema, initial: { password: '' } });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // The update schema takes every field as optional; here the password is what is asked for.
    const body = form.parse((errors) => {
      if (!form.values.password) errors.password ??= t('validation.required');
    });
    if (body)
      updateAccount.mutate({ id: account.id, body }, { onSuccess: onSaved, onError: form.apiFailed() });
  }

  return (
    <FormDialog
      title={t('accounts.resetTitle')}
      onClose={onClose}
      onSubmit={submit}
      intro={<p className="dialog__message">{t('accounts.resetIntro', { email: account.email })}</p>}
      failure={form.failure(updateAccount.error)}
      submitLabel={t('accounts.resetPassword')}
      pending={updateAccount.isPending}
    >
      <PasswordField
        label={t('accounts.fields.newPassword')}
        {...form.field('password')}
        autoComplete="new-password"
        hint={t('accounts.passwordHint', { count: PASSWORD_MIN_LENGTH })}
        required
      />
    </FormDialog>
  );
}
