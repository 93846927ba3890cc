import { type Account, updateAccountRequestSchema } from '@vpp/contracts/accounts';
import { useTranslation } from 'react-i18next';
import { FormDialog, type SaveDialogProps } from '../../../components/form-dialog.tsx';
import { useSchemaForm } from '../../../lib/use-schema-form.ts';
import { useUpdateAccount } from '../api/update-account.ts';
import { AccountFields } from './account-fields.tsx';

interface EditAccountDialogProps extends SaveDialogProps<Account> {
  account: Account;
}

export function EditAccountDialog({ account, onClose, onSaved }: EditAccountDialogProps) {
  const { t } = useTranslation();
  const updateAccount = useUpdateAccount();
  const form = useSchemaForm({
    schema: updateAccountRequestSchema,
    initial: { displayName: account.displayName, role: account.role, locale: account.locale },
  });

  return (
    <FormDialog
      title={t('accounts.editTitle')}
      onClose={onClose}
      {...form.saving(updateAccount, (body) => ({ id: account.id, body }), onSaved)}
      intro={<p className="dialog__subject">{account.email}</p>}
      submitLabel={t('common.save')}
    >
      <AccountFields field={form.field} />
    </FormDialog>
  );
}
