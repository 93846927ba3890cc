import './zod-config.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { paths } from './app/paths.ts';
import { preloadPageOf } from './app/router.tsx';
import { requestDashboardEarly } from './features/dashboard/api/get-dashboard.ts';
import './styles/app.css';

// The first load's requests side by side: the session check (App), the page's chunk and, on the
// dashboard, its data.
preloadPageOf(window.location.pathname);
if (window.location.pathname === paths.home) requestDashboardEarly();

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
