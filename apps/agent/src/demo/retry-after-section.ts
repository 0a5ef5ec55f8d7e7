import { formatDuration } from '../agent/terminal-text.js';
import { startOfflineModel } from '../offline/index.js';
import { createDemoStage } from './demo-stage.js';

/**
 * A 429 with `Retry-After: 1` in front of the built-in offline model: the retry waits the second the server
 * asked for (the backoff alone would be 50 ms), then the offline model runs its turn for real (lists the
 * workspace, reads files in parallel, writes a note). The wait is measured at the server, between the first two
 * requests' arrivals.
 */
export async function retryAfterSection(workspace: string): Promise<string[]> {
  const offline = await startOfflineModel({
    prelude: [{ type: 'status', status: 429, headers: { 'retry-after': '1' } }],
  });
  const stage = await createDemoStage(
    workspace,
    { retry: { maxRetries: 2, baseDelayMs: 50, jitter: 0 } },
    (config) => offline.configFor(config),
  );
  try {
    const { events, outcome } = await stage.turn('alice', 'what is in my workspace?');
    const retry = events.flatMap((event) =>
      event.type === 'part' && event.part.type === 'retry' ? [event.part] : [],
    )[0];
    const [first, second] = offline.server.requests;
    const waitedMs =
      first !== undefined && second !== undefined ? second.receivedAt - first.receivedAt : Number.NaN;
    const tools = outcome.timings.tools
      .map((tool) => `${tool.name} ${formatDuration(tool.durationMs)}`)
      .join(', ');
    return [
      `  attempt 1: 429 (${retry?.error.kind ?? 'no retry part'}), Retry-After 1 s; retry scheduled in ${formatDuration(retry?.delayMs ?? Number.NaN)}`,
      `  measured at the server: the second request came ${formatDuration(waitedMs)} after the first (backoff alone: 50 ms)`,
      `  then the offline model's turn: ${outcome.timings.llmCalls.length} model calls, tools ${tools}`,
      `  answer (${outcome.end}, ${formatDuration(outcome.latencyMs)}): "${outcome.content.slice(0, 100)}…"`,
    ];
  } finally {
    await stage.close();
    await offline.close();
  }
}
