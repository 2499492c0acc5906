/**
 * The published artefact, not the source: `npm pack` the package (built by its `prepack` when
 * the build is stale), install the tarball into an empty project (offline: the package has no
 * dependencies) and load it there with `import`, `require` and the TypeScript compiler, exactly
 * as a user would.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const tscPath = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const nodeTypesDir = join(createRequire(import.meta.url).resolve('@types/node/package.json'), '..');
const typeRoots = join(nodeTypesDir, '..');
/** Serialises build-and-pack across concurrent test runs in this work tree. */
const PACK_LOCK = '/tmp/hotspot-routeros-pack.lock';
const ENTRY_POINTS = ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts'];

/** Newest modification time of the files under `path`. */
async function newestMtime(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map((entry) => newestMtime(join(path, entry))));
  return Math.max(info.mtimeMs, ...times);
}

/** True when an entry point is missing or older than the sources it is built from. */
async function buildIsStale(): Promise<boolean> {
  try {
    const built = await Promise.all(ENTRY_POINTS.map(async (file) => (await stat(join(packageDir, file))).mtimeMs));
    const sources = Math.max(
      await newestMtime(join(packageDir, 'src')),
      await newestMtime(join(packageDir, 'tsup.config.ts')),
      await newestMtime(join(packageDir, 'package.json')),
    );
    return Math.min(...built) < sources;
  } catch {
    return true;
  }
}

/** Runs a check script with node in the installed project; returns what it printed as JSON. */
async function runInProject(cwd: string, file: string): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [file], { cwd });
  return JSON.parse(stdout) as Record<string, unknown>;
}

/**
 * Compiles `files` in `dir` with `tsc --strict` under NodeNext and the given type inclusion. A failed
 * compile rejects with tsc's diagnostics in the error's stdout.
 */
async function typecheck(dir: string, files: string[], typeInclusion: { types: string[]; typeRoots?: string[] }) {
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        strict: true,
        noEmit: true,
        // Checking all of @types/node takes ~20 s here; our declarations are checked where they are built.
        skipLibCheck: true,
        ...typeInclusion,
      },
      files,
    }),
  );
  return run(process.execPath, [tscPath, '-p', 'tsconfig.json'], { cwd: dir });
}

/** The same check in both module systems: the public surface is there and the codec works. */
const CHECK_BODY = `
const report = {
  connect: typeof routeros.connect,
  createManagedClient: typeof routeros.createManagedClient,
  encodeLength300: [...routeros.encodeLength(300)],
  trapErrorIsError: routeros.TrapError.prototype instanceof Error,
  trap: new routeros.TrapError('/ip/hotspot/user/add', [{ message: 'no such item', category: 0 }]).message,
  roundTrip: new routeros.SentenceDecoder().pushText(routeros.encodeSentence(['!done', '=ret=*1']), routeros.getTextCodec('utf8')),
};
process.stdout.write(JSON.stringify(report));
`;

const EXPECTED_REPORT = {
  connect: 'function',
  createManagedClient: 'function',
  encodeLength300: [0x81, 0x2c],
  trapErrorIsError: true,
  trap: 'no such item',
  roundTrip: [['!done', '=ret=*1']],
};

describe('npm pack of @hotspot/routeros, installed into an empty project', () => {
  let workDir: string;
  let projectDir: string;
  let packedFiles: string[];

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'routeros-pack-'));
    projectDir = join(workDir, 'project');
    await mkdir(projectDir);
    // A stale build is rebuilt by the package's own `prepack` (what `npm pack` and `npm publish` run first),
    // called apart so that its output stays out of the JSON that `npm pack` prints.
    const build = (await buildIsStale()) ? 'npm run prepack >/dev/null && ' : '';
    const { stdout } = await run(
      'flock',
      [PACK_LOCK, 'sh', '-c', `${build}npm pack --json --ignore-scripts --pack-destination "$1"`, 'pack', workDir],
      { cwd: packageDir },
    );
    const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    packedFiles = packed!.files.map((file) => file.path);
    await writeFile(join(projectDir, 'package.json'), JSON.stringify({ name: 'pack-check', private: true }));
    await run(
      'npm',
      ['install', join(workDir, packed!.filename), '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'],
      { cwd: projectDir },
    );
  }, 120_000);

  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('packs the ESM, CJS and type entry points, the README, the LICENSE and the bin, and no sources or tests', () => {
    expect(packedFiles).toEqual(expect.arrayContaining([...ENTRY_POINTS, 'README.md', 'LICENSE', 'package.json', 'bin/routeros-repl.js']));
    expect(packedFiles.filter((file) => /^(src|test|bench)\//.test(file))).toEqual([]);
  });

  it('installs with no runtime dependencies', async () => {
    const installed = createRequire(join(projectDir, 'package.json'))('@hotspot/routeros/package.json') as {
      dependencies?: object;
    };
    expect(installed.dependencies ?? {}).toEqual({});
    expect((await readdir(join(projectDir, 'node_modules'))).filter((name) => !name.startsWith('.'))).toEqual(['@hotspot']);
  });

  it('loads with import() from an ES module', async () => {
    await writeFile(join(projectDir, 'check.mjs'), `const routeros = await import('@hotspot/routeros');\n${CHECK_BODY}`);
    expect(await runInProject(projectDir, 'check.mjs')).toEqual(EXPECTED_REPORT);
  });

  it('loads with require() from a CommonJS module', async () => {
    await writeFile(join(projectDir, 'check.cjs'), `const routeros = require('@hotspot/routeros');\n${CHECK_BODY}`);
    expect(await runInProject(projectDir, 'check.cjs')).toEqual(EXPECTED_REPORT);
  });

  it('resolves its types for import (.mts) and require (.cts) under NodeNext', async () => {
    await writeFile(
      join(projectDir, 'check-esm.mts'),
      [
        "import { connect, createManagedClient, encodeLength, TrapError, type ExecResult, type RouterOSClient } from '@hotspot/routeros';",
        "export const client: Promise<RouterOSClient> = connect({ host: '127.0.0.1', username: 'admin', timeout: 1000 });",
        "export const managed = createManagedClient({ host: '127.0.0.1', username: 'admin' });",
        'export const prefix: Buffer = encodeLength(300);',
        'export const category = (error: unknown): number | undefined => (error instanceof TrapError ? error.category : undefined);',
        'export const rows = (result: ExecResult): Record<string, string>[] => result.rows;',
      ].join('\n'),
    );
    await writeFile(
      join(projectDir, 'check-cjs.cts'),
      [
        "import routeros = require('@hotspot/routeros');",
        "export const client: Promise<routeros.RouterOSClient> = routeros.connect({ host: '127.0.0.1', username: 'admin' });",
        'export const isTrap = (error: unknown): boolean => error instanceof routeros.TrapError;',
      ].join('\n'),
    );
    await expect(
      typecheck(projectDir, ['check-esm.mts', 'check-cjs.cts'], { types: ['node'], typeRoots: [typeRoots] }),
    ).resolves.toBeDefined();
  }, 60_000);

  it('compiles under --strict with types: [] (no @types loaded by default, as in TypeScript 7): its declarations reference Node', async () => {
    // A project of its own, with @types/node installed but not listed in `types`.
    const consumerDir = join(workDir, 'consumer');
    await mkdir(join(consumerDir, 'node_modules', '@types'), { recursive: true });
    await symlink(join(projectDir, 'node_modules', '@hotspot'), join(consumerDir, 'node_modules', '@hotspot'));
    await symlink(nodeTypesDir, join(consumerDir, 'node_modules', '@types', 'node'));
    await writeFile(
      join(consumerDir, 'consumer.mts'),
      [
        "import { encodeLength, type ConnectOptions, type WireEvent } from '@hotspot/routeros';",
        // Buffer is a Node global: it exists here only through the library's reference to Node's types.
        'export const prefix: Buffer = encodeLength(300);',
        'export const wordsOf = (event: WireEvent): Buffer[] => event.words;',
        "export const options: ConnectOptions = { host: '192.0.2.1', username: 'api', tls: { servername: 'router' } };",
      ].join('\n'),
    );
    await expect(typecheck(consumerDir, ['consumer.mts'], { types: [] })).resolves.toBeDefined();
  }, 60_000);
});
