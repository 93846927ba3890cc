import { isValidElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A column heading: its text; its text with the heading's classes ("numeric hide-narrow") and the
 * text's own (`visually-hidden` for a heading only screen readers need); or a heading cell of its own.
 */
export type Column =
  | string
  | readonly [label: string, className: string, labelClassName?: string]
  | ReactNode;

interface DataTableProps {
  /** Read by screen readers, not shown. */
  caption: string;
  /**
   * The translation key the headings' names stand under (`inventory.devices.columns`): a column's
   * text, alone or first in its tuple, is then a name looked up there (`serialNumber`).
   */
  headings?: string;
  columns: readonly Column[];
  /** Classes after `table` (`table--compact`, the table's own class). */
  className?: string | undefined;
  /** Inside a horizontally scrolling frame unless told. */
  wrap?: boolean;
  /** The rows; with `bodies`, one <tbody> each (an entry and its details stay together). */
  children: ReactNode;
  bodies?: boolean;
}

function Heading({ column, headings }: { column: Column; headings: string | undefined }) {
  const { t } = useTranslation();
  // The prefix is the table's own, so its names are not known to the typed keys.
  const text = (label: string) => (headings ? t(`${headings}.${label}` as never) : label);
  if (column === false || column === null || column === undefined) return null;
  if (isValidElement(column)) return column;
  if (Array.isArray(column)) {
    const [label, className, labelClassName] = column;
    return (
      <th scope="col" className={className}>
        {labelClassName ? <span className={labelClassName}>{text(label)}</span> : text(label)}
      </th>
    );
  }
  return <th scope="col">{typeof column === 'string' ? text(column) : (column as ReactNode)}</th>;
}

/** The heading of a table's actions column, named for screen readers only. */
export function ActionsHeading() {
  const { t } = useTranslation();
  return (
    <th scope="col" className="table__actions">
      <span className="visually-hidden">{t('common.actions')}</span>
    </th>
  );
}

/** A table of rows under one line of column headings, with a caption for screen readers. */
export function DataTable({
  caption,
  headings,
  columns,
  className,
  wrap = true,
  children,
  bodies = false,
}: DataTableProps) {
  const table = (
    <table className={className ? `table ${className}` : 'table'}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column, index) => (
            // The headings are fixed for a table: their place is their identity.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <Heading key={index} column={column} headings={headings} />
          ))}
        </tr>
      </thead>
      {bodies ? children : <tbody>{children}</tbody>}
    </table>
  );
  return wrap ? <div className="table-wrap">{table}</div> : table;
}
