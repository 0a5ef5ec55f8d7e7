import type { TurnEvent, TurnOutcome } from '@clawft/types';
import type { AgentRuntime } from '../runtime/create-runtime.js';
import type { TerminalSink } from './terminal-text.js';
import { CLI_SENDER, turnMessage } from './turn-message.js';
import { TurnRenderer } from './turn-renderer.js';

export interface RunCliTurnOptions {
  runtime: AgentRuntime;
  content: string;
  sessionId: string;
  /** Text rendering for people, or `json`: one `TurnEvent` per line. */
  output: { mode: 'text'; sink: TerminalSink } | { mode: 'json'; write(text: string): void };
  /** Cancels the turn (it then ends `aborted`). */
  signal?: AbortSignal;
}

/** Runs one turn in session `cli:<sessionId>`, rendering its events as they come; resolves with its outcome. */
export async function runCliTurn(options: RunCliTurnOptions): Promise<TurnOutcome> {
  const { output } = options;
  const renderer =
    output.mode === 'text' ? new TurnRenderer(output.sink, { senderId: CLI_SENDER }) : undefined;
  const onEvent = (event: TurnEvent) => {
    if (renderer !== undefined) renderer.onEvent(event);
    else if (output.mode === 'json') output.write(`${JSON.stringify(event)}\n`);
  };
  try {
    const result = await options.runtime.loop.runTurn(turnMessage(options.content, options.sessionId), {
      onEvent,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    return result.outcome;
  } finally {
    renderer?.dispose();
  }
}
