import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import { CliError } from './cli-error.js';

/** Asks the user questions, one line per answer. */
export interface Prompter {
  /** Returns the answer, or `defaultAnswer` for an empty line or the end of input. */
  ask(question: string, defaultAnswer: string): Promise<string>;
  /** A yes/no question; anything but y/yes (including the end of input) is no. */
  confirm(question: string): Promise<boolean>;
  close(): void;
}

/**
 * Prompts on `output` (stderr by default, so stdout carries only results) and reads answers from
 * `input`. On a terminal, readline's `question` handles editing and Ctrl-C. When input is a pipe or
 * a file, readline reads ahead and emits many lines at once, and `question` would lose the ones
 * that arrive before it is called; so there the lines are consumed through one iterator, created
 * up front, that buffers them.
 */
export function createPrompter(
  input: Readable & { isTTY?: boolean } = process.stdin,
  output: Writable = process.stderr,
): Prompter {
  const terminal = input.isTTY === true;
  const rl = createInterface({ input, output, terminal });
  const lines = terminal ? undefined : rl[Symbol.asyncIterator]();

  const readAnswer = async (prompt: string): Promise<string | undefined> => {
    if (lines === undefined) {
      const controller = new AbortController();
      const onInterrupt = (): void => controller.abort();
      rl.once('SIGINT', onInterrupt);
      try {
        return await rl.question(prompt, { signal: controller.signal });
      } catch (error) {
        if (controller.signal.aborted) throw new CliError('cancelled', { cause: error });
        throw error;
      } finally {
        rl.off('SIGINT', onInterrupt);
      }
    }
    output.write(prompt);
    const next = await lines.next();
    // Without a terminal nothing echoes the answer, so end the prompt's line here.
    output.write('\n');
    return next.done === true ? undefined : next.value;
  };

  return {
    async ask(question, defaultAnswer) {
      const shown = defaultAnswer === '' ? '' : ` [${defaultAnswer}]`;
      const answer = (await readAnswer(`${question}${shown}: `))?.trim();
      return answer === undefined || answer === '' ? defaultAnswer : answer;
    },
    async confirm(question) {
      const answer = (await readAnswer(`${question} [y/N]: `))?.trim().toLowerCase();
      return answer === 'y' || answer === 'yes';
    },
    close() {
      rl.close();
    },
  };
}
