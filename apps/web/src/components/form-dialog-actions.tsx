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
    <div className="dialog__actions">
      <button type="button" className="button button--secondary" onClick={onCancel}>
        {cancelLabel ?? t('common.cancel')}
      </button>
      <button type="submit" className="button button--primary" disabled={pending}>
        {pending ? (pendingLabel ?? t('common.saving')) : submitLabel}
      </button>
    </div>
  );
}
