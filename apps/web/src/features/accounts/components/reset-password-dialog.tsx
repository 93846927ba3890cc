import { type Account, PASSWORD_MIN_LENGTH, updateAccountRequestSchema } from '@vpp/contracts/accounts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../components/dialog.tsx';
import { FormDialogActions } from '../../../components/form-dialog-actions.tsx';
import { TextField } from '../../../components/form-field.tsx';
import { ErrorMessage } from '../../../components/live-messages.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { type FieldErrors, fieldErrorsFromApi, fieldErrorsFromIssues } from '../../../lib/form-errors.ts';
import { useUpdateAccount } from '../api/update-account.ts';

interface ResetPasswordDialogProps {
  account: Account;
  onClose: () => void;
  onReset: (account: Account) => void;
}

export function ResetPasswordDialog({ account, onClose, onReset }: ResetPasswordDialogProps) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const updateAccount = useUpdateAccount();
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = updateAccountRequestSchema.safeParse({ password });
    if (!parsed.success || !password) {
      setFieldErrors(
        parsed.success
          ? { password: t('validation.required') }
          : fieldErrorsFromIssues(parsed.error.issues, t),
      );
      return;
    }
    setFieldErrors({});
    updateAccount.mutate(
      { id: account.id, body: parsed.data },
      { onSuccess: onReset, onError: (error) => setFieldErrors(fieldErrorsFromApi(error)) },
    );
  }

  return (
    <Dialog title={t('accounts.resetTitle')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="dialog__message">{t('accounts.resetIntro', { email: account.email })}</p>
        <ErrorMessage>{updateAccount.error ? describeError(updateAccount.error) : undefined}</ErrorMessage>
        <TextField
          label={t('accounts.fields.newPassword')}
          type="password"
          name="password"
          autoComplete="new-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          hint={t('accounts.passwordHint', { count: PASSWORD_MIN_LENGTH })}
          error={fieldErrors.password}
          required
        />
        <FormDialogActions
          submitLabel={t('accounts.resetPassword')}
          pending={updateAccount.isPending}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
