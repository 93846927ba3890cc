import type { FetchQueryOptions, QueryKey, UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import type { Paged } from '@vpp/contracts/paging';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AddButton } from '../../../components/add-button.tsx';
import { Button } from '../../../components/button.tsx';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { ListCard } from '../../../components/list-card.tsx';
import { StatusMessage } from '../../../components/live-messages.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { usePrefetchNextPage } from '../../../lib/prefetch-next-page.ts';
import { useListParams } from '../../../lib/use-list-params.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import { INVENTORY_PAGE_SIZE } from '../api/inventory-api.ts';
import { AddToCollectionDialog } from './add-to-collection-dialog.tsx';
import type { InventoryAction } from './row-actions.tsx';
import { SearchFilter, searchFilterShape } from './search-filter.tsx';

/** A list found by one search text, its page and text in the address. */
export interface SearchListQuery {
  page: number;
  pageSize: number;
  search?: string;
}

/** The texts under `inventory.<section>` that name the item they are about. */
export type ItemMessage = 'addedMessage' | 'savedMessage' | 'deleteConfirm' | 'deletedMessage';

type OpenDialog<Item> = { kind: 'add' } | { kind: 'import' } | { kind: InventoryAction; item: Item } | null;

interface SearchListPageProps<Item extends { id: string }, Data, Key extends QueryKey, Deleted> {
  /** Which inventory list this is; its texts are under `inventory.<section>`. */
  section: 'devices' | 'people';
  /** The list's pages (an inventory list of `inventory-api.ts`). */
  list: {
    useList: (query: SearchListQuery) => UseQueryResult<Paged<Item>>;
    options: (query: SearchListQuery) => FetchQueryOptions<Data, Error, Data, Key>;
  };
  deletion: UseMutationResult<Deleted, Error, string>;
  /** A message of the section that names one item, e.g. by its serial number. */
  itemMessage: (message: ItemMessage, item: Item) => string;
  /** How people know the item: a serial number, an email. */
  itemName: (item: Item) => string;
  renderTable: (
    items: Item[],
    caption: string,
    onAction: ((action: InventoryAction, item: Item) => void) | undefined,
  ) => ReactNode;
  renderEditDialog: (
    item: Item | undefined,
    onClose: () => void,
    onSaved: (saved: Item) => void,
  ) => ReactNode;
  renderImportDialog: (onClose: () => void) => ReactNode;
}

/** An inventory list page: search in the address, a paged table, and (for admins) add, import, edit and delete. */
export function SearchListPage<Item extends { id: string }, Data, Key extends QueryKey, Deleted>({
  section,
  list: { useList, options: listQueryOptions },
  deletion,
  itemMessage,
  itemName,
  renderTable,
  renderEditDialog,
  renderImportDialog,
}: SearchListPageProps<Item, Data, Key, Deleted>) {
  const { t } = useTranslation();
  const user = useSignedInUser();
  const isAdmin = user.role === 'admin';
  const params = useListParams(searchFilterShape, INVENTORY_PAGE_SIZE);
  const query: SearchListQuery = params.query;
  const list = useList(query);
  const [dialog, setDialog] = useState<OpenDialog<Item>>(null);
  const [status, setStatus] = useState<string>();
  const total = list.data?.total ?? 0;

  usePrefetchNextPage(query, total, listQueryOptions);

  function closeDialog() {
    setDialog(null);
    deletion.reset();
  }

  return (
    <>
      <PageHeader
        title={t(`inventory.${section}.title`)}
        intro={t(`inventory.${section}.intro`)}
        actions={
          isAdmin && (
            <>
              <Button variant="secondary" onClick={() => setDialog({ kind: 'import' })}>
                {t(`inventory.${section}.import`)}
              </Button>
              <AddButton label={t(`inventory.${section}.add`)} onClick={() => setDialog({ kind: 'add' })} />
            </>
          )
        }
      />
      <StatusMessage>{status}</StatusMessage>
      <ListCard
        id={`${section}-results`}
        title={t(`inventory.${section}.caption`)}
        results={(count) => t(`inventory.${section}.results`, { count })}
        list={list}
        empty={query.search ? t(`inventory.${section}.emptyFiltered`) : t(`inventory.${section}.empty`)}
        paging={params}
        toolbar={
          <SearchFilter
            key={query.search ?? ''}
            label={t(`inventory.${section}.filters`)}
            placeholder={t(`inventory.${section}.searchPlaceholder`)}
            search={query.search}
            onApply={(search) => params.applyFilters(search ? { search } : {})}
          />
        }
      >
        {(items) =>
          renderTable(
            items,
            t(`inventory.${section}.caption`),
            isAdmin ? (kind, item) => setDialog({ kind, item }) : undefined,
          )
        }
      </ListCard>

      {(dialog?.kind === 'add' || dialog?.kind === 'edit') &&
        renderEditDialog(dialog.kind === 'edit' ? dialog.item : undefined, closeDialog, (saved) => {
          closeDialog();
          setStatus(
            dialog.kind === 'add' ? itemMessage('addedMessage', saved) : itemMessage('savedMessage', saved),
          );
        })}
      {dialog?.kind === 'import' && renderImportDialog(closeDialog)}
      {dialog?.kind === 'addToCollection' && (
        <AddToCollectionDialog
          type={section === 'devices' ? 'DEVICE' : 'USER'}
          memberIds={[dialog.item.id]}
          subject={itemName(dialog.item)}
          onClose={closeDialog}
          onAdded={(collection) => {
            closeDialog();
            setStatus(
              t('inventory.addToCollection.done', {
                subject: itemName(dialog.item),
                collection: collection.name,
              }),
            );
          }}
        />
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title={t(`inventory.${section}.deleteTitle`)}
          message={itemMessage('deleteConfirm', dialog.item)}
          confirmLabel={t('inventory.delete')}
          action={deletion}
          onClose={closeDialog}
          onConfirm={() => {
            const { item } = dialog;
            deletion.mutate(item.id, {
              onSuccess: () => {
                closeDialog();
                setStatus(itemMessage('deletedMessage', item));
              },
            });
          }}
        />
      )}
    </>
  );
}
