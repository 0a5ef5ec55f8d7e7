import { createFakeLlmServer } from '@clawft/llm/testing';
import { formatDuration } from '../agent/terminal-text.js';
import { createDemoStage } from './demo-stage.js';

const COOLDOWN_MS = 1_000;

/**
 * A circuit opening and closing: the primary answers 503 until it recovers. After two failures the circuit
 * opens and turns go straight to the backup (the primary sees no request); after the cooldown one probe goes
 * to the primary, which has recovered, and the circuit closes.
 */
export async function circuitSection(workspace: string): Promise<string[]> {
  let healthy = false;
  const primary = await createFakeLlmServer({
    script: () => (healthy ? { type: 'answer', text: 'primary is back' } : { type: 'status', status: 503 }),
  });
  const backup = await createFakeLlmServer({ script: () => ({ type: 'answer', text: 'backup answering' }) });
  const stage = await createDemoStage(workspace, {
    providers: {
      primary: { apiBase: primary.openAiBaseUrl, apiKey: 'demo', api: 'openai' },
      backup: { apiBase: backup.openAiBaseUrl, apiKey: 'demo', api: 'openai' },
    },
    retry: { maxRetries: 0 },
    failover: {
      targets: ['backup/demo-small'],
      circuitBreaker: { failureThreshold: 2, cooldownMs: COOLDOWN_MS },
    },
  });
  const lines: string[] = [];
  const turn = async (label: string) => {
    const before = primary.requests.length;
    const { outcome } = await stage.turn('bob', label);
    const hits = primary.requests.length - before;
    lines.push(
      `  ${label}: primary got ${hits} request${hits === 1 ? '' : 's'}, answered by ${outcome.model ?? '?'} ("${outcome.content}")`,
    );
  };
  try {
    await turn('turn 1');
    await turn('turn 2');
    await turn('turn 3 (circuit open)');
    healthy = true;
    const waitStarted = performance.now();
    await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 100));
    lines.push(
      `  primary recovers; waited ${formatDuration(performance.now() - waitStarted)} (cooldown ${formatDuration(COOLDOWN_MS)})`,
    );
    await turn('turn 4 (probe)');
    await turn('turn 5 (circuit closed)');
    return lines;
  } finally {
    await stage.close();
    await Promise.all([primary.close(), backup.close()]);
  }
}
