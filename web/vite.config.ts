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
    // Two pages (paths relative to this folder, Vite's root): the editor, and the preview window
    // served at `/preview?graph=NAME`.
    rolldownOptions: {
      input: {
        index: 'index.html',
        preview: 'preview.html',
      },
    },
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
    // GitHub's workflow parser imports its JSON schema without an import attribute, which
    // Node 20 refuses: let Vite transform it like our own code (src/ci/workflows.test.ts).
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
