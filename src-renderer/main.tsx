import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { applyTheme } from './lib/theme';
import { useAppStore } from './stores/app-store';
import { wireStores } from './stores/push-wiring';
import './styles.css';

// Entry only wires (STYLE habit 9): events first, so nothing pushed during the first load is missed.
applyTheme();
wireStores();
void useAppStore.getState().loadAccounts();

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
