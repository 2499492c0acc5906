import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', repl: 'src/repl/main.ts' },
  format: ['esm', 'cjs'],
  // Users' compilers need not load @types/node on their own (TypeScript 7 loads no @types by default).
  dts: { banner: '/// <reference types="node" />' },
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
});
