import type { ReactNode } from 'react';

interface CardProps {
  /** The heading's id, which names the card. */
  id: string;
  title: ReactNode;
  /** Beside the heading (a count, a link); nothing when empty. */
  meta?: ReactNode;
  /** Read out when the meta changes (a list's result count). */
  liveMeta?: boolean;
  /**
   * Content running to the card's edges under a header (a table), or padded content under its
   * heading (facts, a form). Flush unless told.
   */
  flush?: boolean;
  /** Classes after `card card--flush` (or `card`). */
  className?: string;
  busy?: boolean;
  children: ReactNode;
}

/** A card: a section named by its heading, with the heading's meta beside it. */
export function Card({ id, title, meta, liveMeta, flush = true, className, busy, children }: CardProps) {
  const frame = flush ? 'card card--flush' : 'card';
  const heading = (
    <h2 className="card__title" id={id}>
      {title}
    </h2>
  );
  return (
    <section className={className ? `${frame} ${className}` : frame} aria-labelledby={id} aria-busy={busy}>
      {flush ? (
        <div className="card__header">
          {heading}
          {meta && (
            <p className="card__meta" aria-live={liveMeta ? 'polite' : undefined}>
              {meta}
            </p>
          )}
        </div>
      ) : (
        heading
      )}
      {children}
    </section>
  );
}
