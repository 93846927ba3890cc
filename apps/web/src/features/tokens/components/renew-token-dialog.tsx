import type { Token } from '@vpp/contracts/tokens';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog, type SaveDialogProps } from '../../../components/form-dialog.tsx';
import { type ApiError, isApiError } from '../../../lib/api-client.ts';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { useRenewToken } from '../api/renew-token.ts';
import { tokenFileErrorCodes } from '../token-file-errors.ts';
import { TokenFileField, useChosenTokenFile, useTokenFileProblem } from './token-file-field.tsx';
import { TokenUploadActions, useUploadFailure } from './token-upload-actions.tsx';

interface RenewTokenDialogProps extends SaveDialogProps<Token> {
  token: Token;
}

/** Replaces a token's file with a new one of the same location (a token is valid for one year). */
export function RenewTokenDialog({ token, onClose, onSaved }: RenewTokenDialogProps) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const renewToken = useRenewToken();
  const chosen = useChosenTokenFile();
  const fileProblem = useTokenFileProblem();
  const [fileError, setFileError] = useState<string>();
  const [conflict, setConflict] = useState<ApiError>();

  function send(takeOver: boolean) {
    const problem = fileProblem(chosen);
    if (problem || !chosen.file) {
      setFileError(problem);
      setConflict(undefined);
      return;
    }
    setFileError(undefined);
    renewToken.mutate(
      { id: token.id, file: chosen.file, takeOver },
      {
        onSuccess: onSaved,
        onError: (error) => {
          setConflict(undefined);
          if (!isApiError(error)) return;
          if (error.code === 'TOKEN_IN_USE_ELSEWHERE') setConflict(error);
          else if (error.code === 'TOKEN_LOCATION_MISMATCH') {
            setFileError(
              t('tokens.renew.locationMismatch', { location: token.locationName || token.orgName }),
            );
          } else if (tokenFileErrorCodes.has(error.code)) setFileError(describeError(error));
          else if (error.fieldError('body.token')) setFileError(error.fieldError('body.token'));
        },
      },
    );
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    send(false);
  }

  const failure = useUploadFailure(renewToken.error);

  return (
    <FormDialog
      title={t('tokens.renew.title')}
      onClose={onClose}
      onSubmit={submit}
      intro={
        <>
          <p className="dialog__subject">
            {token.name} · {token.orgName} · {token.locationName}
          </p>
          <p>{t('tokens.renew.intro')}</p>
        </>
      }
      failure={failure}
      actions={
        <TokenUploadActions
          conflict={conflict}
          confirmLabel={t('tokens.takeOver.confirmRenew')}
          submitLabel={t('tokens.renew.submit')}
          pendingLabel={t('tokens.renew.renewing')}
          pending={renewToken.isPending}
          onCancelTakeOver={() => {
            setConflict(undefined);
            renewToken.reset();
          }}
          onTakeOver={() => send(true)}
          onClose={onClose}
        />
      }
    >
      <TokenFileField
        chosen={chosen}
        label={t('tokens.renew.file')}
        error={fileError}
        onChange={() => {
          setFileError(undefined);
          setConflict(undefined);
          renewToken.reset();
        }}
      />
    </FormDialog>
  );
}
