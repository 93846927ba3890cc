import { PASSWORD_MIN_LENGTH } from '@vpp/contracts/accounts';
import { useTranslation } from 'react-i18next';
import { PasswordField, SelectField, TextField } from '../../../components/form-field.tsx';
import { useLocaleOptions, useRoleOptions } from '../../../lib/account-options.ts';
import type { BoundField } from '../../../lib/use-schema-form.ts';

interface AccountFieldsProps {
  field: (name: 'displayName' | 'role' | 'locale') => BoundField;
  /** The first password, when creating an account. */
  password?: BoundField;
}

/** What an admin sets on an account: its name, first password, role and language. */
export function AccountFields({ field, password }: AccountFieldsProps) {
  const { t } = useTranslation();
  const roleOptions = useRoleOptions();
  const localeOptions = useLocaleOptions();
  return (
    <>
      <TextField label={t('accounts.fields.displayName')} {...field('displayName')} autoComplete="off" />
      {password && (
        <PasswordField
          label={t('accounts.fields.password')}
          {...password}
          autoComplete="new-password"
          hint={t('accounts.passwordHint', { count: PASSWORD_MIN_LENGTH })}
          required
        />
      )}
      <div className="form__row">
        <SelectField label={t('accounts.fields.role')} {...field('role')} options={roleOptions} />
        <SelectField label={t('accounts.fields.locale')} {...field('locale')} options={localeOptions} />
      </div>
    </>
  );
}
