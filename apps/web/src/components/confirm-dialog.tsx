import { useErrorMessage } from '../lib/error-messages.ts';
import { Dialog } from './dialog.tsx';
import { DialogActions } from './form-dialog-actions.tsx';
import { ErrorMessage } from './live-messages.tsx';

interface ConfirmDialogProps {
  title: string;
  message: string;
  confirmLabel: string;
  /** The request the button sends: while it is sent the button waits, and its failure is said. */
  action?: { isPending: boolean; error: unknown };
  pending?: boolean;
  error?: string | undefined;
  onConfirm: () => void;
  onClose: () => void;
}

/** Asks before a destructive step; the safe choice (Cancel) comes first, so it has focus first. */
export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  action,
  pending = action?.isPending ?? false,
  error,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const describeError = useErrorMessage();
  const failure = error ?? (action?.error ? describeError(action.error) : undefined);
  return (
    <Dialog title={title} onClose={onClose} role="alertdialog">
      <p className="dialog__message">{message}</p>
      <ErrorMessage>{failure}</ErrorMessage>
      <DialogActions onCancel={onClose}>
        <button type="button" className="button button--danger" onClick={onConfirm} disabled={pending}>
          {confirmLabel}
        </button>
      </DialogActions>
    </Dialog>
  );
}
