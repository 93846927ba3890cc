import {
  createTokenFieldsSchema,
  type Token,
  type TokenType,
  tokenTypeSchema,
  tokenTypes,
} from '@vpp/contracts/tokens';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../components/dialog.tsx';
import { SelectField, TextAreaField, TextField } from '../../../components/form-field.tsx';
import { ErrorMessage } from '../../../components/live-messages.tsx';
import { type ApiError, isApiError } from '../../../lib/api-client.ts';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import {
  type FieldErrors,
  fieldErrorsFromApi,
  fieldErrorsFromIssues,
  withoutFieldError,
} from '../../../lib/form-errors.ts';
import { useCreateToken } from '../api/create-token.ts';
import { tokenFileErrorCodes } from '../token-file-errors.ts';
import { TakeOverConfirmation } from './take-over-confirmation.tsx';
import { TokenFileField, useChosenTokenFile, useTokenFileProblem } from './token-file-field.tsx';

interface AddTokenDialogProps {
  onClose: () => void;
  onAdded: (token: Token) => void;
}

export function AddTokenDialog({ onClose, onAdded }: AddTokenDialogProps) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const createToken = useCreateToken();
  const chosen = useChosenTokenFile();
  const fileProblem = useTokenFileProblem();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [categories, setCategories] = useState('');
  const [appleId, setAppleId] = useState('');
  const [type, setType] = useState<TokenType>('BUSINESS');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [conflict, setConflict] = useState<ApiError>();

  const typeOptions = useMemo(
    () => tokenTypes.map((value) => ({ value, label: t(`tokens.types.${value}`) })),
    [t],
  );

  function clearError(field: string) {
    setFieldErrors((errors) => withoutFieldError(errors, field));
  }

  function send(takeOver: boolean) {
    const parsed = createTokenFieldsSchema.safeParse({
      name,
      description,
      categories,
      appleId,
      type,
      takeOver: takeOver ? 'true' : 'false',
    });
    const errors = parsed.success ? {} : fieldErrorsFromIssues(parsed.error.issues, t);
    const problem = fileProblem(chosen);
    if (problem) errors.token = problem;
    if (!parsed.success || problem || !chosen.file) {
      setFieldErrors(errors);
      setConflict(undefined);
      return;
    }
    setFieldErrors({});
    createToken.mutate(
      { fields: parsed.data, file: chosen.file },
      {
        onSuccess: onAdded,
        onError: (error) => {
          setConflict(undefined);
          if (!isApiError(error)) return;
          if (error.code === 'TOKEN_IN_USE_ELSEWHERE') setConflict(error);
          else if (tokenFileErrorCodes.has(error.code)) setFieldErrors({ token: describeError(error) });
          else setFieldErrors(fieldErrorsFromApi(error));
        },
      },
    );
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    send(false);
  }

  const error = createToken.error;
  // Errors about the file stand at the file; the take-over question has its own place.
  const failure =
    error &&
    !(isApiError(error) && (error.code === 'TOKEN_IN_USE_ELSEWHERE' || tokenFileErrorCodes.has(error.code)))
      ? describeError(error)
      : undefined;

  return (
    <Dialog title={t('tokens.addTitle')} onClose={onClose} wide>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorMessage>{failure}</ErrorMessage>
        <div className="form__row form__row--main-side">
          <TextField
            label={t('tokens.fields.name')}
            name="name"
            autoComplete="off"
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              clearError('name');
            }}
            hint={t('tokens.fields.nameHint')}
            error={fieldErrors.name}
            maxLength={100}
            required
          />
          <SelectField
            label={t('tokens.fields.type')}
            name="type"
            value={type}
            onChange={(event) => {
              const next = tokenTypeSchema.safeParse(event.target.value);
              if (next.success) setType(next.data);
              clearError('type');
            }}
            options={typeOptions}
            error={fieldErrors.type}
          />
        </div>
        <TokenFileField
          chosen={chosen}
          error={fieldErrors.token}
          onChange={() => {
            clearError('token');
            setConflict(undefined);
            createToken.reset();
          }}
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
        {conflict ? (
          <TakeOverConfirmation
            conflict={conflict}
            confirmLabel={t('tokens.takeOver.confirmAdd')}
            pending={createToken.isPending}
            onCancel={() => {
              setConflict(undefined);
              createToken.reset();
            }}
            onConfirm={() => send(true)}
          />
        ) : (
          <div className="dialog__actions">
            <button type="button" className="button button--secondary" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="button button--primary" disabled={createToken.isPending}>
              {createToken.isPending ? t('tokens.adding') : t('tokens.add')}
            </button>
          </div>
        )}
      </form>
    </Dialog>
  );
}
