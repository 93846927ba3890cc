import { type Token, updateTokenFieldsSchema } from '@vpp/contracts/tokens';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../components/dialog.tsx';
import { TextAreaField, TextField } from '../../../components/form-field.tsx';
import { ErrorMessage } from '../../../components/live-messages.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import {
  type FieldErrors,
  fieldErrorsFromApi,
  fieldErrorsFromIssues,
  withoutFieldError,
} from '../../../lib/form-errors.ts';
import { useUpdateToken } from '../api/update-token.ts';

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
  const [description, setDescription] = useState(token.description);
  const [categories, setCategories] = useState(token.categories.join(', '));
  const [appleId, setAppleId] = useState(token.appleId);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  function clearError(field: string) {
    setFieldErrors((errors) => withoutFieldError(errors, field));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = updateTokenFieldsSchema.safeParse({ name, description, categories, appleId });
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
        <TextField
          label={t('tokens.fields.appleId')}
          type="email"
          name="appleId"
          autoComplete="off"
          spellCheck={false}
          value={appleId}
          onChange={(event) => {
            setAppleId(event.target.value);
            clearError('appleId');
          }}
          hint={t('tokens.fields.appleIdHint')}
          error={fieldErrors.appleId}
          maxLength={254}
          required
        />
        <TextField
          label={t('tokens.fields.categories')}
          name="categories"
          autoComplete="off"
          value={categories}
          onChange={(event) => {
            setCategories(event.target.value);
            clearError('categories');
          }}
          hint={t('tokens.fields.categoriesHint')}
          error={fieldErrors.categories}
        />
        <TextAreaField
          label={t('tokens.fields.description')}
          name="description"
          value={description}
          onChange={(event) => {
            setDescription(event.target.value);
            clearError('description');
          }}
          error={fieldErrors.description}
          maxLength={1000}
          rows={3}
        />
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={updateToken.isPending}>
            {updateToken.isPending ? t('common.saving') : t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
