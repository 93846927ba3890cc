import { type Locale, type SessionUser, updateMeRequestSchema } from '@vpp/contracts/accounts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../../components/form-field.tsx';
import { ErrorMessage, StatusMessage } from '../../../components/live-messages.tsx';
import { useLocaleOptions } from '../../../lib/account-options.ts';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { type FieldErrors, fieldErrorsFromApi, fieldErrorsFromIssues } from '../../../lib/form-errors.ts';
import { isLocale } from '../../../lib/i18n.ts';
import { useUpdateMe } from '../api/update-me.ts';

export function ProfileForm({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const localeOptions = useLocaleOptions();
  const updateMe = useUpdateMe();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [locale, setLocale] = useState<Locale>(user.locale);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = updateMeRequestSchema.safeParse({ displayName, locale });
    if (!parsed.success) {
      setFieldErrors(fieldErrorsFromIssues(parsed.error.issues, t));
      return;
    }
    setFieldErrors({});
    updateMe.mutate(parsed.data, { onError: (error) => setFieldErrors(fieldErrorsFromApi(error)) });
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="profile-heading">
      <TextField
        label={t('myAccount.displayName')}
        name="displayName"
        autoComplete="name"
        value={displayName}
        onChange={(event) => {
          setDisplayName(event.target.value);
          updateMe.reset();
        }}
        error={fieldErrors.displayName}
      />
      <SelectField
        label={t('myAccount.language')}
        name="locale"
        value={locale}
        onChange={(event) => {
          if (isLocale(event.target.value)) setLocale(event.target.value);
          updateMe.reset();
        }}
        options={localeOptions}
        hint={t('myAccount.languageHint')}
        error={fieldErrors.locale}
      />
      <StatusMessage>{updateMe.isSuccess ? t('myAccount.profileSaved') : undefined}</StatusMessage>
      <ErrorMessage>{updateMe.error ? describeError(updateMe.error) : undefined}</ErrorMessage>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={updateMe.isPending}>
          {updateMe.isPending ? t('common.saving') : t('myAccount.saveProfile')}
        </button>
      </div>
    </form>
  );
}
