import { type Token, updateTokenFieldsSchema } from '@vpp/contracts/tokens';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../components/dialog.tsx';
import { FormDialogActions } from '../../../components/form-dialog-actions.tsx';
import { TextField } from '../../../components/form-field.tsx';
import { ErrorMessage } from '../../../components/live-messages.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import {
  type FieldErrors,
  fieldErrorsFromApi,
  fieldErrorsFromIssues,
  withoutFieldError,
} from '../../../lib/form-errors.ts';
import { useUpdateToken } from '../api/update-token.ts';
import { TokenDetailFields, type TokenDetails } from './token-detail-fields.tsx';

interface EditTokenDialogProps {
  token: Token;
  onClose: () => void;
  onSaved: (token: Token) => void;
}

/** Edits what the admin chose for a token; what comes from the file is changed by renewing. */
export function EditTokenDialog({ token, onClose, onSaved }: EditTokenDialogProps) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const updateToken = useUpdateToken();
  const [name, setName] = useState(token.name);
  const [details, setDetails] = useState<TokenDetails>({
    appleId: token.appleId,
    categories: token.categories.join(', '),
    description: token.description,
  });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  function clearError(field: string) {
    setFieldErrors((errors) => withoutFieldError(errors, field));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = updateTokenFieldsSchema.safeParse({ name, ...details });
    if (!parsed.success) {
      setFieldErrors(fieldErrorsFromIssues(parsed.error.issues, t));
      return;
    }
    setFieldErrors({});
    updateToken.mutate(
      { id: token.id, body: parsed.data },
      { onSuccess: onSaved, onError: (error) => setFieldErrors(fieldErrorsFromApi(error)) },
    );
  }

  return (
    <Dialog title={t('tokens.editTitle')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="dialog__subject">
          {token.orgName} · {token.locationName}
        </p>
        <ErrorMessage>{updateToken.error ? describeError(updateToken.error) : undefined}</ErrorMessage>
        <TextField
          label={t('tokens.fields.name')}
          name="name"
          autoComplete="off"
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            clearError('name');
          }}
          error={fieldErrors.name}
          maxLength={100}
          required
        />
        <TokenDetailFields
          values={details}
          errors={fieldErrors}
          onChange={(field, value) => {
            setDetails((current) => ({ ...current, [field]: value }));
            clearError(field);
          }}
        />
        <FormDialogActions
          submitLabel={t('common.save')}
          pending={updateToken.isPending}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
