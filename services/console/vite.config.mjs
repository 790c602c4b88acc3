import { defineConfig } from 'vite';

// Built to dist/ and served by the gateway at /console/ (services/gateway/src/entry-points/console-static.ts):
// hashed file names under assets/ (cached immutable), nothing inlined (the CSP allows scripts from 'self' only).
export default defineConfig({
  base: '/console/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1200,
  },
});
