/**
 * The login password: `ROUTEROS_PASSWORD`, or typed at a prompt that does not echo it.
 * Piped input is the script itself, so without a terminal the variable must be set.
 */

/** No password could be obtained (no variable, no terminal, or the prompt was abandoned). */
export class PasswordUnavailableError extends Error {
  override name = 'PasswordUnavailableError';
}

const ENTER = new Set(['\r', '\n']);
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACE = new Set(['\u007f', '\b']);

/**
 * Reads the password. On a terminal the keys are read in raw mode and nothing is echoed;
 * Ctrl-C or Ctrl-D abandons the prompt.
 */
export async function readPassword(
  input: NodeJS.ReadStream,
  prompt: NodeJS.WritableStream,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const fromEnv = env.ROUTEROS_PASSWORD;
  if (fromEnv !== undefined) return fromEnv;
  if (!input.isTTY) {
    throw new PasswordUnavailableError('ROUTEROS_PASSWORD is not set and there is no terminal to ask on; set it (empty for no password)');
  }
  // Raw mode before the prompt shows: keys typed as soon as it appears must not be echoed.
  input.setRawMode(true);
  prompt.write('Password: ');
  input.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      // Buffers, not setEncoding: readline takes the same stream over afterwards and expects bytes.
      const onData = (chunk: Buffer) => {
        for (const key of chunk.toString('utf8')) {
          if (ENTER.has(key)) return finish(() => resolve(typed));
          if (key === CTRL_C || key === CTRL_D) {
            return finish(() => reject(new PasswordUnavailableError('password prompt abandoned')));
          }
          if (BACKSPACE.has(key)) typed = typed.slice(0, -1);
          else typed += key;
        }
      };
      const finish = (settle: () => void) => {
        input.off('data', onData);
        settle();
      };
      input.on('data', onData);
    });
  } finally {
    input.setRawMode(false);
    input.pause();
    prompt.write('\n');
  }
}
