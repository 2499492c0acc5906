/**
 * Command parameters → API words. The client adds the `.tag` itself, so callers may not.
 */

/** A parameter value: strings go as they are, numbers in decimal, booleans as `yes`/`no`, arrays comma-joined. */
export type ParamValue = string | number | boolean | readonly string[] | undefined;

/**
 * Parameters of a command: either raw words (sent as they are, after the command word) or an
 * object whose plain keys become `=key=value`, keys starting with `?` become query words
 * (`'?type': 'ether'` → `?type=ether`, `'?#': '|'` → `?#|`), and `undefined` values are left out.
 */
export type Params = readonly string[] | Readonly<Record<string, ParamValue>>;

function formatValue(key: string, value: Exclude<ParamValue, undefined>): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`parameter ${key} is ${value}; numbers must be finite`);
    return String(value);
  }
  if (Array.isArray(value)) return value.join(',');
  throw new TypeError(`parameter ${key} has an unsupported value of type ${typeof value}`);
}

function checkNotTag(word: string): void {
  if (word.startsWith('.tag=') || word === '.tag') {
    throw new TypeError('the .tag word is managed by the client; do not pass it');
  }
}

function wordOf(key: string, value: Exclude<ParamValue, undefined>): string {
  const text = formatValue(key, value);
  if (key === '?#') return `?#${text}`;
  if (key.startsWith('?')) return `${key}=${text}`;
  if (key === '' || key.includes('=')) throw new TypeError(`parameter name ${JSON.stringify(key)} is empty or contains '='`);
  checkNotTag(key);
  return `=${key}=${text}`;
}

/**
 * The words of a command: the path first, then its parameters.
 * Throws `TypeError` for a path that does not start with `/`, a name with `=`, a non-finite
 * number or a `.tag`, so a bad call fails before anything is sent.
 */
export function commandWords(path: string, params?: Params): string[] {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new TypeError(`command path must start with '/', got ${JSON.stringify(path)}`);
  }
  const words = [path];
  if (params === undefined) return words;
  if (Array.isArray(params)) {
    for (const word of params as readonly unknown[]) {
      if (typeof word !== 'string') throw new TypeError(`raw parameter words must be strings, got ${typeof word}`);
      checkNotTag(word);
      words.push(word);
    }
    return words;
  }
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) words.push(wordOf(key, value));
  }
  return words;
}
