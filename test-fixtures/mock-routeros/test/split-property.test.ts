/**
 * Property: however the client's bytes are split into TCP writes, the mock answers the same,
 * and any value bytes (zeros included) come back unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sentenceBytes } from './helpers/raw-client.js';
import { loggedInClient, routerForTest } from './helpers/router.js';

describe('request framing under random splits', () => {
  it('answers identically for any split of the request bytes', async () => {
    const router = await routerForTest({ rosVersion: '7.17' });
    const client = await loggedInClient(router);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 0, maxLength: 400 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 40 }),
        async (comment, pieceSizes) => {
          const name = `split-${run++}`;
          const commentWord = Buffer.concat([Buffer.from('=comment='), comment]);
          const bytes = Buffer.concat([
            sentenceBytes(['/ip/hotspot/user/add', `=name=${name}`, commentWord, '.tag=a']),
            sentenceBytes(['/ip/hotspot/user/print', `?name=${name}`, '=.proplist=comment', '.tag=p']),
            sentenceBytes(['/system/identity/print', '.tag=i']),
          ]);
          let offset = 0;
          for (let i = 0; offset < bytes.length; i++) {
            const size = pieceSizes[i % pieceSizes.length]!;
            client.write(bytes.subarray(offset, offset + size));
            offset += size;
            await new Promise((resolve) => setImmediate(resolve));
          }
          await client.waitFor((sentences) => sentences.filter((s) => s[0] === '!done').length === 3);
          const replies = client.take();
          const id = router.state.items('/ip/hotspot/user').find((user) => user.name === name)!['.id'];
          expect(replies).toEqual([
            ['!done', `=ret=${id}`, '.tag=a'],
            ['!re', `=comment=${Buffer.from(comment).toString('latin1')}`, '.tag=p'],
            ['!done', '.tag=p'],
            ['!re', '=name=MikroTik', '.tag=i'],
            ['!done', '.tag=i'],
          ]);
        },
      ),
      { numRuns: 40 },
    );
  });
});
