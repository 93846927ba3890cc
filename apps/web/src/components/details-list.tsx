import type { ReactNode } from 'react';

/** A list of facts about one thing: each term beside (or, when narrow, above) its value. */
export function DetailsList({ children }: { children: ReactNode }) {
  return <dl className="details">{children}</dl>;
}

export function DetailsItem({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="details__item">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
