import type { ButtonHTMLAttributes } from 'react';

type ButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'className'> & {
  /** The button's look: `primary` for the one main action, `danger` before a destructive step. */
  variant: 'primary' | 'secondary' | 'danger' | 'ghost-danger';
  small?: boolean;
};

/** A button that does something on the page (never submits a form). */
export function Button({ variant, small = false, ...button }: ButtonProps) {
  return (
    <button
      type="button"
      className={`button button--${variant}${small ? ' button--small' : ''}`}
      {...button}
    />
  );
}
