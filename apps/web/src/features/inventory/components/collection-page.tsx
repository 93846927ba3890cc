import type { CollectionDetail } from '@vpp/contracts/inventory';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { paths } from '../../../app/paths.ts';
import { AddButton } from '../../../components/add-button.tsx';
import { Button } from '../../../components/button.tsx';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
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
import { useChangeCollectionMembers } from '../api/inventory-api.ts';
import { CollectionDialog } from './collection-dialog.tsx';
import { DeleteCollectionDialog } from './delete-collection-dialog.tsx';
import { DevicesTable } from './devices-table.tsx';
import { ImportMembersDialog } from './import-dialogs.tsx';
import { MemberPickerDialog } from './member-picker-dialog.tsx';
import { PeopleTable } from './people-table.tsx';
import { type RowSelection, useRowSelection } from './row-selection.tsx';
import { SearchFilter } from './search-filter.tsx';

type OpenDialog = 'add' | 'import' | 'edit' | 'delete' | null;

function BackToCollections() {
  const { t } = useTranslation();
  return (
    <Link className="back-link" to={paths.collections}>
      <span aria-hidden="true">← </span>
      {t('inventory.collections.backToList')}
    </Link>
  );
}

/** Asks before taking the ticked members out of the collection, then does it. */
function RemoveMembersDialog({
  collection,
  selection,
  onClose,
  onRemoved,
}: {
  collection: CollectionDetail;
  selection: RowSelection;
  onClose: () => void;
  onRemoved: (removed: number) => void;
}) {
  const { t } = useTranslation();
  const change = useChangeCollectionMembers();
  const count = selection.selected.size;
  return (
    <ConfirmDialog
      title={t('inventory.collections.removeTitle')}
      message={t('inventory.collections.removeConfirm', { count, name: collection.name })}
      confirmLabel={t('inventory.collections.removeMembers', { count })}
      action={change}
      onClose={onClose}
      onConfirm={() =>
        change.mutate(
          { collectionId: collection.id, change: 'remove', memberIds: [...selection.selected] },
          {
            onSuccess: (result) => {
              selection.clear();
              onRemoved(result.removed);
            },
          },
        )
      }
    />
  );
}

/** A page of the collection's members, searched by the API: collections hold up to 50,000. */
function CollectionMembers({
  collection,
  selection,
  onRemove,
}: {
  collection: CollectionDetail;
  /** Admins tick members to take them out. */
  selection: RowSelection | undefined;
  onRemove: () => void;
}) {
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
        <>
          {selection && selection.selected.size > 0 && (
            <button type="button" className="button button--ghost-danger" onClick={onRemove}>
              {t('inventory.collections.removeMembers', { count: selection.selected.size })}
            </button>
          )}
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
        </>
      }
    >
      {(_items, data) =>
        data.type === 'DEVICE' ? (
          <DevicesTable devices={data.items} caption={caption} selection={selection} />
        ) : (
          <PeopleTable people={data.items} caption={caption} selection={selection} />
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
  const selection = useRowSelection();
  const [removing, setRemoving] = useState(false);

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
              <AddButton label={t('inventory.collections.addMembers')} onClick={() => setDialog('add')} />
              <button type="button" className="button button--secondary" onClick={() => setDialog('import')}>
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
      <CollectionMembers
        collection={collection}
        selection={isAdmin ? selection : undefined}
        onRemove={() => setRemoving(true)}
      />

      {dialog === 'add' && (
        <MemberPickerDialog
          collection={collection}
          onClose={() => setDialog(null)}
          onAdded={(result) => {
            setDialog(null);
            setStatus(
              t('inventory.collections.addedMembers', { count: result.added, name: collection.name }),
            );
          }}
        />
      )}
      {removing && (
        <RemoveMembersDialog
          collection={collection}
          selection={selection}
          onClose={() => setRemoving(false)}
          onRemoved={(removed) => {
            setRemoving(false);
            setStatus(t('inventory.collections.removedMembers', { count: removed, name: collection.name }));
          }}
        />
      )}

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
