import { useTranslation } from 'react-i18next';
import { ActionsMenu, ActionsMenuItem } from '../../../components/actions-menu.tsx';

interface EditDeleteActionsProps<Item> {
  item: Item;
  /** What the row is about, read out with the menu button. */
  context: string;
  onAction: (action: 'edit' | 'delete', item: Item) => void;
}

/** An inventory row's actions cell: a menu to edit or delete the row's item. */
export function EditDeleteActions<Item>({ item, context, onAction }: EditDeleteActionsProps<Item>) {
  const { t } = useTranslation();
  return (
    <td className="table__actions">
      <ActionsMenu label={t('common.actions')} context={context}>
        <ActionsMenuItem onSelect={() => onAction('edit', item)}>{t('inventory.edit')}</ActionsMenuItem>
        <ActionsMenuItem danger onSelect={() => onAction('delete', item)}>
          {t('inventory.delete')}
        </ActionsMenuItem>
      </ActionsMenu>
    </td>
  );
}
