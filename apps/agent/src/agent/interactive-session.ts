import { appendFile, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { TurnOutcome } from '@clawft/types';
import type { CliTerminal } from '../cli/cli-io.js';

/** Lines of history loaded at start. */
const HISTORY_LINES = 500;

export interface InteractiveSessionOptions {
  terminal: CliTerminal;
  /** File the history is read from and appended to (one entry per line). */
  historyFile: string;
  /** Runs one turn; `signal` aborts when the person presses Ctrl-C during it. */
  runTurn(content: string, signal: AbortSignal): Promise<TurnOutcome>;
  /** Prints a hint line (to the terminal's output). */
  say(text: string): void;
}

async function loadHistory(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-HISTORY_LINES)
    .reverse();
}

/**
 * A read-eval loop over `node:readline` (line editing, history from and to `historyFile`): each line is a turn.
 * Ctrl-C during a turn cancels it; Ctrl-C at the prompt after that (or on an empty line), Ctrl-D or `/exit` ends
 * the session. Resolves with `interrupted` when it ended by Ctrl-C.
 */
export async function runInteractiveSession(
  options: InteractiveSessionOptions,
): Promise<{ interrupted: boolean }> {
  const { terminal } = options;
  const rl = createInterface({
    input: terminal.input,
    output: terminal.output,
    terminal: terminal.inputIsTTY && terminal.outputIsTTY,
    history: await loadHistory(options.historyFile),
    historySize: HISTORY_LINES,
    prompt: 'you> ',
  });
  let turn: AbortController | undefined;
  let armed = false;
  let interrupted = false;
  const onInterrupt = () => {
    if (turn !== undefined && !turn.signal.aborted) {
      turn.abort();
      armed = true;
      return;
    }
    if (armed || rl.line === '' || turn !== undefined) {
      interrupted = true;
      rl.close();
      return;
    }
    armed = true;
    rl.write(null, { ctrl: true, name: 'u' });
    options.say('\n(Ctrl-C again quits)');
    rl.prompt();
  };
  rl.on('SIGINT', onInterrupt);
  const stopProcessInterrupts = terminal.onInterrupt(onInterrupt);
  try {
    rl.prompt();
    for await (const line of rl) {
      const content = line.trim();
      if (content === '/exit' || content === '/quit') break;
      if (content !== '') {
        armed = false;
        await appendFile(options.historyFile, `${content.replaceAll('\n', ' ')}\n`).catch(() => {});
        turn = new AbortController();
        const outcome = await options.runTurn(content, turn.signal);
        turn = undefined;
        if (outcome.end === 'aborted' && !interrupted) options.say('(turn cancelled; Ctrl-C again quits)');
        if (interrupted) break;
      }
      rl.prompt();
    }
  } finally {
    stopProcessInterrupts();
    rl.close();
  }
  return { interrupted };
}
