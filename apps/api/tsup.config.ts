import { defineConfig } from 'tsup';

export default defineConfig({
  // One entry per npm script that runs dist/*.js (reconcile comes with the purchase code).
  entry: ['src/main.ts', 'src/migrate.ts', 'src/demo.ts', 'src/reconcile.ts'],
  format: ['esm'],
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  // The demo's mock router is a workspace package, used as installed (it reads its certificates from its own directory).
  external: ['@hotspot/mock-routeros'],
});
