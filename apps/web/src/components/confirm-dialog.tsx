import { Dialog } from './dialog.tsx';
import { DialogActions } from './form-dialog-actions.tsx';
import { ErrorMessage } from './live-messages.tsx';

interface ConfirmDialogProps {
  title: string;
  message: string;
  confirmLabel: string;
  pending: boolean;
  error?: string | undefined;
  onConfirm: () => void;
  onClose: () => void;
}

/** Asks before a destructive step; the safe choice (Cancel) comes first, so it has focus first. */
export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  pending,
  error,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  return (
    <Dialog title={title} onClose={onClose} role="alertdialog">
      <p className="dialog__message">{message}</p>
      <ErrorMessage>{error}</ErrorMessage>
      <DialogActions onCancel={onClose}>
        <button type="button" className="button button--danger" onClick={onConfirm} disabled={pending}>
          {confirmLabel}
        </button>
      </DialogActions>
    </Dialog>
  );
}
