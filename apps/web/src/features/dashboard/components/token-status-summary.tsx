import type { Dashboard } from '@vpp/contracts/reports';
import { type Token, tokenStatusSchema } from '@vpp/contracts/tokens';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths, tokenPath } from '../../../app/paths.ts';
import type { BadgeTone } from '../../../components/badge.tsx';
import { Card } from '../../../components/card.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { TokenStatusBadge } from '../../tokens/index.ts';

/** Every status but VALID needs someone to act. */
type AttentionStatus = Exclude<Token['status'], 'VALID'>;

/** The statuses that need someone to act, in the order they are shown, with their colour when any. */
const attentionStatuses: ReadonlyArray<{ status: AttentionStatus; tone: BadgeTone }> = [
  { status: 'EXPIRING', tone: 'warning' },
  { status: 'EXPIRED', tone: 'danger' },
  { status: 'IN_USE_ELSEWHERE', tone: 'warning' },
  { status: 'SYNC_ERROR', tone: 'danger' },
  { status: 'REVOKED', tone: 'danger' },
];

/** How many tokens needing attention are listed by name; the tiles lead to the rest. */
const LISTED_TOKENS = 8;

/** The token list filtered to one status, as the tokens page reads it from its address. */
function tokensWithStatus(status: AttentionStatus): string {
  return `${paths.tokens}?${new URLSearchParams({ status }).toString()}`;
}

function StatusTile({ status, tone, count }: { status: AttentionStatus; tone: BadgeTone; count: number }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  return (
    <li>
      <Link
        to={tokensWithStatus(status)}
        className={count > 0 ? `status-tile status-tile--${tone}` : 'status-tile'}
      >
        <span className="status-tile__count">{format.number(count)}</span>
        <span className="status-tile__label">{t(`dashboard.tokens.status.${status}`)}</span>
        <span className="status-tile__hint">{t(`dashboard.tokens.statusHint.${status}`)}</span>
      </Link>
    </li>
  );
}

function AttentionBadge({ status }: { status: string }) {
  const known = tokenStatusSchema.safeParse(status);
  return known.success ? <TokenStatusBadge status={known.data} /> : <span>{status}</span>;
}

/** Tokens by status, each count a link to the token list with that status; then who needs attention. */
export function TokenStatusSummary({ tokens }: { tokens: Dashboard['tokens'] }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const listed = tokens.needingAttention.slice(0, LISTED_TOKENS);
  const more = tokens.needingAttention.length - listed.length;

  return (
    <Card
      id="dashboard-tokens"
      title={t('dashboard.tokens.title')}
      meta={
        <>
          {t('dashboard.tokens.total', { count: tokens.total })}
          {' · '}
          <Link to={paths.tokens}>{t('dashboard.tokens.allTokens')}</Link>
        </>
      }
    >
      <div className="card__section">
        <ul className="status-tiles">
          {attentionStatuses.map(({ status, tone }) => (
            <StatusTile key={status} status={status} tone={tone} count={tokens.byStatus[status] ?? 0} />
          ))}
        </ul>
      </div>
      {tokens.total === 0 ? (
        <p className="empty-state">{t('dashboard.tokens.noTokens')}</p>
      ) : listed.length === 0 ? (
        <p className="empty-state">{t('dashboard.tokens.allValid')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="dashboard-caption">{t('dashboard.tokens.attention')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.tokens.columns.name')}</th>
                <th scope="col">{t('dashboard.tokens.columns.status')}</th>
                <th scope="col" className="hide-narrow">
                  {t('dashboard.tokens.columns.expires')}
                </th>
              </tr>
            </thead>
            <tbody>
              {listed.map((token) => (
                <tr key={token.id}>
                  <th scope="row">
                    <Link to={tokenPath(token.id)}>{token.name}</Link>
                  </th>
                  <td className="stacked-cell">
                    <span>
                      <AttentionBadge status={token.status} />
                    </span>
                    <span className="stacked-cell__secondary">{token.statusReason}</span>
                  </td>
                  <td className="nowrap hide-narrow">
                    <time dateTime={token.expiresAt}>{format.date(token.expiresAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {more > 0 && <p className="card__footnote">{t('dashboard.tokens.more', { count: more })}</p>}
        </div>
      )}
    </Card>
  );
}
