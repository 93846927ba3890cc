import {
  type Account,
  createAccountRequestSchema,
  type Locale,
  PASSWORD_MIN_LENGTH,
  type Role,
} from '@vpp/contracts/accounts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../components/dialog.tsx';
import { FormDialogActions } from '../../../components/form-dialog-actions.tsx';
import { SelectField, TextField } from '../../../components/form-field.tsx';
import { ErrorMessage } from '../../../components/live-messages.tsx';
import { useLocaleOptions, useRoleOptions } from '../../../lib/account-options.ts';
import { isApiError } from '../../../lib/api-client.ts';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { type FieldErrors, fieldErrorsFromApi, fieldErrorsFromIssues } from '../../../lib/form-errors.ts';
import { isLocale } from '../../../lib/i18n.ts';
import { useCreateAccount } from '../api/create-account.ts';

interface CreateAccountDialogProps {
  onClose: () => void;
  onCreated: (account: Account) => void;
}

export function CreateAccountDialog({ onClose, onCreated }: CreateAccountDialogProps) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const roleOptions = useRoleOptions();
  const localeOptions = useLocaleOptions();
  const createAccount = useCreateAccount();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('manager');
  const [locale, setLocale] = useState<Locale>('en');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = createAccountRequestSchema.safeParse({ email, displayName, password, role, locale });
    if (!parsed.success) {
      setFieldErrors(fieldErrorsFromIssues(parsed.error.issues, t));
      return;
    }
    setFieldErrors({});
    createAccount.mutate(parsed.data, {
      onSuccess: onCreated,
      onError: (error) => {
        if (isApiError(error) && error.code === 'EMAIL_TAKEN')
          setFieldErrors({ email: t('errors.EMAIL_TAKEN') });
        else setFieldErrors(fieldErrorsFromApi(error));
      },
    });
  }

  const failure =
    createAccount.error && !(isApiError(createAccount.error) && createAccount.error.code === 'EMAIL_TAKEN')
      ? describeError(createAccount.error)
      : undefined;

  return (
    <Dialog title={t('accounts.createTitle')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorMessage>{failure}</ErrorMessage>
        <TextField
          label={t('accounts.fields.email')}
          type="email"
          name="email"
          autoComplete="off"
          spellCheck={false}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={fieldErrors.email}
          required
        />
        <TextField
          label={t('accounts.fields.displayName')}
          name="displayName"
          autoComplete="off"
          value={displayName}
          onChange={(event) => setDisplayName(event.target.value)}
          error={fieldErrors.displayName}
        />
        <TextField
          label={t('accounts.fields.password')}
          type="password"
          name="password"
          autoComplete="new-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          hint={t('accounts.passwordHint', { count: PASSWORD_MIN_LENGTH })}
          error={fieldErrors.password}
          required
        />
        <div className="form__row">
          <SelectField
            label={t('accounts.fields.role')}
            name="role"
            value={role}
            onChange={(event) => setRole(event.target.value === 'admin' ? 'admin' : 'manager')}
            options={roleOptions}
            error={fieldErrors.role}
          />
          <SelectField
            label={t('accounts.fields.locale')}
            name="locale"
            value={locale}
            onChange={(event) => setLocale(isLocale(event.target.value) ? event.target.value : 'en')}
            options={localeOptions}
            error={fieldErrors.locale}
          />
        </div>
        <FormDialogActions
          submitLabel={t('accounts.create')}
          pending={createAccount.isPending}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
