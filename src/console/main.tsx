import '@mantine/core/styles.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import './i18n/index.ts';
import { App } from './App.tsx';
import { preloadPage } from './preload.ts';
import { ConsoleTheme } from './theme.tsx';

const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 10_000, refetchOnWindowFocus: false } },
});
const root = document.getElementById('root');
// The first render waits for what the page needs (bounded), so a reload renders the page once.
void preloadPage(queryClient, location.pathname).then(() => {
  if (!root) return;
  createRoot(root).render(
    <StrictMode>
      <ConsoleTheme>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </QueryClientProvider>
      </ConsoleTheme>
    </StrictMode>,
  );
});
