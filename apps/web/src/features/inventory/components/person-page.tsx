import type { PersonDetail } from '@vpp/contracts/inventory';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { devicePath, paths } from '../../../app/paths.ts';
import { DetailsItem, DetailsList } from '../../../components/details-list.tsx';
import { LoadFailure } from '../../../components/load-failure.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { usePerson, usePersonHoldings } from '../api/get-holdings.ts';
import { CollectionLinks, HoldingsCards } from './holdings-cards.tsx';
import { BackLink, MemberPage } from './member-page.tsx';
import { PersonDialog } from './person-dialog.tsx';
import { VppRegistrations } from './vpp-registrations.tsx';

function BackToPeople() {
  const { t } = useTranslation();
  return <BackLink to={paths.people}>{t('inventory.people.backToList')}</BackLink>;
}

function PersonView({ person }: { person: PersonDetail }) {
  const { t } = useTranslation();
  const holdings = usePersonHoldings(person.id);

  return (
    <MemberPage
      back={<BackToPeople />}
      title={person.displayName || person.email}
      intro={person.displayName ? person.email : undefined}
      type="USER"
      memberId={person.id}
      subject={person.email}
      renderEditDialog={(onClose, onSaved) => (
        <PersonDialog
          person={person}
          onClose={onClose}
          onSaved={(saved) => onSaved(t('inventory.people.savedMessage', { email: saved.email }))}
        />
      )}
    >
      <section className="card" aria-labelledby="person-details-heading">
        <h2 className="card__title" id="person-details-heading">
          {t('inventory.people.details')}
        </h2>
        <DetailsList>
          <DetailsItem term={t('inventory.people.columns.clientUserId')}>
            <span className="mono break-anywhere">{person.clientUserId}</span>
          </DetailsItem>
          <DetailsItem term={t('inventory.people.columns.managedAppleId')}>
            {person.managedAppleId ?? <span className="muted">{t('common.none')}</span>}
          </DetailsItem>
          <DetailsItem term={t('inventory.people.columns.vpp')}>
            <VppRegistrations person={person} />
          </DetailsItem>
          <DetailsItem term={t('inventory.people.devicesTerm')}>
            {person.devices.length === 0 ? (
              <span className="muted">{t('common.none')}</span>
            ) : (
              <ul className="inline-list">
                {person.devices.map((device) => (
                  <li key={device.id}>
                    <Link className="mono" to={devicePath(device.id)}>
                      {device.serialNumber}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </DetailsItem>
          <DetailsItem term={t('inventory.people.columns.collections')}>
            <CollectionLinks collections={person.memberOf} />
          </DetailsItem>
        </DetailsList>
      </section>
      <HoldingsCards holdings={holdings} owner="person" />
    </MemberPage>
  );
}

/** One person: who they are, their devices and collections, their user licenses and deployments. */
export function PersonPage() {
  const { t } = useTranslation();
  const { personId = '' } = useParams();
  const person = usePerson(personId);
  if (person.isPending) return <LoadingState />;
  if (person.isError) {
    return (
      <LoadFailure
        error={person.error}
        back={<BackToPeople />}
        title={t('inventory.people.title')}
        notFoundTitle={t('inventory.people.notFound.title')}
        notFoundMessage={t('inventory.people.notFound.message')}
        onRetry={() => person.refetch()}
      />
    );
  }
  return <PersonView key={person.data.id} person={person.data} />;
}
