import { useTranslation } from 'react-i18next';

interface FormActionsProps {
  submitLabel: string;
  /** Shown on the button while the form is sent; "Saving…" unless told. */
  pendingLabel?: string | undefined;
  pending: boolean;
}

/** A page form's one button: submit, disabled while the form is sent. */
export function FormActions({ submitLabel, pendingLabel, pending }: FormActionsProps) {
  const { t } = useTranslation();
  return (
    <div className="form__actions">
      <button type="submit" className="button button--primary" disabled={pending}>
        {pending ? (pendingLabel ?? t('common.saving')) : submitLabel}
      </button>
    </div>
  );
}
