import type { Role } from '@vpp/contracts/accounts';
import { type CreatedApiKey, createApiKeyRequestSchema } from '@vpp/contracts/api-keys';
import { useTranslation } from 'react-i18next';
import { FormDialog, type SaveDialogProps } from '../../../components/form-dialog.tsx';
import { SelectField, TextField } from '../../../components/form-field.tsx';
import { useRoleOptions } from '../../../lib/account-options.ts';
import { useSchemaForm } from '../../../lib/use-schema-form.ts';
import { useCreateApiKey } from '../api/api-keys.ts';

/** The end of the chosen day, in the reader's time zone, as the API wants it. */
function endOfDay(date: string): string | undefined {
  if (!date) return undefined;
  const at = new Date(`${date}T23:59:59`);
  return Number.isNaN(at.getTime()) ? date : at.toISOString();
}

export function CreateApiKeyDialog({ onClose, onSaved }: SaveDialogProps<CreatedApiKey>) {
  const { t } = useTranslation();
  const createKey = useCreateApiKey();
  const roleOptions = useRoleOptions();
  const form = useSchemaForm({
    schema: createApiKeyRequestSchema,
    initial: { name: '', role: 'manager' as Role, expiresAt: '' },
    input: (values) => ({ ...values, expiresAt: endOfDay(values.expiresAt) }),
  });

  const submit = form.handleSubmit((data) =>
    createKey.mutate(data, { onSuccess: onSaved, onError: form.apiFailed() }),
  );

  return (
    <FormDialog
      title={t('apiKeys.createTitle')}
      onClose={onClose}
      onSubmit={submit}
      failure={form.failure(createKey.error)}
      submitLabel={t('apiKeys.create')}
      pending={createKey.isPending}
    >
      <TextField
        label={t('apiKeys.fields.name')}
        hint={t('apiKeys.fields.nameHint')}
        {...form.field('name')}
        autoComplete="off"
        required
      />
      <div className="form__row">
        <SelectField label={t('apiKeys.fields.role')} {...form.field('role')} options={roleOptions} />
        <TextField
          label={t('apiKeys.fields.expiresAt')}
          hint={t('apiKeys.fields.expiresAtHint')}
          type="date"
          {...form.field('expiresAt')}
        />
      </div>
    </FormDialog>
  );
}
