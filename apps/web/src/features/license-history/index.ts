// What the license-history feature offers the other features besides its api folder.
export { LicenseHistoryDialog } from './components/license-history-dialog.tsx';
