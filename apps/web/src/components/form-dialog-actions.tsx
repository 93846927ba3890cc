import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface FormDialogActionsProps {
  submitLabel: string;
  /** Shown on the submit button while the form is sent; "Saving…" unless told. */
  pendingLabel?: string;
  /** "Cancel" unless told. */
  cancelLabel?: string;
  pending: boolean;
  onCancel: () => void;
}

/** A dialog form's buttons: cancel first (the safe choice), then submit, disabled while sending. */
export function FormDialogActions({
  submitLabel,
  pendingLabel,
  cancelLabel,
  pending,
  onCancel,
}: FormDialogActionsProps) {
  const { t } = useTranslation();
  return (
    <DialogActions cancelLabel={cancelLabel} onCancel={onCancel}>
      <button type="submit" className="button button--primary" disabled={pending}>
        {pending ? (pendingLabel ?? t('common.saving')) : submitLabel}
      </button>
    </DialogActions>
  );
}

interface DialogActionsProps {
  /** "Cancel" unless told (a dialog that only shows something says "Close"). */
  cancelLabel?: string | undefined;
  onCancel: () => void;
  /** The dialog's own buttons, after cancel. */
  children: ReactNode;
}

/** A dialog's buttons: cancel first (the safe choice), then the dialog's own. */
export function DialogActions({ cancelLabel, onCancel, children }: DialogActionsProps) {
  const { t } = useTranslation();
  return (
    <div className="dialog__actions">
      <button type="button" className="button button--secondary" onClick={onCancel}>
        {cancelLabel ?? t('common.cancel')}
      </button>
      {children}
    </div>
  );
}
