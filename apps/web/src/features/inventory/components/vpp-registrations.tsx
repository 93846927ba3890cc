import type { Person, VppRegistrationStatus, VppStatus } from '@vpp/contracts/inventory';
import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../components/badge.tsx';

const statusTones: Record<VppStatus | VppRegistrationStatus, BadgeTone> = {
  NOT_REGISTERED: 'neutral',
  REGISTERED: 'warning',
  ASSOCIATED: 'success',
  RETIRED: 'neutral',
  DELETED: 'neutral',
};

export function VppStatusBadge({ status }: { status: VppStatus | VppRegistrationStatus }) {
  const { t } = useTranslation();
  return <Badge tone={statusTones[status]}>{t(`inventory.people.vppStatus.${status}`)}</Badge>;
}

/**
 * A person's registration with Apple at each token's location. While a person is only Registered,
 * the invitation they must accept to associate an Apple Account is shown: its code and link.
 */
export function VppRegistrations({ person }: { person: Person }) {
  const { t } = useTranslation();
  if (person.vppRegistrations.length === 0) return <VppStatusBadge status={person.vppStatus} />;
  return (
    <ul className="registrations">
      {person.vppRegistrations.map((registration) => (
        <li key={registration.tokenId} className="registrations__item">
          <span className="registrations__token">{registration.tokenName}</span>
          <VppStatusBadge status={registration.status} />
          {registration.status === 'REGISTERED' && registration.inviteCode && (
            <span className="registrations__invite">
              {t('inventory.people.inviteCode')} <code className="code-chip">{registration.inviteCode}</code>
              {registration.inviteUrl && (
                <>
                  {' '}
                  <a href={registration.inviteUrl} target="_blank" rel="noopener noreferrer">
                    {t('inventory.people.inviteLink')}
                    <span className="visually-hidden"> {t('app.opensInNewTab')}</span>
                  </a>
                </>
              )}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
