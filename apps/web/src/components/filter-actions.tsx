interface FilterActionsProps {
  applyLabel: string;
  clearLabel: string;
  /** Whether a filter is applied, so there is something to clear. */
  canClear: boolean;
  onClear: () => void;
}

/** A filter form's buttons: apply the draft, and clear what is applied. */
export function FilterActions({ applyLabel, clearLabel, canClear, onClear }: FilterActionsProps) {
  return (
    <div className="filters__actions">
      <button type="submit" className="button button--primary">
        {applyLabel}
      </button>
      {canClear && (
        <button type="button" className="button button--secondary" onClick={onClear}>
          {clearLabel}
        </button>
      )}
    </div>
  );
}
