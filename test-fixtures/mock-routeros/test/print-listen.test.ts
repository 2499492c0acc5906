import { describe, expect, it } from 'vitest';
import { attributes } from './helpers/raw-client.js';
import { loggedInClient, routerForTest } from './helpers/router.js';

const USERS = '/ip/hotspot/user';

async function routerWithUsers(names: string[]) {
  const router = await routerForTest({ rosVersion: '7.17' });
  for (const [index, name] of names.entries()) {
    router.state.add(USERS, { name, comment: `c${index}`, 'limit-uptime': `${(index + 1) * 10}` });
  }
  return router;
}

const names = (rows: string[][]) => rows.filter((row) => row[0] === '!re').map((row) => attributes(row).name);

describe('print', () => {
  it('returns only .proplist properties, given as =.proplist= or .proplist=', async () => {
    const router = await routerWithUsers(['a', 'b']);
    const client = await loggedInClient(router);
    expect(await client.command([`${USERS}/print`, '=.proplist=name,.id'])).toEqual([
      ['!re', '=.id=*1', '=name=a'],
      ['!re', '=.id=*2', '=name=b'],
      ['!done'],
    ]);
    expect(await client.command([`${USERS}/print`, '.proplist=comment'])).toEqual([
      ['!re', '=comment=c0'],
      ['!re', '=comment=c1'],
      ['!done'],
    ]);
  });

  it('filters with every query word kind', async () => {
    const router = await routerWithUsers(['a', 'b', 'c', 'd']);
    router.state.add(USERS, { name: 'e' });
    const client = await loggedInClient(router);
    const query = async (...words: string[]) => names(await client.command([`${USERS}/print`, ...words]));
    expect(await query('?name=b')).toEqual(['b']);
    expect(await query('?=name=c')).toEqual(['c']);
    expect(await query('?comment')).toEqual(['a', 'b', 'c', 'd']);
    expect(await query('?-comment')).toEqual(['e']);
    // Numbers compare as numbers: 20 < 30 although "100" < "30" as text.
    expect(await query('?<limit-uptime=30')).toEqual(['a', 'b']);
    expect(await query('?>limit-uptime=30')).toEqual(['d']);
    expect(await query('?name=a', '?name=d', '?#|')).toEqual(['a', 'd']);
    expect(await query('?name=a', '?name=d', '?#|!')).toEqual(['b', 'c', 'e']);
    // Two words without an operation must both hold.
    expect(await query('?comment', '?name=b')).toEqual(['b']);
    expect(await query('?name=a', '?name=b', '?name=c', '?#||')).toEqual(['a', 'b', 'c']);
    // "0" copies the top: (name=a) (name=a) & → only a.
    expect(await query('?name=a', '?#0&')).toEqual(['a']);
    expect(await query('?name=b', '?#.|')).toEqual(['b']);
  });

  it('traps a query that cannot be evaluated', async () => {
    const router = await routerWithUsers(['a']);
    const client = await loggedInClient(router);
    const [trap, done] = await client.command([`${USERS}/print`, '?name=a', '?#&']);
    expect(trap![0]).toBe('!trap');
    expect(attributes(trap!).category).toBe('1');
    expect(attributes(trap!).message).toContain('?#&');
    expect(done).toEqual(['!done']);
  });

  it('counts with =count-only=', async () => {
    const router = await routerWithUsers(['a', 'b', 'c']);
    const client = await loggedInClient(router);
    expect(await client.command([`${USERS}/print`, '=count-only=', '?comment'])).toEqual([['!done', '=ret=3']]);
  });
});

describe('listen, follow and cancel', () => {
  it('streams adds, changes and removals (.dead=yes) until /cancel, in the documented order', async () => {
    const router = await routerWithUsers([]);
    const watcher = await loggedInClient(router);
    const writer = await loggedInClient(router);
    watcher.send([`${USERS}/listen`, '=.proplist=.id,name,disabled', '.tag=L']);
    // The listen has no rows yet; make sure it is registered before changing anything.
    await expect.poll(() => router.stats.commands[`${USERS}/listen`]).toBe(1);
    await writer.command([`${USERS}/add`, '=name=x']);
    await writer.command([`${USERS}/disable`, '=numbers=x']);
    await writer.command([`${USERS}/remove`, '=numbers=x']);
    await watcher.waitFor((sentences) => sentences.length === 3);
    expect(watcher.take()).toEqual([
      ['!re', '=.id=*1', '=name=x', '=disabled=false', '.tag=L'],
      ['!re', '=.id=*1', '=name=x', '=disabled=true', '.tag=L'],
      ['!re', '=.id=*1', '=.dead=yes', '.tag=L'],
    ]);
    watcher.send(['/cancel', '=tag=L', '.tag=C']);
    await watcher.waitFor((sentences) => sentences.length === 3);
    expect(watcher.take()).toEqual([
      ['!trap', '=category=2', '=message=interrupted', '.tag=L'],
      ['!done', '.tag=C'],
      ['!done', '.tag=L'],
    ]);
    // Nothing more arrives for the cancelled listen.
    await writer.command([`${USERS}/add`, '=name=y']);
    expect(await watcher.command(['/system/identity/print', '.tag=after'])).toEqual([
      ['!re', '=name=MikroTik', '.tag=after'],
      ['!done', '.tag=after'],
    ]);
  });

  it('prints then follows with =follow=, and only follows with =follow-only=', async () => {
    const router = await routerWithUsers(['a']);
    const client = await loggedInClient(router);
    client.send([`${USERS}/print`, '=follow=', '=.proplist=name', '.tag=F']);
    client.send([`${USERS}/print`, '=follow-only=', '=.proplist=name', '?name=b', '.tag=O']);
    await client.waitFor((sentences) => sentences.length === 1);
    expect(client.take()).toEqual([['!re', '=name=a', '.tag=F']]);
    router.state.add(USERS, { name: 'b' });
    router.state.add(USERS, { name: 'c' });
    await client.waitFor((sentences) => sentences.length === 3);
    expect(client.take()).toEqual([
      ['!re', '=name=b', '.tag=F'],
      ['!re', '=name=b', '.tag=O'],
      ['!re', '=name=c', '.tag=F'],
    ]);
    // /cancel without a tag stops everything running.
    client.send(['/cancel', '.tag=all']);
    await client.waitFor((sentences) => sentences.length === 5);
    expect(client.take()).toEqual([
      ['!trap', '=category=2', '=message=interrupted', '.tag=F'],
      ['!trap', '=category=2', '=message=interrupted', '.tag=O'],
      ['!done', '.tag=all'],
      ['!done', '.tag=F'],
      ['!done', '.tag=O'],
    ]);
  });

  it('answers replies of concurrent commands interleaved, each with its tag', async () => {
    const router = await routerWithUsers(['a', 'b']);
    const client = await loggedInClient(router);
    client.send([`${USERS}/listen`, '.tag=1']);
    client.send([`${USERS}/print`, '=.proplist=name', '.tag=2']);
    client.send([`${USERS}/add`, '=name=n', '.tag=3']);
    await client.waitFor((sentences) => sentences.length === 5);
    expect(client.take()).toEqual([
      ['!re', '=name=a', '.tag=2'],
      ['!re', '=name=b', '.tag=2'],
      ['!done', '.tag=2'],
      expect.arrayContaining(['!re', '=name=n', '.tag=1']),
      ['!done', '=ret=*3', '.tag=3'],
    ]);
  });

  it('traps a /cancel of a tag that is not running', async () => {
    const router = await routerWithUsers([]);
    const client = await loggedInClient(router);
    expect(await client.command(['/cancel', '=tag=99', '.tag=c'])).toEqual([
      ['!trap', '=category=0', '=message=no such command', '.tag=c'],
      ['!done', '.tag=c'],
    ]);
  });

  it('interleaves the rows of two big concurrent prints, each row with its own tag', async () => {
    const router = await routerForTest({ seedActive: 5000 });
    const client = await loggedInClient(router);
    client.send(['/ip/hotspot/active/print', '=.proplist=user', '.tag=A']);
    client.send(['/ip/hotspot/active/print', '=.proplist=user', '.tag=B']);
    const sentences = await client.waitFor((all) => all.filter((s) => s[0] === '!done').length === 2);
    const tags = sentences.map((sentence) => sentence.at(-1));
    expect(tags.filter((tag) => tag === '.tag=A')).toHaveLength(5001);
    expect(tags.filter((tag) => tag === '.tag=B')).toHaveLength(5001);
    // B's first row comes before A's !done: the replies are interleaved.
    expect(tags.indexOf('.tag=B')).toBeLessThan(sentences.findIndex((s) => s[0] === '!done'));
    const rowsOf = (tag: string) => sentences.filter((s) => s.at(-1) === tag && s[0] === '!re').map((s) => s[1]);
    expect(rowsOf('.tag=A')).toEqual(rowsOf('.tag=B'));
  });

  it('stops a big print on /cancel with the interrupted trap', async () => {
    const router = await routerForTest({ seedActive: 50_000 });
    const client = await loggedInClient(router);
    client.send(['/ip/hotspot/active/print', '.tag=P']);
    client.send(['/cancel', '=tag=P', '.tag=C']);
    await client.waitFor((all) => all.some((s) => s[0] === '!done' && s.at(-1) === '.tag=P'));
    const sentences = client.take();
    const tail = sentences.filter((s) => s[0] !== '!re');
    expect(tail).toEqual([
      ['!trap', '=category=2', '=message=interrupted', '.tag=P'],
      ['!done', '.tag=C'],
      ['!done', '.tag=P'],
    ]);
    expect(sentences.filter((s) => s[0] === '!re').length).toBeLessThan(50_000);
    // No row of the cancelled print follows its !done.
    expect(await client.command(['/system/identity/print'])).toEqual([['!re', '=name=MikroTik'], ['!done']]);
  });
});
