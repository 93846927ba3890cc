import { PASSWORD_MIN_LENGTH, updateMeRequestSchema } from '@vpp/contracts/accounts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../../components/form-field.tsx';
import { ErrorMessage, StatusMessage } from '../../../components/live-messages.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { type FieldErrors, fieldErrorsFromApi, fieldErrorsFromIssues } from '../../../lib/form-errors.ts';
import { useUpdateMe } from '../api/update-me.ts';

export function PasswordForm({ email }: { email: string }) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const updateMe = useUpdateMe();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmPassword, setConfirmPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    updateMe.reset();
    const parsed = updateMeRequestSchema.safeParse({ currentPassword, newPassword });
    const errors: FieldErrors = parsed.success ? {} : fieldErrorsFromIssues(parsed.error.issues, t);
    if (!currentPassword) errors.currentPassword = t('validation.required');
    if (!newPassword) errors.newPassword = t('validation.required');
    if (!errors.newPassword && newPassword !== confirmPassword)
      errors.confirmPassword = t('validation.passwordsDiffer');
    if (!parsed.success || Object.keys(errors).length > 0) {
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    updateMe.mutate(parsed.data, {
      onSuccess: () => {
        setCurrentPassword('');
        setNewPassword('');
        setConfirmPassword('');
      },
      onError: (error) => {
        // A wrong current password is a 401 too, but it belongs to that field, not to the session.
        if (isApiError(error) && error.code === 'INVALID_CREDENTIALS') {
          setFieldErrors({ currentPassword: t('myAccount.currentPasswordWrong') });
        } else {
          setFieldErrors(fieldErrorsFromApi(error));
        }
      },
    });
  }

  const failure =
    updateMe.error && !(isApiError(updateMe.error) && updateMe.error.code === 'INVALID_CREDENTIALS')
      ? describeError(updateMe.error)
      : undefined;

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="password-heading">
      {/* Lets password managers pair the new password with this account. */}
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <TextField
        label={t('myAccount.currentPassword')}
        type="password"
        name="currentPassword"
        autoComplete="current-password"
        value={currentPassword}
        onChange={(event) => setCurrentPassword(event.target.value)}
        error={fieldErrors.currentPassword}
      />
      <TextField
        label={t('myAccount.newPassword')}
        type="password"
        name="newPassword"
        autoComplete="new-password"
        value={newPassword}
        onChange={(event) => setNewPassword(event.target.value)}
        hint={t('accounts.passwordHint', { count: PASSWORD_MIN_LENGTH })}
        error={fieldErrors.newPassword}
      />
      <TextField
        label={t('myAccount.confirmPassword')}
        type="password"
        name="confirmPassword"
        autoComplete="new-password"
        value={confirmPassword}
        onChange={(event) => setConfirmPassword(event.target.value)}
        error={fieldErrors.confirmPassword}
      />
      <StatusMessage>{updateMe.isSuccess ? t('myAccount.passwordChanged') : undefined}</StatusMessage>
      <ErrorMessage>{failure}</ErrorMessage>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={updateMe.isPending}>
          {updateMe.isPending ? t('common.saving') : t('myAccount.changePassword')}
        </button>
      </div>
    </form>
  );
}
