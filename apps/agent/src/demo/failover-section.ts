import { createFakeLlmServer } from '@clawft/llm/testing';
import { formatDuration } from '../agent/terminal-text.js';
import { createDemoStage } from './demo-stage.js';

/**
 * A stream that dies half way: the primary sends two chunks and closes the connection; failover moves to the
 * backup, a `reset` discards the partial text (the terminal erases it), and the backup answers in full.
 */
export async function failoverSection(workspace: string): Promise<string[]> {
  const primary = await createFakeLlmServer({
    script: [
      {
        type: 'answer',
        text: 'The capital of France is Lyon, I think',
        chunks: 8,
        chunkDelayMs: 30,
        cutAfterChunks: 2,
      },
    ],
  });
  const backup = await createFakeLlmServer({
    script: [{ type: 'answer', text: 'The capital of France is Paris.', chunks: 4 }],
  });
  const stage = await createDemoStage(workspace, {
    providers: {
      primary: { apiBase: primary.openAiBaseUrl, apiKey: 'demo', api: 'openai' },
      backup: { apiBase: backup.openAiBaseUrl, apiKey: 'demo', api: 'openai' },
    },
    retry: { maxRetries: 0 },
    failover: { targets: ['backup/demo-small'], streamMode: 'restart' },
  });
  try {
    const started = performance.now();
    const { events, outcome } = await stage.turn('bob', 'what is the capital of France?');
    const lines: string[] = [];
    for (const event of events) {
      if (event.type !== 'part') continue;
      const { part } = event;
      if (part.type === 'failover') {
        lines.push(
          `  failover ${part.from.provider}/${part.from.model} → ${part.to.provider}/${part.to.model} (${part.error.kind})`,
        );
      } else if (part.type === 'reset') {
        lines.push(
          `  reset: discarded "${part.discardedText}" (${part.discardedText.length} chars shown, then erased)`,
        );
      }
    }
    lines.push(
      `  final answer from ${outcome.model ?? '?'}: "${outcome.content}" after ${outcome.attempts} attempts, ` +
        `${formatDuration(performance.now() - started)} in all`,
    );
    return lines;
  } finally {
    await stage.close();
    await Promise.all([primary.close(), backup.close()]);
  }
}
