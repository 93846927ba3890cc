// What the alerts feature offers the other features besides its api folder.
export { ActiveAlertsCard } from './components/active-alerts-card.tsx';
