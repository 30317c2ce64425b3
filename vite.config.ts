import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is a single-page app served by the DeskGate server from dist/console.
export default defineConfig({
  root: 'src/console',
  base: '/',
  plugins: [react()],
  // The manifest tells the server which chunks a page needs, to preload them in its HTML (src/http/console-preload.ts).
  build: { outDir: '../../dist/console', emptyOutDir: true, chunkSizeWarningLimit: 900, manifest: true },
  server: { proxy: { '/api': 'http://localhost:21114' } },
});
