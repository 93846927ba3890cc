import type { Token } from '@vpp/contracts/tokens';
import { useTranslation } from 'react-i18next';
import { DetailsItem, DetailsList } from '../../../components/details-list.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { TokenStatusBadge } from './status-badges.tsx';

/** Everything the console knows of a token, except its secret. */
export function TokenDetails({ token }: { token: Token }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const none = <span className="muted">{t('common.none')}</span>;

  return (
    <section className="card" aria-labelledby="token-details-heading">
      <h2 className="card__title" id="token-details-heading">
        {t('tokens.details.title')}
      </h2>
      <DetailsList>
        <DetailsItem term={t('tokens.details.status')}>
          <span className="stacked-cell">
            <span>
              <TokenStatusBadge status={token.status} />
            </span>
            <span className="stacked-cell__secondary">{token.statusReason}</span>
          </span>
        </DetailsItem>
        <DetailsItem term={t('tokens.details.organisation')}>{token.orgName || none}</DetailsItem>
        <DetailsItem term={t('tokens.details.location')}>{token.locationName || none}</DetailsItem>
        <DetailsItem term={t('tokens.details.type')}>{t(`tokens.types.${token.type}`)}</DetailsItem>
        <DetailsItem term={t('tokens.details.appleId')}>
          <span className="break-anywhere">{token.appleId}</span>
        </DetailsItem>
        <DetailsItem term={t('tokens.details.categories')}>
          {token.categories.length > 0 ? (
            <ul className="chips">
              {token.categories.map((category) => (
                <li key={category} className="chip">
                  {category}
                </li>
              ))}
            </ul>
          ) : (
            none
          )}
        </DetailsItem>
        <DetailsItem term={t('tokens.details.description')}>
          {token.description ? <span className="pre-line">{token.description}</span> : none}
        </DetailsItem>
        <DetailsItem term={t('tokens.details.expires')}>
          <time dateTime={token.expiresAt}>{format.dateTime(token.expiresAt)}</time>
        </DetailsItem>
        <DetailsItem term={t('tokens.details.lastUpdated')}>
          <time dateTime={token.lastUpdatedAt}>{format.dateTime(token.lastUpdatedAt)}</time>
        </DetailsItem>
        <DetailsItem term={t('tokens.details.added')}>
          <time dateTime={token.createdAt}>{format.dateTime(token.createdAt)}</time>
        </DetailsItem>
        <DetailsItem term={t('tokens.details.foreignMdm')}>
          {token.foreignMdmName === null
            ? t('tokens.details.noForeignMdm')
            : token.foreignMdmName || t('tokens.details.unnamedMdm')}
        </DetailsItem>
      </DetailsList>
    </section>
  );
}
