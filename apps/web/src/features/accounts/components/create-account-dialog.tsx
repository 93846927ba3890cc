import { type Account, createAccountRequestSchema, type Locale, type Role } from '@vpp/contracts/accounts';
import { useTranslation } from 'react-i18next';
import { FormDialog, type SaveDialogProps } from '../../../components/form-dialog.tsx';
import { EmailField } from '../../../components/form-field.tsx';
import { useSchemaForm } from '../../../lib/use-schema-form.ts';
import { useCreateAccount } from '../api/create-account.ts';
import { AccountFields } from './account-fields.tsx';

export function CreateAccountDialog({ onClose, onSaved }: SaveDialogProps<Account>) {
  const { t } = useTranslation();
  const createAccount = useCreateAccount();
  const form = useSchemaForm({
    schema: createAccountRequestSchema,
    initial: { email: '', displayName: '', password: '', role: 'manager' as Role, locale: 'en' as Locale },
  });

  return (
    <FormDialog
      title={t('accounts.createTitle')}
      onClose={onClose}
      {...form.saving(createAccount, (data) => data, onSaved, {
        EMAIL_TAKEN: { email: t('errors.EMAIL_TAKEN') },
      })}
      submitLabel={t('accounts.create')}
    >
      <EmailField label={t('accounts.fields.email')} {...form.field('email')} autoComplete="off" required />
      <AccountFields field={form.field} password={form.field('password')} />
    </FormDialog>
  );
}
