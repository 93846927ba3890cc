import type { Collection } from '@vpp/contracts/inventory';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { collectionPath } from '../../../app/paths.ts';
import { AddButton } from '../../../components/add-button.tsx';
import { ListCard } from '../../../components/list-card.tsx';
import { StatusMessage } from '../../../components/live-messages.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import type { PageNotice } from '../../../lib/page-notice.ts';
import { usePageNotice } from '../../../lib/page-notice.ts';
import { usePrefetchNextPage } from '../../../lib/prefetch-next-page.ts';
import { useListParams } from '../../../lib/use-list-params.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import { collections as collectionList, INVENTORY_PAGE_SIZE } from '../api/inventory-api.ts';
import { CollectionDialog } from './collection-dialog.tsx';
import { CollectionFilters, collectionFilterShape } from './collection-filters.tsx';
import { CollectionsTable } from './collections-table.tsx';
import { DeleteCollectionDialog } from './delete-collection-dialog.tsx';

type OpenDialog = { kind: 'add' } | { kind: 'edit' | 'delete'; collection: Collection } | null;

/** The user and device collections deployments target. */
export function CollectionsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useSignedInUser();
  const isAdmin = user.role === 'admin';
  const notice = usePageNotice();
  const list = useListParams(collectionFilterShape, INVENTORY_PAGE_SIZE);
  const query = list.query;
  const collections = collectionList.useList(query);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [status, setStatus] = useState<string>();
  const total = collections.data?.total ?? 0;

  useEffect(() => {
    if (notice?.pageNotice === 'collectionDeleted')
      setStatus(t('inventory.collections.deletedMessage', { name: notice.name }));
  }, [notice, t]);

  usePrefetchNextPage(query, total, collectionList.options);

  return (
    <>
      <PageHeader
        title={t('inventory.collections.title')}
        intro={t('inventory.collections.intro')}
        actions={
          isAdmin && (
            <AddButton label={t('inventory.collections.add')} onClick={() => setDialog({ kind: 'add' })} />
          )
        }
      />
      <StatusMessage>{status}</StatusMessage>
      <ListCard
        id="collections-results"
        title={t('inventory.collections.caption')}
        results={(count) => t('inventory.collections.results', { count })}
        list={collections}
        empty={list.filtered ? t('inventory.collections.emptyFiltered') : t('inventory.collections.empty')}
        paging={list}
        toolbar={
          <CollectionFilters key={list.filterKey} filters={list.filters} onApply={list.applyFilters} />
        }
      >
        {(items) => (
          <CollectionsTable
            collections={items}
            onAction={isAdmin ? (kind, collection) => setDialog({ kind, collection }) : undefined}
          />
        )}
      </ListCard>

      {dialog?.kind === 'add' && (
        <CollectionDialog
          onClose={() => setDialog(null)}
          onSaved={(created) => {
            const state: PageNotice = { pageNotice: 'collectionCreated', name: created.name };
            navigate(collectionPath(created.id), { state });
          }}
        />
      )}
      {dialog?.kind === 'edit' && (
        <CollectionDialog
          collection={dialog.collection}
          onClose={() => setDialog(null)}
          onSaved={(saved) => {
            setDialog(null);
            setStatus(t('inventory.collections.savedMessage', { name: saved.name }));
          }}
        />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteCollectionDialog
          collection={dialog.collection}
          onClose={() => setDialog(null)}
          onDeleted={() => {
            const { name } = dialog.collection;
            setDialog(null);
            setStatus(t('inventory.collections.deletedMessage', { name }));
          }}
        />
      )}
    </>
  );
}
