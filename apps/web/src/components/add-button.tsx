/** A page's button that adds one more of what it lists ("+ Add device"). */
export function AddButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="button button--primary" onClick={onClick}>
      <span aria-hidden="true">+ </span>
      {label}
    </button>
  );
}
