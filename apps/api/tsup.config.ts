import { defineConfig } from 'tsup';

export default defineConfig({
  // One entry per npm script that runs dist/*.js (reconcile comes with the purchase code).
  entry: ['src/main.ts', 'src/migrate.ts'],
  format: ['esm'],
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
});
