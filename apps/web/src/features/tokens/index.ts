// What the tokens feature offers the other features besides its api folder.
export { SyncRunStatusBadge, TokenStatusBadge, TokenStatusReason } from './components/status-badges.tsx';
export { TokenSelectField } from './components/token-select-field.tsx';
