/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `MANIM_NODES_BACKEND=http://127.0.0.1:8765 npm run dev` talks to another server.
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
const backend = env.MANIM_NODES_BACKEND ?? 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: '../manim_nodes/static',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
  },
  server: {
    // The server refuses mutating requests from other origins, so the proxy presents
    // each request as coming from the server's own origin.
    proxy: Object.fromEntries(
      ['/api', '/previews', '/exports'].map((path) => [
        path,
        { target: backend, changeOrigin: true, headers: { origin: backend } },
      ]),
    ),
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
