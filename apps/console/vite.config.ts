import { defineConfig } from 'vite';

// Preact's JSX through esbuild's automatic runtime: no preset plugin needed for a build-only setup.
export default defineConfig({
  base: '/panel/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2020', reportCompressedSize: false },
});
