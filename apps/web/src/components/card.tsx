import type { ReactNode } from 'react';

interface CardProps {
  /** The heading's id, which names the card. */
  id: string;
  title: ReactNode;
  /** Beside the heading (a count, a link); nothing when empty. */
  meta?: ReactNode;
  /** Read out when the meta changes (a list's result count). */
  liveMeta?: boolean;
  /** Classes after `card card--flush`. */
  className?: string;
  busy?: boolean;
  children: ReactNode;
}

/** A card whose content runs to its edges, under a heading and its meta. */
export function Card({ id, title, meta, liveMeta, className, busy, children }: CardProps) {
  return (
    <section
      className={className ? `card card--flush ${className}` : 'card card--flush'}
      aria-labelledby={id}
      aria-busy={busy}
    >
      <div className="card__header">
        <h2 className="card__title" id={id}>
          {title}
        </h2>
        {meta && (
          <p className="card__meta" aria-live={liveMeta ? 'polite' : undefined}>
            {meta}
          </p>
        )}
      </div>
      {children}
    </section>
  );
}
