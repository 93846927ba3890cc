import { useQueryClient } from '@tanstack/react-query';
import type { Collection } from '@vpp/contracts/inventory';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { collectionPath } from '../../../app/paths.ts';
import { Badge } from '../../../components/badge.tsx';
import { ActionsHeading, DataTable } from '../../../components/data-table.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { collectionQueryOptions } from '../api/get-collection.ts';
import { EditDeleteActions } from './row-actions.tsx';

export type CollectionAction = 'edit' | 'delete';

interface CollectionsTableProps {
  collections: Collection[];
  onAction?: ((action: CollectionAction, collection: Collection) => void) | undefined;
}

export function CollectionsTable({ collections, onAction }: CollectionsTableProps) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const queryClient = useQueryClient();
  return (
    <DataTable
      caption={t('inventory.collections.caption')}
      headings="inventory.collections.columns"
      columns={[
        'name',
        'type',
        ['members', 'numeric'],
        ['updated', 'hide-narrow'],
        onAction && <ActionsHeading />,
      ]}
    >
      {collections.map((collection) => {
        const prefetch = () => queryClient.prefetchQuery(collectionQueryOptions(collection.id));
        return (
          <tr key={collection.id}>
            <th scope="row" className="stacked-cell">
              <Link to={collectionPath(collection.id)} onPointerEnter={prefetch} onFocus={prefetch}>
                {collection.name}
              </Link>
              {collection.description && (
                <span className="stacked-cell__secondary collection-description">
                  {collection.description}
                </span>
              )}
            </th>
            <td>
              <Badge tone={collection.type === 'DEVICE' ? 'info' : 'neutral'}>
                {t(`inventory.collectionTypes.${collection.type}`)}
              </Badge>
            </td>
            <td className="numeric">{format.number(collection.memberCount)}</td>
            <td className="nowrap hide-narrow">
              <time dateTime={collection.updatedAt}>{format.dateTime(collection.updatedAt)}</time>
            </td>
            {onAction && (
              <EditDeleteActions item={collection} context={collection.name} onAction={onAction} />
            )}
          </tr>
        );
      })}
    </DataTable>
  );
}
