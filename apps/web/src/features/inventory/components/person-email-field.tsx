import { useId } from 'react';
import { TextField } from '../../../components/form-field.tsx';
import { useDebouncedValue } from '../../../lib/debounced-value.ts';
import { people as peopleList } from '../api/inventory-api.ts';

interface PersonEmailFieldProps {
  label: string;
  hint: string;
  value: string;
  error: string | undefined;
  onChange: (email: string) => void;
}

/** An email that names a known person, with the people matching what is typed offered as suggestions. */
export function PersonEmailField({ label, hint, value, error, onChange }: PersonEmailFieldProps) {
  const listId = useId();
  const term = useDebouncedValue(value.trim());
  const people = peopleList.useList({ page: 1, pageSize: 10, ...(term ? { search: term } : {}) });
  return (
    <>
      <TextField
        label={label}
        type="email"
        name="primaryUserEmail"
        autoComplete="off"
        spellCheck={false}
        list={listId}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        hint={hint}
        error={error}
        maxLength={254}
      />
      <datalist id={listId}>
        {(people.data?.items ?? []).map((person) => (
          <option key={person.id} value={person.email}>
            {person.displayName || person.email}
          </option>
        ))}
      </datalist>
    </>
  );
}
