import type { PersonDetail } from '@vpp/contracts/inventory';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { devicePath, paths } from '../../../app/paths.ts';
import { DetailsItem, DetailsList } from '../../../components/details-list.tsx';
import { StatusMessage } from '../../../components/live-messages.tsx';
import { LoadFailure } from '../../../components/load-failure.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import { usePerson, usePersonHoldings } from '../api/get-holdings.ts';
import { AddToCollectionDialog } from './add-to-collection-dialog.tsx';
import { CollectionLinks, HoldingsCards } from './holdings-cards.tsx';
import { PersonDialog } from './person-dialog.tsx';
import { VppRegistrations } from './vpp-registrations.tsx';

function BackToPeople() {
  const { t } = useTranslation();
  return (
    <Link className="back-link" to={paths.people}>
      <span aria-hidden="true">← </span>
      {t('inventory.people.backToList')}
    </Link>
  );
}

function PersonView({ person }: { person: PersonDetail }) {
  const { t } = useTranslation();
  const isAdmin = useSignedInUser().role === 'admin';
  const holdings = usePersonHoldings(person.id);
  const [dialog, setDialog] = useState<'edit' | 'addToCollection' | null>(null);
  const [status, setStatus] = useState<string>();

  return (
    <>
      <BackToPeople />
      <PageHeader
        title={person.displayName || person.email}
        intro={person.displayName ? person.email : undefined}
        actions={
          isAdmin && (
            <>
              <button
                type="button"
                className="button button--primary"
                onClick={() => setDialog('addToCollection')}
              >
                {t('inventory.addToCollection.action')}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setDialog('edit')}>
                {t('inventory.edit')}
              </button>
            </>
          )
        }
      />
      <StatusMessage>{status}</StatusMessage>
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

      {dialog === 'edit' && (
        <PersonDialog
          person={person}
          onClose={() => setDialog(null)}
          onSaved={(saved) => {
            setDialog(null);
            setStatus(t('inventory.people.savedMessage', { email: saved.email }));
          }}
        />
      )}
      {dialog === 'addToCollection' && (
        <AddToCollectionDialog
          type="USER"
          memberIds={[person.id]}
          subject={person.email}
          onClose={() => setDialog(null)}
          onAdded={(collection) => {
            setDialog(null);
            setStatus(
              t('inventory.addToCollection.done', { subject: person.email, collection: collection.name }),
            );
          }}
        />
      )}
    </>
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
