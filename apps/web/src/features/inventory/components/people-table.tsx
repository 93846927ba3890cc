import type { Person } from '@vpp/contracts/inventory';
import { useTranslation } from 'react-i18next';
import { ActionsHeading, DataTable } from '../../../components/data-table.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { EditDeleteActions } from './row-actions.tsx';
import { VppRegistrations } from './vpp-registrations.tsx';

export type PersonAction = 'edit' | 'delete';

interface PeopleTableProps {
  people: Person[];
  caption: string;
  /** Offered to admins. */
  onAction?: ((action: PersonAction, person: Person) => void) | undefined;
}

/** Managed users with their registration with Apple; also the member list of a user collection. */
export function PeopleTable({ people, caption, onAction }: PeopleTableProps) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  return (
    <DataTable
      className="people-table"
      caption={caption}
      headings="inventory.people.columns"
      columns={[
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
          <th scope="row" className="stacked-cell people-table__person">
            <span>{person.displayName || person.email}</span>
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
          {onAction && <EditDeleteActions item={person} context={person.email} onAction={onAction} />}
        </tr>
      ))}
    </DataTable>
  );
}
