import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../lib/api-client.ts';

/** The other MDM's name from a TOKEN_IN_USE_ELSEWHERE problem, when the API gave one. */
function otherMdmName(error: ApiError): string | undefined {
  const name = error.extensions.mdmName;
  return typeof name === 'string' && name.trim() ? name : undefined;
}

interface TakeOverConfirmationProps {
  /** The TOKEN_IN_USE_ELSEWHERE answer. */
  conflict: ApiError;
  confirmLabel: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Says which other MDM manages the token's location and asks before taking it over, which stops
 * that MDM from managing its licenses. Shown in place of the form's buttons.
 */
export function TakeOverConfirmation({
  conflict,
  confirmLabel,
  pending,
  onConfirm,
  onCancel,
}: TakeOverConfirmationProps) {
  const { t } = useTranslation();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const mdm = otherMdmName(conflict);

  // The button that was pressed is gone: the safe choice takes the focus.
  useEffect(() => {
    cancelRef.current?.focus();
  }, []);

  return (
    <div className="take-over" role="alert" aria-labelledby={titleId}>
      <p className="take-over__title" id={titleId}>
        {t('tokens.takeOver.title')}
      </p>
      <p>{mdm ? t('tokens.takeOver.message', { mdm }) : conflict.detail}</p>
      <p>{t('tokens.takeOver.question')}</p>
      <div className="dialog__actions">
        <button ref={cancelRef} type="button" className="button button--secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className="button button--danger" onClick={onConfirm} disabled={pending}>
          {pending ? t('common.saving') : confirmLabel}
        </button>
      </div>
    </div>
  );
}
