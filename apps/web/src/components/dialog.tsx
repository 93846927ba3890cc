import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Dialogs that ask to confirm something destructive are announced as alert dialogs. */
  role?: 'dialog' | 'alertdialog';
  /** Room for a form with fields side by side. */
  wide?: boolean;
}

/**
 * A modal on the native <dialog>: the browser traps focus, closes it on Escape and makes the page
 * behind it inert, and focuses the first control inside. Mount it to open it; focus goes back to
 * where it was when it unmounts.
 */
export function Dialog({ title, onClose, children, role = 'dialog', wide = false }: DialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog--wide' : 'dialog'}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 className="dialog__title" id={titleId}>
        {title}
      </h2>
      <div className="dialog__body">{children}</div>
      {/* Last in the DOM (shown top right) so that opening the dialog focuses its first field. */}
      <button
        type="button"
        className="icon-button dialog__close"
        onClick={onClose}
        aria-label={t('common.close')}
      >
        <span aria-hidden="true">×</span>
      </button>
    </dialog>
  );
}
