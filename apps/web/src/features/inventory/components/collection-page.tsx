import type { CollectionDetail } from '@vpp/contracts/inventory';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { paths } from '../../../app/paths.ts';
import { Button } from '../../../components/button.tsx';
import { DetailsItem, DetailsList } from '../../../components/details-list.tsx';
import { ListCard } from '../../../components/list-card.tsx';
import { StatusMessage } from '../../../components/live-messages.tsx';
import { LoadFailure } from '../../../components/load-failure.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { type PageNotice, usePageNotice } from '../../../lib/page-notice.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import { useCollection } from '../api/get-collection.ts';
import { COLLECTION_MEMBERS_PAGE_SIZE, useCollectionMembers } from '../api/get-collection-members.ts';
import { CollectionDialog } from './collection-dialog.tsx';
import { DeleteCollectionDialog } from './delete-collection-dialog.tsx';
import { DevicesTable } from './devices-table.tsx';
import { ImportMembersDialog } from './import-dialogs.tsx';
import { PeopleTable } from './people-table.tsx';
import { SearchFilter } from './search-filter.tsx';

type OpenDialog = 'import' | 'edit' | 'delete' | null;

function BackToCollections() {
  const { t } = useTranslation();
  return (
    <Link className="back-link" to={paths.collections}>
      <span aria-hidden="true">← </span>
      {t('inventory.collections.backToList')}
    </Link>
  );
}

/** A page of the collection's members, searched by the API: collections hold up to 50,000. */
function CollectionMembers({ collection }: { collection: CollectionDetail }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState<string>();
  const [page, setPage] = useState(1);
  const members = useCollectionMembers(collection.id, {
    page,
    pageSize: COLLECTION_MEMBERS_PAGE_SIZE,
    ...(search ? { search } : {}),
  });
  const caption = t('inventory.collections.membersCaption', { name: collection.name });

  return (
    <ListCard
      id="collection-members-heading"
      title={t('inventory.collections.membersTitle')}
      results={(count) => t('inventory.members', { count })}
      list={members}
      empty={
        search ? t('inventory.collections.membersEmptyFiltered') : t('inventory.collections.membersEmpty')
      }
      paging={{ page, pageSize: COLLECTION_MEMBERS_PAGE_SIZE, goToPage: setPage }}
      toolbar={
        <SearchFilter
          key={search ?? ''}
          label={t('inventory.collections.membersFilters')}
          placeholder={
            collection.type === 'DEVICE'
              ? t('inventory.devices.searchPlaceholder')
              : t('inventory.people.searchPlaceholder')
          }
          search={search}
          onApply={(next) => {
            setSearch(next);
            setPage(1);
          }}
        />
      }
    >
      {(_items, data) =>
        data.type === 'DEVICE' ? (
          <DevicesTable devices={data.items} caption={caption} />
        ) : (
          <PeopleTable people={data.items} caption={caption} />
        )
      }
    </ListCard>
  );
}

function CollectionView({ collection }: { collection: CollectionDetail }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const navigate = useNavigate();
  const user = useSignedInUser();
  const isAdmin = user.role === 'admin';
  const notice = usePageNotice();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [status, setStatus] = useState<string>();

  useEffect(() => {
    if (notice?.pageNotice === 'collectionCreated')
      setStatus(t('inventory.collections.createdMessage', { name: notice.name }));
  }, [notice, t]);

  return (
    <>
      <BackToCollections />
      <PageHeader
        title={collection.name}
        intro={collection.description || t(`inventory.collectionTypes.${collection.type}`)}
        actions={
          isAdmin && (
            <>
              <button type="button" className="button button--primary" onClick={() => setDialog('import')}>
                {t('inventory.collections.importMembers')}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setDialog('edit')}>
                {t('inventory.edit')}
              </button>
              <Button variant="ghost-danger" onClick={() => setDialog('delete')}>
                {t('inventory.delete')}
              </Button>
            </>
          )
        }
      />
      <StatusMessage>{status}</StatusMessage>
      <section className="card" aria-labelledby="collection-details-heading">
        <h2 className="card__title" id="collection-details-heading">
          {t('inventory.collections.details')}
        </h2>
        <DetailsList>
          <DetailsItem term={t('inventory.collections.fields.type')}>
            {t(`inventory.collectionTypes.${collection.type}`)}
          </DetailsItem>
          <DetailsItem term={t('inventory.collections.columns.members')}>
            {format.number(collection.memberCount)}
          </DetailsItem>
          <DetailsItem term={t('inventory.collections.created')}>
            <time dateTime={collection.createdAt}>{format.dateTime(collection.createdAt)}</time>
          </DetailsItem>
          <DetailsItem term={t('inventory.collections.columns.updated')}>
            <time dateTime={collection.updatedAt}>{format.dateTime(collection.updatedAt)}</time>
          </DetailsItem>
        </DetailsList>
      </section>
      <CollectionMembers collection={collection} />

      {dialog === 'import' && <ImportMembersDialog collection={collection} onClose={() => setDialog(null)} />}
      {dialog === 'edit' && (
        <CollectionDialog
          collection={collection}
          onClose={() => setDialog(null)}
          onSaved={(saved) => {
            setDialog(null);
            setStatus(t('inventory.collections.savedMessage', { name: saved.name }));
          }}
        />
      )}
      {dialog === 'delete' && (
        <DeleteCollectionDialog
          collection={collection}
          onClose={() => setDialog(null)}
          onDeleted={() => {
            const state: PageNotice = { pageNotice: 'collectionDeleted', name: collection.name };
            navigate(paths.collections, { state });
          }}
        />
      )}
    </>
  );
}

/** One collection: what it is, its members (paged, searchable) and, for admins, member imports. */
export function CollectionPage() {
  const { t } = useTranslation();
  const { collectionId = '' } = useParams();
  const collection = useCollection(collectionId);

  if (collection.isPending) return <LoadingState />;
  if (collection.isError) {
    return (
      <LoadFailure
        error={collection.error}
        back={<BackToCollections />}
        title={t('inventory.collections.title')}
        notFoundTitle={t('inventory.collections.notFound.title')}
        notFoundMessage={t('inventory.collections.notFound.message')}
        onRetry={() => collection.refetch()}
      />
    );
  }
  return <CollectionView key={collection.data.id} collection={collection.data} />;
}
