import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In development the API runs separately; Vite forwards /api to it so the
// browser sees a single origin and the session cookies stay first-party.
const apiTarget = process.env.API_TARGET ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true },
    },
  },
});
