// What the deployments feature offers the other features besides its api folder.
export { DeploymentFormDialog } from './components/deployment-form-dialog.tsx';
export { CountsInWords, DeploymentProgressBar } from './components/deployment-progress.tsx';
