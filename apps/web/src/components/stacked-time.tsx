import { useLocaleFormat } from '../lib/locale-format.ts';

/** A moment as its date with the time of day under it, for narrow table columns. */
export function StackedTime({ value }: { value: string }) {
  const format = useLocaleFormat();
  return (
    <time className="stacked-cell" dateTime={value}>
      <span>{format.date(value)}</span>
      <span className="stacked-cell__secondary">{format.time(value)}</span>
    </time>
  );
}
