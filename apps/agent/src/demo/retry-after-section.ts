import { createFakeLlmServer } from '@clawft/llm/testing';
import { createDemoStage, formatMs } from './demo-stage.js';

/**
 * A 429 with `Retry-After: 1`: the retry waits the second the server asked for (the backoff alone would be
 * 50 ms), then succeeds. The wait is measured at the server, between the two requests' arrivals.
 */
export async function retryAfterSection(workspace: string): Promise<string[]> {
  const server = await createFakeLlmServer({
    script: [
      { type: 'status', status: 429, headers: { 'retry-after': '1' } },
      { type: 'answer', text: 'Served after the rate limit.' },
    ],
  });
  const stage = await createDemoStage(workspace, {
    providers: { primary: { apiBase: server.openAiBaseUrl, apiKey: 'demo', api: 'openai' } },
    retry: { maxRetries: 2, baseDelayMs: 50, jitter: 0 },
  });
  try {
    const { events, outcome } = await stage.turn('alice', 'hello again');
    const retry = events.flatMap((event) =>
      event.type === 'part' && event.part.type === 'retry' ? [event.part] : [],
    )[0];
    const [first, second] = server.requests;
    const waitedMs =
      first !== undefined && second !== undefined ? second.receivedAt - first.receivedAt : Number.NaN;
    return [
      `  attempt 1: 429 (${retry?.error.kind ?? 'no retry part'}), Retry-After 1 s; retry scheduled in ${formatMs(retry?.delayMs ?? Number.NaN)}`,
      `  measured at the server: the second request came ${formatMs(waitedMs)} after the first (backoff alone: 50 ms)`,
      `  answer: "${outcome.content}" after ${outcome.attempts} attempts`,
    ];
  } finally {
    await stage.close();
    await server.close();
  }
}
