import { useTranslation } from 'react-i18next';
import { ActionsMenu, ActionsMenuItem } from '../../../components/actions-menu.tsx';

/** What an admin can do with a device or a person from a list. */
export type InventoryAction = 'edit' | 'addToCollection' | 'delete';

interface EditDeleteActionsProps<Item> {
  item: Item;
  /** What the row is about, read out with the menu button. */
  context: string;
  onAction: (action: 'edit' | 'delete', item: Item) => void;
  /** Devices and people can also be added to a collection from their row. */
  onAddToCollection?: ((item: Item) => void) | undefined;
}

/** An inventory row's actions cell: a menu to edit the row's item (add it to a collection) or delete it. */
export function EditDeleteActions<Item>({
  item,
  context,
  onAction,
  onAddToCollection,
}: EditDeleteActionsProps<Item>) {
  const { t } = useTranslation();
  return (
    <td className="table__actions">
      <ActionsMenu label={t('common.actions')} context={context}>
        <ActionsMenuItem onSelect={() => onAction('edit', item)}>{t('inventory.edit')}</ActionsMenuItem>
        {onAddToCollection && (
          <ActionsMenuItem onSelect={() => onAddToCollection(item)}>
            {t('inventory.addToCollection.action')}
          </ActionsMenuItem>
        )}
        <ActionsMenuItem danger onSelect={() => onAction('delete', item)}>
          {t('inventory.delete')}
        </ActionsMenuItem>
      </ActionsMenu>
    </td>
  );
}
