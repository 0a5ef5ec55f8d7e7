import { createFakeLlmServer } from '@clawft/llm/testing';
import { createDemoStage } from './demo-stage.js';

/**
 * A budget refusing a sender: `mallory` may spend $0.001 a day and `onExceeded` is `refuse`; the worst case of a
 * call (1000 output tokens at $15 per million = $0.015) does not fit, so the turn is refused before any request.
 * `alice`, with the default budget, is served.
 */
export async function budgetSection(workspace: string): Promise<string[]> {
  const server = await createFakeLlmServer({ script: () => ({ type: 'answer', text: 'within budget' }) });
  const stage = await createDemoStage(workspace, {
    providers: { primary: { apiBase: server.openAiBaseUrl, apiKey: 'demo', api: 'openai' } },
    routing: { costBudgets: { senders: { mallory: { dailyLimitUsd: 0.001 } }, onExceeded: 'refuse' } },
  });
  try {
    const lines: string[] = [];
    for (const senderId of ['alice', 'mallory']) {
      const before = server.requests.length;
      const { outcome } = await stage.turn(senderId, 'summarise the report');
      const requests = server.requests.length - before;
      const result = outcome.success
        ? `served ("${outcome.content}")`
        : `refused: ${outcome.error?.kind ?? outcome.end}: ${outcome.error?.message ?? ''}`;
      lines.push(
        `  ${senderId}: ${result} (${requests} request${requests === 1 ? '' : 's'} to the provider)`,
      );
    }
    return lines;
  } finally {
    await stage.close();
    await server.close();
  }
}
