/**
 * What the `onWire` debugging hook may see: words with their secrets masked.
 */

/** The value shown instead of a secret. */
export const MASK = '********';

const SECRET_PREFIXES = [Buffer.from('=password='), Buffer.from('=response=')];
const MASK_BYTES = Buffer.from(MASK);

function startsWith(word: Buffer, prefix: Buffer): boolean {
  return word.length >= prefix.length && prefix.compare(word, 0, prefix.length) === 0;
}

/** The words with the values of `=password=` and `=response=` replaced by {@link MASK}. */
export function maskSecrets(words: readonly Buffer[]): Buffer[] {
  return words.map((word) => {
    const prefix = SECRET_PREFIXES.find((candidate) => startsWith(word, candidate));
    return prefix ? Buffer.concat([prefix, MASK_BYTES]) : word;
  });
}
