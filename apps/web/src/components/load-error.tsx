import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../lib/error-messages.ts';

interface LoadErrorProps {
  error: unknown;
  onRetry: () => void;
  /** The classes of the frame around the message and the button. */
  className: string;
  /** What is announced at once: the whole frame, or only the message. */
  alert?: 'frame' | 'message';
  small?: boolean;
}

/** A read that failed: what went wrong, and a button to try again. */
export function LoadError({ error, onRetry, className, alert, small = false }: LoadErrorProps) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  return (
    <div className={className} role={alert === 'frame' ? 'alert' : undefined}>
      <p className="notice notice--error" role={alert === 'message' ? 'alert' : undefined}>
        {describeError(error)}
      </p>
      <button
        type="button"
        className={small ? 'button button--secondary button--small' : 'button button--secondary'}
        onClick={onRetry}
      >
        {t('common.retry')}
      </button>
    </div>
  );
}
