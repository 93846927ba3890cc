import { type Token, updateTokenFieldsSchema } from '@vpp/contracts/tokens';
import { useTranslation } from 'react-i18next';
import { FormDialog, type SaveDialogProps } from '../../../components/form-dialog.tsx';
import { TextField } from '../../../components/form-field.tsx';
import { useSchemaForm } from '../../../lib/use-schema-form.ts';
import { useUpdateToken } from '../api/update-token.ts';
import { TokenDetailFields } from './token-detail-fields.tsx';

interface EditTokenDialogProps extends SaveDialogProps<Token> {
  token: Token;
}

/** Edits what the admin chose for a token; what comes from the file is changed by renewing. */
export function EditTokenDialog({ token, onClose, onSaved }: EditTokenDialogProps) {
  const { t } = useTranslation();
  const updateToken = useUpdateToken();
  const form = useSchemaForm({
    schema: updateTokenFieldsSchema,
    initial: {
      name: token.name,
      appleId: token.appleId,
      categories: token.categories.join(', '),
      description: token.description,
    },
  });

  return (
    <FormDialog
      title={t('tokens.editTitle')}
      onClose={onClose}
      {...form.saving(updateToken, (body) => ({ id: token.id, body }), onSaved)}
      intro={
        <p className="dialog__subject">
          {token.orgName} · {token.locationName}
        </p>
      }
      submitLabel={t('common.save')}
    >
      <TextField
        label={t('tokens.fields.name')}
        {...form.field('name')}
        autoComplete="off"
        maxLength={100}
        required
      />
      <TokenDetailFields field={form.field} />
    </FormDialog>
  );
}
