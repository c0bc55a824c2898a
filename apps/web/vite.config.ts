import { sveltekit } from '@sveltejs/kit/vite';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

// Where the API lives. Empty: same origin (`/api/v1`), the embedded mode where the API serves this app.
const backendUrl = (process.env.PUBLIC_BACKEND_URL ?? '').replace(/\/+$/, '');
// `vite dev` proxies `/api` to a running server (default: the one `npm start` runs).
const devApi = process.env.MANA_API_URL ?? 'http://127.0.0.1:3002';

export default defineConfig({
  plugins: [sveltekit(), svelteTesting()],
  define: { __BACKEND_URL__: JSON.stringify(backendUrl) },
  server: { port: 5173, proxy: { '/api': { target: devApi, changeOrigin: true } } },
  build: { chunkSizeWarningLimit: 900 },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-setup.ts'],
  },
});
