import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HISTORY_SIZE, HistoryFile, historyPath, maskSecrets } from '../src/repl/history.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'routeros-repl-history-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('REPL history file', () => {
  it('masks password and response values in every typed form', () => {
    expect(maskSecrets('/ip/hotspot/user/add name=a password=s3cret profile=x')).toBe(
      '/ip/hotspot/user/add name=a password=******** profile=x',
    );
    expect(maskSecrets('/login =name=a =password="two words" =response=00ab')).toBe('/login =name=a =password=******** =response=********');
    expect(maskSecrets("/x/add comment=password=no password='a b'")).toBe('/x/add comment=password=no password=********');
  });

  it('lives in the home directory unless ROUTEROS_REPL_HISTORY moves or disables it', () => {
    expect(historyPath({})).toMatch(/\.routeros_repl_history$/);
    expect(historyPath({ ROUTEROS_REPL_HISTORY: '/tmp/h' })).toBe('/tmp/h');
    expect(historyPath({ ROUTEROS_REPL_HISTORY: '' })).toBeUndefined();
  });

  it('appends lines owner-only and loads them newest first, keeping the last HISTORY_SIZE', async () => {
    const path = join(dir, 'history');
    const history = new HistoryFile(path);
    expect(await history.load()).toEqual([]);
    await history.append('/system/identity/print ');
    await history.append('/ip/hotspot/user/add password=x');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await history.load()).toEqual(['/ip/hotspot/user/add password=********', '/system/identity/print']);

    const many = Array.from({ length: HISTORY_SIZE + 5 }, (_, index) => `/line/${index}`);
    await writeFile(path, `${many.join('\n')}\n`);
    const loaded = await history.load();
    expect(loaded).toHaveLength(HISTORY_SIZE);
    expect(loaded[0]).toBe(`/line/${HISTORY_SIZE + 4}`);
    expect((await readFile(path, 'utf8')).split('\n')[0]).toBe('/line/5');
  });
});
