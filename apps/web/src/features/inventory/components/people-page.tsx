import { useTranslation } from 'react-i18next';
import { people, useDeletePerson } from '../api/inventory-api.ts';
import { ImportPeopleDialog } from './import-dialogs.tsx';
import { PeopleTable } from './people-table.tsx';
import { PersonDialog } from './person-dialog.tsx';
import { SearchListPage } from './search-list-page.tsx';

/** Managed users: who they are, and whether Apple knows them at each token's location. */
export function PeoplePage() {
  const { t } = useTranslation();
  const deletePerson = useDeletePerson();
  return (
    <SearchListPage
      section="people"
      list={people}
      deletion={deletePerson}
      itemMessage={(message, person) => t(`inventory.people.${message}`, { email: person.email })}
      itemName={(person) => person.email}
      renderTable={(people, caption, onAction) => (
        <PeopleTable people={people} caption={caption} onAction={onAction} />
      )}
      renderEditDialog={(person, onClose, onSaved) => (
        <PersonDialog person={person} onClose={onClose} onSaved={onSaved} />
      )}
      renderImportDialog={(onClose) => <ImportPeopleDialog onClose={onClose} />}
    />
  );
}
