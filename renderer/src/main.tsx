import './app/theme.css';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ErrorBoundary } from './app/ErrorBoundary';

// The editors' chunk (Monaco, about two thirds of the code) starts loading now, beside the first
// service calls, instead of after them: App shows it lazily once a checkpoint is open.
void import('./features/port/PortView');

createRoot(document.getElementById('root')!).render(
  <ErrorBoundary>
    <App />
  </ErrorBoundary>,
);
