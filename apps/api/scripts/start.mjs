/**
 * What `npm start`, `npm run demo`, `npm run migrate` and `npm run reconcile` run: the built entry
 * point, after building when a `dist/` is older than its sources (a pull or an edit since the last
 * build), so the command always runs the code in the tree. The entry point runs in this process
 * (no extra child): signals, and the service's check on its parent, reach the service itself.
 *
 *   node apps/api/scripts/start.mjs main|demo|migrate|reconcile|import-legacy [arguments]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoDir = fileURLToPath(new URL('../../..', import.meta.url));
const ENTRIES = ['main', 'demo', 'migrate', 'reconcile', 'import-legacy'];

/** Each built workspace the service runs: its sources and the output a build rewrites. */
export const WORKSPACES = [
  { sources: ['packages/routeros/src', 'packages/routeros/package.json'], output: 'packages/routeros/dist/index.js' },
  { sources: ['test-fixtures/mock-routeros/src'], output: 'test-fixtures/mock-routeros/dist/index.js' },
  { sources: ['test-fixtures/fake-gateways/src'], output: 'test-fixtures/fake-gateways/dist/index.js' },
  { sources: ['apps/api/src', 'apps/api/package.json', 'apps/api/tsup.config.ts'], output: 'apps/api/dist/bin/main.js' },
  { sources: ['apps/console/src', 'apps/console/index.html', 'apps/console/package.json'], output: 'apps/console/dist/index.html' },
];

/** The newest modification time (ms) of `path` or of any file under it; 0 when it does not exist. */
export function newestChange(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

/** The outputs (relative to `root`) missing, or older than a source of theirs. */
export function staleOutputs(root, workspaces = WORKSPACES) {
  return workspaces
    .filter(({ sources, output }) => {
      const built = newestChange(join(root, output));
      return built === 0 || sources.some((source) => newestChange(join(root, source)) > built);
    })
    .map(({ output }) => output);
}

async function run() {
  const entry = process.argv[2];
  if (!ENTRIES.includes(entry ?? '')) {
    process.stderr.write(`usage: node apps/api/scripts/start.mjs ${ENTRIES.join('|')} [arguments]\n`);
    process.exit(2);
  }
  const stale = staleOutputs(repoDir);
  if (stale.length > 0) {
    process.stdout.write(`Building first (npm run build): ${stale.join(', ')} older than its sources or missing.\n`);
    const build = spawnSync('npm', ['run', 'build'], { cwd: repoDir, stdio: ['ignore', 'inherit', 'inherit'] });
    if (build.status !== 0) {
      process.stderr.write('npm run build failed: fix the errors above, then start again.\n');
      process.exit(1);
    }
  }
  // The entry point reads its own arguments from argv[2] on, as when node runs it directly.
  process.argv.splice(2, 1);
  await import(pathToFileURL(join(repoDir, 'apps/api/dist/bin', `${entry}.js`)).href);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
