import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Rows ticked in a table, by id, kept while the reader pages and searches. */
export interface RowSelection {
  selected: ReadonlySet<string>;
  toggle: (id: string) => void;
  setAll: (ids: readonly string[], on: boolean) => void;
  clear: () => void;
}

export function useRowSelection(): RowSelection {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  return {
    selected,
    toggle: (id) =>
      setSelected((current) => {
        const next = new Set(current);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    setAll: (ids, on) =>
      setSelected((current) => {
        const next = new Set(current);
        for (const id of ids) {
          if (on) next.add(id);
          else next.delete(id);
        }
        return next;
      }),
    clear: () => setSelected(new Set()),
  };
}

/** The heading of a selection column: one box that ticks or clears every row shown. */
export function SelectAllHeading({ ids, selection }: { ids: readonly string[]; selection: RowSelection }) {
  const { t } = useTranslation();
  const all = ids.length > 0 && ids.every((id) => selection.selected.has(id));
  return (
    <th scope="col" className="table__select">
      <input
        type="checkbox"
        aria-label={t('inventory.selection.all')}
        checked={all}
        onChange={() => selection.setAll(ids, !all)}
      />
    </th>
  );
}

/** A row's box in a selection column, named after the row. */
export function SelectCell({ id, name, selection }: { id: string; name: string; selection: RowSelection }) {
  const { t } = useTranslation();
  return (
    <td className="table__select">
      <input
        type="checkbox"
        aria-label={t('inventory.selection.one', { name })}
        checked={selection.selected.has(id)}
        onChange={() => selection.toggle(id)}
      />
    </td>
  );
}
