/**
 * Parses one API sentence from a client into a request. The mock parses words itself (it does
 * not reuse a client's parser) so that it checks what clients really put on the wire.
 * Words are decoded with the library's Latin-1 text codec (bytes to text, no parsing): every
 * byte maps to one character, so values round-trip unchanged whatever encoding the client used,
 * as on a real router, which stores bytes.
 */
import { getTextCodec } from '@hotspot/routeros';

/** One command sentence, split into its parts. */
export interface ApiRequest {
  /** The command word as sent, e.g. `/ip/hotspot/user/print`. */
  command: string;
  /** Its non-empty path segments: `['ip', 'hotspot', 'user', 'print']`. */
  segments: string[];
  /** The menu: every segment but the last, e.g. `/ip/hotspot/user`. */
  menu: string;
  /** The last segment, e.g. `print`. */
  verb: string;
  /** `=name=value` words in order (a bare `=name` has the value ''). */
  attributes: Map<string, string>;
  /** Query words without their leading `?`, in order. */
  queries: string[];
  /** `.tag=` value, if any. */
  tag: string | undefined;
  /** Other API attribute words (`.proplist=…`, `.id=…`) without the dot. */
  apiAttributes: Map<string, string>;
  /** Words that are none of the above (they name unknown parameters). */
  strayWords: string[];
}

const latin1 = getTextCodec('latin1');

/**
 * Splits a sentence into a request. The first word is the command; the caller decides what a
 * first word without a leading `/` means.
 */
export function parseRequest(words: readonly Uint8Array[]): ApiRequest {
  const [first = '', ...rest] = words.map((word) => latin1.decode(word));
  const segments = first.split('/').filter((segment) => segment !== '');
  const request: ApiRequest = {
    command: first,
    segments,
    menu: `/${segments.slice(0, -1).join('/')}`,
    verb: segments.at(-1) ?? '',
    attributes: new Map(),
    queries: [],
    tag: undefined,
    apiAttributes: new Map(),
    strayWords: [],
  };
  for (const word of rest) {
    if (word.startsWith('=')) {
      // Split on the second '=' only: values may contain '=' and may be empty.
      const separator = word.indexOf('=', 1);
      if (separator === -1) request.attributes.set(word.slice(1), '');
      else request.attributes.set(word.slice(1, separator), word.slice(separator + 1));
    } else if (word.startsWith('?')) {
      request.queries.push(word.slice(1));
    } else if (word.startsWith('.')) {
      const separator = word.indexOf('=');
      const name = separator === -1 ? word.slice(1) : word.slice(1, separator);
      const value = separator === -1 ? '' : word.slice(separator + 1);
      if (name === 'tag') request.tag = value;
      else request.apiAttributes.set(name, value);
    } else {
      request.strayWords.push(word);
    }
  }
  return request;
}

/** An attribute given either as `=.name=` or as the API word `.name=` (clients use both). */
export function apiAttribute(request: ApiRequest, name: string): string | undefined {
  return request.attributes.get(`.${name}`) ?? request.apiAttributes.get(name);
}
