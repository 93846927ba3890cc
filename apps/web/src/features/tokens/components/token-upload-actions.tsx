import { FormDialogActions } from '../../../components/form-dialog-actions.tsx';
import { type ApiError, isApiError } from '../../../lib/api-client.ts';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { tokenFileErrorCodes } from '../token-file-errors.ts';
import { TakeOverConfirmation } from './take-over-confirmation.tsx';

/**
 * The message for the top of a form that uploads a token file. Errors about the file stand at the
 * file, and the take-over question has its own place, so those are left out.
 */
export function useUploadFailure(error: Error | null): string | undefined {
  const describeError = useErrorMessage();
  return error &&
    !(isApiError(error) && (error.code === 'TOKEN_IN_USE_ELSEWHERE' || tokenFileErrorCodes.has(error.code)))
    ? describeError(error)
    : undefined;
}

interface TokenUploadActionsProps {
  /** The TOKEN_IN_USE_ELSEWHERE answer, when the form asks about taking the token over. */
  conflict: ApiError | undefined;
  confirmLabel: string;
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  onCancelTakeOver: () => void;
  onTakeOver: () => void;
  onClose: () => void;
}

/** The buttons of a form that uploads a token file, or in their place the take-over question. */
export function TokenUploadActions({
  conflict,
  confirmLabel,
  submitLabel,
  pendingLabel,
  pending,
  onCancelTakeOver,
  onTakeOver,
  onClose,
}: TokenUploadActionsProps) {
  return conflict ? (
    <TakeOverConfirmation
      conflict={conflict}
      confirmLabel={confirmLabel}
      pending={pending}
      onCancel={onCancelTakeOver}
      onConfirm={onTakeOver}
    />
  ) : (
    <FormDialogActions
      submitLabel={submitLabel}
      pendingLabel={pendingLabel}
      pending={pending}
      onCancel={onClose}
    />
  );
}
