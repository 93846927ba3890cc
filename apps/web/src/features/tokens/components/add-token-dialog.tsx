import { createTokenFieldsSchema, type Token, type TokenType, tokenTypeSchema } from '@vpp/contracts/tokens';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../components/dialog.tsx';
import { SelectField, TextField } from '../../../components/form-field.tsx';
import { ErrorMessage } from '../../../components/live-messages.tsx';
import { type ApiError, isApiError } from '../../../lib/api-client.ts';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { useTokenTypeOptions } from '../../../lib/filter-options.ts';
import {
  type FieldErrors,
  fieldErrorsFromApi,
  fieldErrorsFromIssues,
  withoutFieldError,
} from '../../../lib/form-errors.ts';
import { useCreateToken } from '../api/create-token.ts';
import { tokenFileErrorCodes } from '../token-file-errors.ts';
import { TokenDetailFields, type TokenDetails } from './token-detail-fields.tsx';
import { TokenFileField, useChosenTokenFile, useTokenFileProblem } from './token-file-field.tsx';
import { TokenUploadActions, useUploadFailure } from './token-upload-actions.tsx';

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
  const [details, setDetails] = useState<TokenDetails>({ appleId: '', categories: '', description: '' });
  const [type, setType] = useState<TokenType>('BUSINESS');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [conflict, setConflict] = useState<ApiError>();

  const typeOptions = useTokenTypeOptions();

  function clearError(field: string) {
    setFieldErrors((errors) => withoutFieldError(errors, field));
  }

  function send(takeOver: boolean) {
    const parsed = createTokenFieldsSchema.safeParse({
      name,
      ...details,
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

  const failure = useUploadFailure(createToken.error);

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
        <TokenDetailFields
          values={details}
          errors={fieldErrors}
          onChange={(field, value) => {
            setDetails((current) => ({ ...current, [field]: value }));
            clearError(field);
          }}
        />
        <TokenUploadActions
          conflict={conflict}
          confirmLabel={t('tokens.takeOver.confirmAdd')}
          submitLabel={t('tokens.add')}
          pendingLabel={t('tokens.adding')}
          pending={createToken.isPending}
          onCancelTakeOver={() => {
            setConflict(undefined);
            createToken.reset();
          }}
          onTakeOver={() => send(true)}
          onClose={onClose}
        />
      </form>
    </Dialog>
  );
}
