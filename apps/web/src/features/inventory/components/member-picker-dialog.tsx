import { useQuery } from '@tanstack/react-query';
import type { Collection, ReplaceMembersResponse } from '@vpp/contracts/inventory';
import { type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/form-dialog.tsx';
import { TextField } from '../../../components/form-field.tsx';
import { useDebouncedValue } from '../../../lib/debounced-value.ts';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import {
  devices as deviceList,
  people as peopleList,
  useChangeCollectionMembers,
} from '../api/inventory-api.ts';

const SHOWN_CANDIDATES = 25;

interface Candidate {
  id: string;
  label: string;
  hint: string;
}

/** Devices or people matching the search, as the picker lists them. */
function useCandidates(type: Collection['type'], search: string) {
  const query = { page: 1, pageSize: SHOWN_CANDIDATES, ...(search ? { search } : {}) };
  // Both hooks are called (hooks cannot be conditional); only the collection's kind is asked for.
  const devices = useQuery({ ...deviceList.options(query), enabled: type === 'DEVICE' });
  const people = useQuery({ ...peopleList.options(query), enabled: type === 'USER' });
  const list = type === 'DEVICE' ? devices : people;
  const items: Candidate[] =
    type === 'DEVICE'
      ? (devices.data?.items ?? []).map((device) => ({
          id: device.id,
          label: device.serialNumber,
          hint: [device.name, device.model].filter(Boolean).join(' · '),
        }))
      : (people.data?.items ?? []).map((person) => ({
          id: person.id,
          label: person.displayName || person.email,
          hint: person.displayName ? person.email : '',
        }));
  return { items, total: list.data?.total ?? 0, pending: list.isPending, fetching: list.isFetching };
}

interface MemberPickerDialogProps {
  collection: Collection;
  onClose: () => void;
  onAdded: (result: ReplaceMembersResponse) => void;
}

/**
 * Adds devices (by serial number, name, model or user) or people (by name or email) to a
 * collection: search, tick as many as needed over several searches, add them at once.
 */
export function MemberPickerDialog({ collection, onClose, onAdded }: MemberPickerDialogProps) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const describeError = useErrorMessage();
  const change = useChangeCollectionMembers();
  const [search, setSearch] = useState('');
  const term = useDebouncedValue(search.trim());
  const candidates = useCandidates(collection.type, term);
  const [chosen, setChosen] = useState<ReadonlyMap<string, Candidate>>(new Map());
  const [missing, setMissing] = useState(false);
  const section = collection.type === 'DEVICE' ? 'devices' : 'people';

  function toggle(candidate: Candidate) {
    setMissing(false);
    setChosen((current) => {
      const next = new Map(current);
      if (next.has(candidate.id)) next.delete(candidate.id);
      else next.set(candidate.id, candidate);
      return next;
    });
  }

  function keepFormOpen(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') event.preventDefault();
  }

  // What was ticked stays listed while another search is shown.
  const listed = [...chosen.values(), ...candidates.items.filter((candidate) => !chosen.has(candidate.id))];

  return (
    <FormDialog
      title={t('inventory.memberPicker.title', { name: collection.name })}
      failure={change.error ? describeError(change.error) : undefined}
      submitLabel={t('inventory.memberPicker.submit', { count: chosen.size })}
      pending={change.isPending}
      onClose={onClose}
      onSubmit={(event) => {
        event.preventDefault();
        if (chosen.size === 0) {
          setMissing(true);
          return;
        }
        change.mutate(
          { collectionId: collection.id, change: 'add', memberIds: [...chosen.keys()] },
          { onSuccess: onAdded },
        );
      }}
    >
      <TextField
        label={t(`inventory.${section}.filters`)}
        type="search"
        name="memberSearch"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        onKeyDown={keepFormOpen}
        placeholder={t(`inventory.${section}.searchPlaceholder`)}
        autoComplete="off"
        maxLength={200}
      />
      <fieldset className={missing ? 'field fieldset field--invalid' : 'field fieldset'}>
        <legend className="field__label">{t('inventory.memberPicker.legend')}</legend>
        <div className="collection-picker__list radio-group" aria-busy={candidates.fetching}>
          {listed.map((candidate) => (
            <label key={candidate.id} className="radio">
              <input type="checkbox" checked={chosen.has(candidate.id)} onChange={() => toggle(candidate)} />
              <span className="radio__text">
                <span className="radio__label">{candidate.label}</span>
                {candidate.hint && <span className="radio__hint">{candidate.hint}</span>}
              </span>
            </label>
          ))}
        </div>
        {missing && <p className="field__error">{t('inventory.memberPicker.required')}</p>}
      </fieldset>
      <p className="field__hint" aria-live="polite">
        {candidates.pending
          ? t('app.loading')
          : listed.length === 0
            ? t(`inventory.${section}.${term ? 'emptyFiltered' : 'empty'}`)
            : candidates.total > candidates.items.length
              ? t('inventory.memberPicker.more', {
                  shown: format.number(candidates.items.length),
                  total: format.number(candidates.total),
                })
              : null}
      </p>
    </FormDialog>
  );
}
