import { type ReactNode, type ToggleEvent, useEffect, useId, useRef, useState } from 'react';

interface ActionsMenuProps {
  /** The button's visible text, e.g. "Actions". */
  label: string;
  /** Read after the label by screen readers, e.g. which row the actions are for. */
  context: string;
  children: ReactNode;
}

/**
 * A row's actions behind one button, on the native popover: it opens in the top layer (never cut
 * off by a scrolling table), closes on Escape or a click elsewhere, and its buttons follow the
 * opener in the Tab order.
 */
export function ActionsMenu({ label, context, children }: ActionsMenuProps) {
  const id = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);

  // A menu placed for one scroll position would drift away from its row; close it instead.
  useEffect(() => {
    if (!open) return;
    const close = () => menuRef.current?.hidePopover();
    window.addEventListener('scroll', close, { capture: true, passive: true });
    window.addEventListener('resize', close);
    return () => {
      window.removeEventListener('scroll', close, { capture: true });
      window.removeEventListener('resize', close);
    };
  }, [open]);

  function place(event: ToggleEvent<HTMLDivElement>) {
    setOpen(event.newState === 'open');
    const button = buttonRef.current;
    const menu = menuRef.current;
    if (event.newState !== 'open' || !button || !menu) return;
    const anchor = button.getBoundingClientRect();
    menu.style.right = `${Math.max(8, window.innerWidth - anchor.right)}px`;
    menu.style.top = `${anchor.bottom + 4}px`;
    const height = menu.getBoundingClientRect().height;
    if (anchor.bottom + 4 + height > window.innerHeight && anchor.top - 4 - height > 0) {
      menu.style.top = `${anchor.top - 4 - height}px`;
    }
  }

  return (
    <div className="actions-menu">
      <button
        ref={buttonRef}
        type="button"
        className="button button--secondary button--small actions-menu__button"
        popoverTarget={id}
        aria-expanded={open}
      >
        {label}
        <span className="visually-hidden"> {context}</span>
        <span className="actions-menu__caret" aria-hidden="true" />
      </button>
      <div ref={menuRef} id={id} popover="auto" className="actions-menu__list" onToggle={place}>
        {children}
      </div>
    </div>
  );
}

interface ActionsMenuItemProps {
  onSelect: () => void;
  danger?: boolean;
  children: ReactNode;
}

/** One action of an ActionsMenu; choosing it closes the menu first, so focus can move on. */
export function ActionsMenuItem({ onSelect, danger = false, children }: ActionsMenuItemProps) {
  return (
    <button
      type="button"
      className={danger ? 'menu-item menu-item--danger' : 'menu-item'}
      onClick={(event) => {
        event.currentTarget.closest<HTMLElement>('[popover]')?.hidePopover();
        onSelect();
      }}
    >
      {children}
    </button>
  );
}
