import type { FormEvent, ReactNode } from 'react';
import { Dialog } from './dialog.tsx';
import { FormDialogActions } from './form-dialog-actions.tsx';
import { ErrorMessage } from './live-messages.tsx';

/** What a dialog that saves something is told: how to close, and what to do with what was saved. */
export interface SaveDialogProps<Saved> {
  onClose: () => void;
  onSaved: (saved: Saved) => void;
}

interface FormDialogProps {
  title: string;
  onClose: () => void;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  /** Said above the fields when the request failed for a reason no field holds. */
  failure: string | undefined;
  /** What the dialog is about (an account's email, a token's location), above the failure. */
  intro?: ReactNode;
  /** The buttons; cancel and submit unless told. */
  actions?: ReactNode;
  submitLabel?: string;
  pendingLabel?: string;
  pending?: boolean;
  wide?: boolean;
  children: ReactNode;
}

/** A dialog that holds one form: what it is about, the failure, the fields, and the buttons last. */
export function FormDialog({
  title,
  onClose,
  onSubmit,
  failure,
  intro,
  actions,
  submitLabel = '',
  pendingLabel,
  pending = false,
  wide,
  children,
}: FormDialogProps) {
  return (
    <Dialog title={title} onClose={onClose} wide={wide}>
      <form className="form" onSubmit={onSubmit} noValidate>
        {intro}
        <ErrorMessage>{failure}</ErrorMessage>
        {children}
        {actions ?? (
          <FormDialogActions
            submitLabel={submitLabel}
            pendingLabel={pendingLabel}
            pending={pending}
            onCancel={onClose}
          />
        )}
      </form>
    </Dialog>
  );
}
