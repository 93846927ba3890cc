import { createTokenFieldsSchema, type Token, type TokenType } from '@vpp/contracts/tokens';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog, type SaveDialogProps } from '../../../components/form-dialog.tsx';
import { SelectField, TextField } from '../../../components/form-field.tsx';
import { type ApiError, isApiError } from '../../../lib/api-client.ts';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { useTokenTypeOptions } from '../../../lib/filter-options.ts';
import { useSchemaForm } from '../../../lib/use-schema-form.ts';
import { useCreateToken } from '../api/create-token.ts';
import { tokenFileErrorCodes } from '../token-file-errors.ts';
import { TokenDetailFields } from './token-detail-fields.tsx';
import { TokenFileField, useChosenTokenFile, useTokenFileProblem } from './token-file-field.tsx';
import { TokenUploadActions, useUploadFailure } from './token-upload-actions.tsx';

export function AddTokenDialog({ onClose, onSaved }: SaveDialogProps<Token>) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const createToken = useCreateToken();
  const chosen = useChosenTokenFile();
  const fileProblem = useTokenFileProblem();
  const form = useSchemaForm({
    schema: createTokenFieldsSchema,
    initial: { name: '', appleId: '', categories: '', description: '', type: 'BUSINESS' as TokenType },
  });
  const [conflict, setConflict] = useState<ApiError>();
  const typeOptions = useTokenTypeOptions();
  const reading = chosen.reading;
  const { setValue } = form;
  const nameEmpty = form.values.name.trim() === '';
  const prefilledFrom = useRef<unknown>(undefined);

  // The file names its organisation: a good first name for the token when none is typed yet (once
  // per file read, so a name the admin clears stays cleared).
  useEffect(() => {
    if (!reading?.ok || prefilledFrom.current === reading) return;
    prefilledFrom.current = reading;
    if (nameEmpty && reading.preview.orgName) setValue('name', reading.preview.orgName);
  }, [reading, nameEmpty, setValue]);

  function send(takeOver: boolean) {
    const problem = fileProblem(chosen);
    const fields = form.parse(
      (errors) => {
        if (problem) errors.token = problem;
      },
      { takeOver: takeOver ? 'true' : 'false' },
    );
    if (!fields || !chosen.file) {
      setConflict(undefined);
      return;
    }
    createToken.mutate(
      { fields, file: chosen.file },
      {
        onSuccess: onSaved,
        onError: (error) => {
          setConflict(undefined);
          if (!isApiError(error)) return;
          if (error.code === 'TOKEN_IN_USE_ELSEWHERE') setConflict(error);
          else if (tokenFileErrorCodes.has(error.code)) form.setErrors({ token: describeError(error) });
          else form.apiFailed()(error);
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
    <FormDialog
      title={t('tokens.addTitle')}
      onClose={onClose}
      onSubmit={submit}
      failure={failure}
      wide
      actions={
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
      }
    >
      <div className="form__row form__row--main-side">
        <TextField
          label={t('tokens.fields.name')}
          {...form.field('name')}
          autoComplete="off"
          hint={t('tokens.fields.nameHint')}
          maxLength={100}
          required
        />
        <SelectField label={t('tokens.fields.type')} {...form.field('type')} options={typeOptions} />
      </div>
      <TokenFileField
        chosen={chosen}
        error={form.errors.token}
        onChange={() => {
          form.clearError('token');
          setConflict(undefined);
          createToken.reset();
        }}
      />
      <TokenDetailFields field={form.field} />
    </FormDialog>
  );
}
