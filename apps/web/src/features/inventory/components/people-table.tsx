import type { Person } from '@vpp/contracts/inventory';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { personPath } from '../../../app/paths.ts';
import { ActionsHeading, DataTable } from '../../../components/data-table.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { EditDeleteActions, type InventoryAction } from './row-actions.tsx';
import { type RowSelection, SelectAllHeading, SelectCell } from './row-selection.tsx';
import { VppRegistrations } from './vpp-registrations.tsx';

export type PersonAction = InventoryAction;

interface PeopleTableProps {
  people: Person[];
  caption: string;
  /** Offered to admins. */
  onAction?: ((action: PersonAction, person: Person) => void) | undefined;
  /** Rows can be ticked (to take them out of a collection). */
  selection?: RowSelection | undefined;
}

/** Managed users with their registration with Apple; also the member list of a user collection. */
export function PeopleTable({ people, caption, onAction, selection }: PeopleTableProps) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  return (
    <DataTable
      className="people-table"
      caption={caption}
      headings="inventory.people.columns"
      columns={[
        selection && (
          <SelectAllHeading key="select" ids={people.map((person) => person.id)} selection={selection} />
        ),
        'person',
        ['clientUserId', 'hide-narrow'],
        ['managedAppleId', 'hide-narrow'],
        'vpp',
        ['collections', 'numeric hide-narrow'],
        onAction && <ActionsHeading />,
      ]}
    >
      {people.map((person) => (
        <tr key={person.id}>
          {selection && <SelectCell id={person.id} name={person.email} selection={selection} />}
          <th scope="row" className="stacked-cell people-table__person">
            <Link to={personPath(person.id)}>{person.displayName || person.email}</Link>
            {person.displayName && <span className="stacked-cell__secondary">{person.email}</span>}
          </th>
          <td className="mono hide-narrow break-anywhere people-table__client-id">{person.clientUserId}</td>
          <td className="hide-narrow break-anywhere">
            {person.managedAppleId ?? <span className="muted">{t('common.none')}</span>}
          </td>
          <td>
            <VppRegistrations person={person} />
          </td>
          <td className="numeric hide-narrow">{format.number(person.collections)}</td>
          {onAction && (
            <EditDeleteActions
              item={person}
              context={person.email}
              onAction={onAction}
              onAddToCollection={(item) => onAction('addToCollection', item)}
            />
          )}
        </tr>
      ))}
    </DataTable>
  );
}
