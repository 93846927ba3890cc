import type { Token } from '@vpp/contracts/tokens';
import { useTranslation } from 'react-i18next';
import { TokenStatusReason } from './status-badges.tsx';

interface TokenStatusNoticeProps {
  token: Token;
  /** Offered (to admins) when another MDM took the token's location over. */
  onTakeOver: (() => void) | undefined;
}

/** Says at the top of the token page what needs attention: nothing while the token is valid. */
export function TokenStatusNotice({ token, onTakeOver }: TokenStatusNoticeProps) {
  const { t } = useTranslation();
  if (token.status === 'VALID') return null;
  const tone = token.status === 'EXPIRING' || token.status === 'IN_USE_ELSEWHERE' ? 'warning' : 'error';
  return (
    <div className={`notice notice--${tone} status-notice`}>
      <div>
        <p className="status-notice__title">{t(`tokens.statusNotice.${token.status}`)}</p>
        <p>
          <TokenStatusReason status={token.status} params={token.statusReasonParams} />
        </p>
      </div>
      {token.status === 'IN_USE_ELSEWHERE' && onTakeOver && (
        <button type="button" className="button button--secondary" onClick={onTakeOver}>
          {t('tokens.takeOver.action')}
        </button>
      )}
    </div>
  );
}
