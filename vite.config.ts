import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is a single-page app served by the DeskGate server from dist/console.
export default defineConfig({
  root: 'src/console',
  base: '/',
  plugins: [react()],
  build: { outDir: '../../dist/console', emptyOutDir: true, chunkSizeWarningLimit: 900 },
  server: { proxy: { '/api': 'http://localhost:21114' } },
});
