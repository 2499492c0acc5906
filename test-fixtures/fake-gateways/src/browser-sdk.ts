/**
 * The browser SDK stand-ins (`browser/*.js`, plain scripts that implement the JS interface of
 * Conekta.js and MercadoPago.js v2), served by the fakes so a page under test loads them the way
 * it loads the real ones. They find the fake's API from their own `src`.
 */
import { readFileSync } from 'node:fs';
import type { FakeAnswer } from './server.js';

/** The stand-in `name` (`conekta.js`, `mercadopago.js`) as an HTTP answer. Read per request: the files are small. */
export function sdkScript(name: 'conekta.js' | 'mercadopago.js'): FakeAnswer {
  // src/ and dist/ are both one level under the package, beside browser/.
  const body = readFileSync(new URL(`../browser/${name}`, import.meta.url), 'utf8');
  return { status: 200, contentType: 'application/javascript; charset=utf-8', body };
}
