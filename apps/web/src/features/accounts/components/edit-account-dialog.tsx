import { type Account, type Locale, type Role, updateAccountRequestSchema } from '@vpp/contracts/accounts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../components/dialog.tsx';
import { FormDialogActions } from '../../../components/form-dialog-actions.tsx';
import { SelectField, TextField } from '../../../components/form-field.tsx';
import { ErrorMessage } from '../../../components/live-messages.tsx';
import { useLocaleOptions, useRoleOptions } from '../../../lib/account-options.ts';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { type FieldErrors, fieldErrorsFromApi, fieldErrorsFromIssues } from '../../../lib/form-errors.ts';
import { isLocale } from '../../../lib/i18n.ts';
import { useUpdateAccount } from '../api/update-account.ts';

interface EditAccountDialogProps {
  account: Account;
  onClose: () => void;
  onSaved: (account: Account) => void;
}

export function EditAccountDialog({ account, onClose, onSaved }: EditAccountDialogProps) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const roleOptions = useRoleOptions();
  const localeOptions = useLocaleOptions();
  const updateAccount = useUpdateAccount();
  const [displayName, setDisplayName] = useState(account.displayName);
  const [role, setRole] = useState<Role>(account.role);
  const [locale, setLocale] = useState<Locale>(account.locale);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = updateAccountRequestSchema.safeParse({ displayName, role, locale });
    if (!parsed.success) {
      setFieldErrors(fieldErrorsFromIssues(parsed.error.issues, t));
      return;
    }
    setFieldErrors({});
    updateAccount.mutate(
      { id: account.id, body: parsed.data },
      { onSuccess: onSaved, onError: (error) => setFieldErrors(fieldErrorsFromApi(error)) },
    );
  }

  return (
    <Dialog title={t('accounts.editTitle')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="dialog__subject">{account.email}</p>
        <ErrorMessage>{updateAccount.error ? describeError(updateAccount.error) : undefined}</ErrorMessage>
        <TextField
          label={t('accounts.fields.displayName')}
          name="displayName"
          autoComplete="off"
          value={displayName}
          onChange={(event) => setDisplayName(event.target.value)}
          error={fieldErrors.displayName}
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
          submitLabel={t('common.save')}
          pending={updateAccount.isPending}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
