import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface FormActionsProps {
  submitLabel: string;
  /** Shown on the button while the form is sent; "Saving…" unless told. */
  pendingLabel?: string | undefined;
  pending: boolean;
  /** The form's other buttons, after submit. */
  children?: ReactNode;
}

/** A page form's buttons: submit, disabled while the form is sent, then the form's own. */
export function FormActions({ submitLabel, pendingLabel, pending, children }: FormActionsProps) {
  const { t } = useTranslation();
  return (
    <div className="form__actions">
      <button type="submit" className="button button--primary" disabled={pending}>
        {pending ? (pendingLabel ?? t('common.saving')) : submitLabel}
      </button>
      {children}
    </div>
  );
}
